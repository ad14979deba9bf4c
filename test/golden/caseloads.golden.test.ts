import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services as buildServices, type Adapters } from '../../src/app.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

/*
 * The small council of test/support/seed.ts, worked by hand:
 * - Assessment 1: two full-time social workers hold 25 and 21 children (46 held) and 3 children
 *   are open to the team with no worker: 49 children. Average caseload = 46 held ÷ 2 FTE = 23.0
 *   (the DfE definition), with the 3 unallocated beside it (not 49 ÷ 2 = 24.5). Capacity 2 × 20
 *   = 40, so 9 cases over capacity: the unallocated children are the team's work. FTE to max
 *   9 ÷ 20 = 0.45, up to 0.5; to mid (49 − 38) ÷ 19 = 0.58, up to 0.6.
 * - CIN North: a 0.5 FTE social worker (8) and a full-time ASYE (16): 24 held over 1.5 FTE = 16.0,
 *   12 per head; capacity 0.5 × 20 + 15 = 25, 1 spare; to mid (24 − 23) ÷ 19, up to 0.1.
 * - The council: 70 held ÷ 3.5 FTE = 20.0 with 3 unallocated; cases over capacity 9 + 0 = 9 and
 *   FTE to max 0.5 + 0 (each team's shortfall, added up), while the net headroom nets CIN North's
 *   spare place against Assessment 1: 65 − 73 = −8.
 */
const HEAD = 'Id,Name,Parent,Case holders,Case-holding FTE,Children,Children held by case holders,Average caseload per FTE,Unallocated children,Average caseload per head,Capacity,Net headroom,Cases over capacity,FTE required to max,FTE required to mid';
const BY_TEAM = [HEAD, 'T-ASS1,Assessment 1,S-ASS,2,2,49,46,23,3,23,40,-9,9,0.5,0.6', 'T-CINN,CIN North,L-N,2,1.5,24,24,16,0,12,25,1,0,0,0.1', ',Total,,4,3.5,73,70,20,3,17.5,65,-8,9,0.5,0.7'];
const BY_SERVICE = [HEAD, 'S-ASS,Assessment,,2,2,49,46,23,3,23,40,-9,9,0.5,0.6', 'S-CIN,Children in Need,,2,1.5,24,24,16,0,12,25,1,0,0,0.1', ',Total,,4,3.5,73,70,20,3,17.5,65,-8,9,0.5,0.7'];

describe.each(testDrivers())('caseload goldens on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let analyst: Client;
  let out: string[];

  const ctx: CliContext = {
    out: (text) => out.push(text),
    err: () => undefined,
    isTty: false,
    env: {},
    config: () => loadConfig({}),
    logger: () => createLogger({ level: 'silent' }),
    readSecret: () => Promise.resolve(''),
    actor: () => 'cli:tester',
    open: () => {
      const adapters: Adapters = { db: handle.db, dbKind: handle.kind, dbLocation: handle.location, clock: () => new Date('2024-03-31T12:00:00Z'), logger: createLogger({ level: 'silent' }), close: () => Promise.resolve() };
      return Promise.resolve({ adapters, services: buildServices(adapters) });
    },
  };
  async function headroom(...args: string[]): Promise<string> {
    out = [];
    expect(await main(['node', 'headroom', ...args], ctx)).toBe(0);
    return out.join('\n');
  }

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    app = await webFor(handle);
    analyst = clientFor(app, await signInAs(handle, 'analyst'));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('headroom caseloads as CSV, by team and by service', async () => {
    expect((await headroom('caseloads', '--la', '855', '--format', 'csv')).trim().split('\n')).toEqual(BY_TEAM);
    expect((await headroom('caseloads', '--la', '855', '--by', 'service', '--format', 'csv')).trim().split('\n')).toEqual(BY_SERVICE);
  });

  it('headroom caseloads as a table and as JSON', async () => {
    const table = await headroom('caseloads', '--la', '855');
    expect(table).toMatch(/Average caseload per FTE\s+Unallocated children/);
    expect(table).toMatch(/^T-ASS1\s+Assessment 1\s+S-ASS\s+2\s+2\s+49\s+46\s+23\s+3\s+23\s+40\s+-9\s+9\s+0\.5\s+0\.6$/m);
    const json = JSON.parse(await headroom('caseloads', '--la', '855', '--format', 'json')) as { teams: Array<Record<string, unknown>>; totals: Record<string, unknown> };
    expect(json.teams.find((t) => t.teamId === 'T-ASS1')).toMatchObject({ children: 49, heldChildren: 46, unallocated: 3, averagePerFte: 23, averagePerHead: 23, casesOverCapacity: 9, headroom: -9 });
    expect(json.totals).toMatchObject({ children: 73, heldChildren: 70, unallocated: 3, averagePerFte: 20, casesOverCapacity: 9, fteRequiredToMax: 0.5, fteRequiredToMid: 0.7, headroom: -8 });
  });

  it('the web downloads, CSV and Excel, hold the same table', async () => {
    const csv = await analyst.get(`/caseloads?la=855&date=${SEED_DATE}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/)).toEqual(BY_TEAM);
    const xlsx = await analyst.get(`/caseloads?la=855&date=${SEED_DATE}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows = [1, 2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))).join(','));
    expect(rows).toEqual(BY_TEAM);
  });

  it('the web tables and charts show the average with the unallocated children beside it', async () => {
    const page = (await analyst.get(`/caseloads?la=855&date=${SEED_DATE}`)).body;
    expect(page).toMatch(/Average caseload per FTE<\/a>\s*<\/th>\s*<th[^>]*>\s*<a[^>]*>Unallocated children/);
    expect(page).toContain('average caseload 20.0 per FTE (children held by case-holding workers), with 3 unallocated children beside it; 9 cases over capacity and 0.5 FTE needed to reach the maximum');
    expect(page).toContain('net headroom -8');
    const team = (await analyst.get(`/caseloads/teams/T-ASS1?la=855&date=${SEED_DATE}`)).body;
    expect(team).toContain('23.0 per FTE, 23.0 per worker: children held by case-holding workers');
    expect(team).toMatch(/Unallocated children\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*3 \(not in the average/);
    const overview = (await analyst.get(`/overview?la=855&date=${SEED_DATE}`)).body;
    const card = (label: string) => new RegExp(`app-card__value">([^<]*)</span>\\s*<span class="app-card__label">${label}`).exec(overview)?.[1];
    expect([card('Average caseload per FTE'), card('Unallocated children'), card('Cases over capacity'), card('Posts needed to reach the maximum')]).toEqual(['20.0', '3', '9', '0.5']);
    // The trend chart's data table: the average, then the unallocated children, at each month end.
    expect(overview).toMatch(/<th[^>]*>Whole council<\/th>\s*<th[^>]*>Unallocated children<\/th>/);
    expect(overview).toMatch(/<th scope="row" class="govuk-table__header">Mar 24<\/th>\s*<td[^>]*>20\.0<\/td>\s*<td[^>]*>3(\.0)?<\/td>/);
  });
});
