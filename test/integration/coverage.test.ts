import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { annexAImporter } from '../../src/services/annex-a.importer.ts';
import { runImport } from '../../src/services/import-runner.ts';
import { rosterImporter } from '../../src/services/workforce.importers.ts';
import { services } from '../../src/app.ts';
import { readFixture } from '../support/fixtures.ts';
import { kpiService } from '../../src/services/kpi.service.ts';
import { extract2023, extract2024 } from '../support/coverage-extracts.ts';
import { testDrivers } from '../support/databases.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

/**
 * "Done when" of issue 13 (coverage): an extract whose previous year is not covered is never
 * compared with it, in the indicators, each Performance page and the three report formats; a
 * second, earlier extract that covers the previous year makes the comparison appear.
 */
const COMPARISON = /↑|↓|\bUp\b|\bDown\b|rose from|fell from/;

async function docxText(bytes: Buffer): Promise<string> {
  return strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!).replace(/<[^>]+>/g, ' ');
}

async function xlsxText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => out.push(String(cell.value)))));
  return out.join('\n');
}

describe.each(testDrivers())('coverage of the figures on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let as: Client;
  const logger = createLogger({ level: 'silent' });
  const deps = () => ({ db: handle.db, clock: () => new Date('2024-05-01T10:00:00Z'), logger });
  const kpis = () => kpiService({ db: handle.db, clock: () => new Date('2024-05-01T10:00:00Z') });
  const get = async (url: string) => {
    const res = await as.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    return res;
  };

  beforeAll(async () => {
    handle = await driver.open();
    app = await webFor(handle);
    as = clientFor(app, await signInAs(handle, 'senior_manager'));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('an extract of six months covers the year in part and says so; the year before is no data', async () => {
    const result = await runImport(deps(), annexAImporter(), { laCode: '855', fileName: 'march-2024.xlsx', bytes: await extract2024(), loadedBy: 'test', extractDate: '2024-03-31' });
    expect(result.coverage).toContainEqual({ family: 'contacts', from: '2023-10-01', to: '2024-03-31' });
    const year = await kpis().kpis('855', '2023-24');
    const contacts = year.kpis.find((k) => k.id === 'contacts')!;
    expect(contacts).toMatchObject({ coverage: 'partial', covers: { from: '2023-10-01', to: '2024-03-31' }, direction: null });
    expect(contacts.numerator).toBe(120 - Math.ceil((Number(new Date('2023-10-01')) - Number(new Date('2023-04-03'))) / 86_400_000 / 3));
    expect(contacts.previous).toMatchObject({ coverage: 'none', value: null });
    const page = await get('/performance?la=855&year=2023-24');
    expect(page.body).toContain('covers 1 October 2023 to 31 March 2024 only');
  });

  it('with the whole year covered and the year before not, nothing is compared with the year before', async () => {
    await runImport(deps(), annexAImporter(), { laCode: '855', fileName: 'march-2024.xlsx', bytes: await extract2024(), loadedBy: 'test', extractDate: '2024-03-31', coversFrom: '2023-04-01' });
    const year = await kpis().kpis('855', '2023-24');
    const contacts = year.kpis.find((k) => k.id === 'contacts')!;
    expect(contacts).toMatchObject({ coverage: 'full', numerator: 120, previous: { coverage: 'none', value: null } });
    expect(year.kpis.every((k) => k.direction === null)).toBe(true);
    const before = await kpis().kpis('855', '2022-23');
    expect(before.kpis.find((k) => k.id === 'contacts')).toMatchObject({ coverage: 'none', value: null });

    for (const url of ['/performance?la=855&year=2023-24', '/performance?la=855&year=2023-24&quarter=Q1']) {
      const page = await get(url);
      const tables = page.body.slice(page.body.indexOf('<table'), page.body.indexOf('Trends'));
      expect(tables, url).not.toMatch(COMPARISON);
      expect(tables, url).toContain('No data');
    }
    for (const quarter of ['', '&quarter=Q4']) {
      const docx = await docxText((await get(`/performance/report?la=855&year=2023-24${quarter}&format=docx`)).rawPayload);
      const xlsx = await xlsxText((await get(`/performance/report?la=855&year=2023-24${quarter}&format=xlsx`)).rawPayload);
      const html = (await get(`/performance/report?la=855&year=2023-24${quarter}&format=html`)).body;
      for (const [format, text] of [['docx', docx], ['xlsx', xlsx], ['html', html]] as const) {
        expect(text, format).not.toMatch(COMPARISON);
        expect(text, format).toContain('No measure can be compared with the previous year.');
        expect(text, format).toContain('no data');
        expect(text, format).not.toContain('15,200%');
      }
    }
  });

  it('an earlier extract that covers the year before makes the comparison appear', async () => {
    await runImport(deps(), annexAImporter(), { laCode: '855', fileName: 'march-2023.xlsx', bytes: await extract2023(), loadedBy: 'test', extractDate: '2023-03-31', coversFrom: '2022-04-01' });
    const year = await kpis().kpis('855', '2023-24');
    const contacts = year.kpis.find((k) => k.id === 'contacts')!;
    expect(contacts).toMatchObject({ coverage: 'full', numerator: 120, previous: { coverage: 'full', value: 90 }, direction: 'up' });
    const page = await get('/performance?la=855&year=2023-24');
    expect(page.body).toContain('↑ Up');
    const html = (await get('/performance/report?la=855&year=2023-24&format=html')).body;
    expect(html).toContain('Contacts rose from 90 to 120');
    const docx = await docxText((await get('/performance/report?la=855&year=2023-24&format=docx')).rawPayload);
    expect(docx).toContain('Contacts rose from 90 to 120');
    const xlsx = await xlsxText((await get('/performance/report?la=855&year=2023-24&format=xlsx')).rawPayload);
    expect(xlsx).toContain('Contacts rose from 90 to 120');
  });

  it('workers named only in an extract add no capacity where the council has a roster, and the import says so', async () => {
    const sample = readFixture('annex-a/annex-a-sample.xlsx');
    const noRoster = await runImport(deps(), annexAImporter(), { laCode: '857', fileName: 'sample.xlsx', bytes: sample, loadedBy: 'test' });
    expect(noRoster.workforce).toMatchObject({ hasRoster: false });
    expect(noRoster.workforce?.message).toContain('assumed to be one full-time (1.0 FTE) social worker');
    const s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2021-03-20T10:00:00Z'), logger });
    const inferred = (await s.caseloads.snapshot('857', '2021-03-15')).workers.filter((w) => w.workerId.startsWith('AA-W'));
    expect(inferred.length).toBeGreaterThan(0);
    expect(inferred.every((w) => w.capacity > 0)).toBe(true);
    expect((await s.caseloads.snapshot('857', '2019-03-31')).workers.filter((w) => w.workerId.startsWith('AA-W')).every((w) => w.capacity === 0)).toBe(true);

    await runImport(deps(), rosterImporter(() => new Date('2021-03-01T10:00:00Z')), { laCode: '858', fileName: 'roster.csv', bytes: Buffer.from('worker_id,name,team_id,role,fte\nW1,Alex Smith,T7,SW,1\n'), loadedBy: 'test' });
    const withRoster = await runImport(deps(), annexAImporter(), { laCode: '858', fileName: 'sample.xlsx', bytes: sample, loadedBy: 'test' });
    expect(withRoster.workforce).toMatchObject({ hasRoster: true });
    expect(withRoster.workforce?.message).toContain('they add no capacity');
    const held = (await s.caseloads.snapshot('858', '2021-03-15')).workers.filter((w) => w.workerId.startsWith('AA-W'));
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((w) => w.capacity === 0)).toBe(true);
  });
});
