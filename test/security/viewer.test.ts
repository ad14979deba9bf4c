import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

const q = `?la=855&date=${SEED_DATE}`;
const WORKER_NAMES = ['Morgan Manager', 'Alex Able', 'Bo Baker', 'Cam Carter', 'Dee Dawson'];

/** Fails with the identifier found, if any: a child id, a worker's name, or a link to a worker. */
function expectNoIdentifiers(where: string, text: string): void {
  expect(text.match(/\bC\d{4}\b/g), `${where}: child ids`).toBeNull();
  for (const name of WORKER_NAMES) expect(text, `${where}: ${name}`).not.toContain(name);
  expect(text, `${where}: worker links`).not.toMatch(/\/caseloads\/workers\/W/);
}

async function xlsxText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
  return cells.join('\n');
}

describe.each(testDrivers())('the viewer role on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let viewer: Client;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
    app = await webFor(handle);
    viewer = clientFor(app, await signInAs(handle, 'viewer'));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('sees no child id, worker name or worker link on any page it can open', async () => {
    const pages = ['/', `/overview${q}`, `/caseloads${q}`, `/caseloads${q}&sort=children&dir=asc`, `/caseloads${q}&service=S-CIN`, '/performance?la=855&year=2023-24', '/account', '/no-such-page'];
    for (const id of ['T-ASS1', 'T-CINN', 'L-N', 'S-CIN', 'S-ASS']) pages.push(`/caseloads/teams/${id}${q}`);
    for (const url of pages) {
      const res = await viewer.get(url);
      expect([200, 404], url).toContain(res.statusCode);
      expectNoIdentifiers(url, res.body);
    }
  });

  it('is refused worker lists, worker pages, imports and every worker-level download', async () => {
    for (const url of [`/caseloads/workers${q}`, `/caseloads/workers${q}&format=csv`, `/caseloads/workers/W1${q}`, `/caseloads/teams/T-ASS1${q}&format=csv`, `/caseloads/teams/T-ASS1${q}&format=xlsx`, '/data', '/data/imports/1', '/data/imports/1/issues.csv', '/admin/audit']) {
      const res = await viewer.get(url);
      expect(res.statusCode, url).toBe(403);
      expectNoIdentifiers(url, res.body);
    }
  });

  it('downloads aggregates with counts of 1 to 5 withheld as c, in CSV and in Excel', async () => {
    const csv = await viewer.get(`/caseloads${q}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expectNoIdentifiers('csv', csv.body);
    // Case holders withheld, and with them their FTE (FTE beside 1 to 5 workers tells how many).
    expect(csv.body).toMatch(/^T-CINN,CIN North,L-N,c,c,24,/m);
    expect(csv.body).toMatch(/^T-ASS1,Assessment 1,S-ASS,c,c,49,/m);
    expect(csv.body).not.toMatch(/^T-(CINN|ASS1),[^,]*,[^,]*,c,\d/m);
    const xlsx = await viewer.get(`/caseloads${q}&format=xlsx`);
    const text = await xlsxText(xlsx.rawPayload);
    expectNoIdentifiers('xlsx', text);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const row = (wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1, 7);
    expect(row).toEqual(['T-ASS1', 'Assessment 1', 'S-ASS', 'c', 'c', 49]);
    for (const format of ['html', 'xlsx'] as const) {
      const report = await viewer.get(`/performance/report?la=855&year=2023-24&format=${format}`);
      expect(report.statusCode).toBe(200);
      expectNoIdentifiers(`report ${format}`, format === 'html' ? report.body : await xlsxText(report.rawPayload));
    }
  });

  it('sees small counts as c on the pages too', async () => {
    const overview = await viewer.get(`/overview${q}`);
    const card = (label: string) => new RegExp(`app-card__value">([^<]*)</span>\\s*<span class="app-card__label">${label}`).exec(overview.body)?.[1];
    expect(card('Children open')).toBe('73');
    expect(card('Workers over their standard')).toBe('c');
    expect(card('Unallocated children')).toBe('c');
    expect(card('ASYEs over their protected caseload')).toBe('c');
    const team = await viewer.get(`/caseloads/teams/T-ASS1${q}`);
    expect(team.body).toContain('Your role shows figures only');
    expect(team.body).toMatch(/Unallocated children\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*c \(not in the average/);
    expect(team.body).toMatch(/Case holders\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*c \(c FTE\)\s*<\/dd>/);
    const caseloads = await viewer.get(`/caseloads${q}`);
    const assRow = /<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Assessment 1(?:(?!<\/tr>)[\s\S])*<\/tr>/.exec(caseloads.body)?.[0] ?? '';
    const cells = [...assRow.matchAll(/<td[^>]*>\s*([^<]*?)\s*<\/td>/g)].map((m) => m[1]);
    expect(cells.slice(0, 3)).toEqual(['c', 'c', '49']);
  });
});
