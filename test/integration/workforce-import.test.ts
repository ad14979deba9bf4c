import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { Allocation, Worker } from '../../src/domain/workforce/types.ts';
import { writeAllocationsCsv } from '../../src/formats/allocations/allocations.ts';
import { writeRosterCsv } from '../../src/formats/roster/roster.ts';
import { writeTeamsCsv } from '../../src/formats/teams/teams.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { readFixture } from '../support/fixtures.ts';

const AS_OF = '2024-03-31';

function council() {
  const teams = writeTeamsCsv([
    { teamId: 'S1', name: 'Assessment', parentId: null, kind: 'service' },
    { teamId: 'T1', name: 'Assessment 1', parentId: 'S1', kind: 'team' },
  ]);
  const workers: Worker[] = Array.from({ length: 14 }, (_, i) => ({
    workerId: `W${i + 1}`,
    name: `Worker ${i + 1}`,
    teamId: 'T1',
    role: 'social_worker',
    fte: 1,
    asye: false,
    agency: i < 2,
    startDate: '2020-01-01',
    endDate: null,
    managerId: null,
  }));
  const allocations: Allocation[] = [];
  for (let i = 0; i < 14 * 21; i++) allocations.push({ childId: `C${i}`, workerId: `W${(i % 14) + 1}`, teamId: 'T1', caseType: 'cin', startDate: '2024-01-01', endDate: null });
  allocations.push({ childId: 'OLD', workerId: 'W1', teamId: 'T1', caseType: 'cin', startDate: '2023-01-01', endDate: '2023-12-31' });
  return { teams, roster: writeRosterCsv(workers), allocations: writeAllocationsCsv(allocations) };
}

describe.each(testDrivers())('workforce imports on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  const run = (source: 'teams' | 'roster' | 'allocations' | 'population', text: string | Buffer, fileName = `${source}.csv`) =>
    s.imports.run(source, { laCode: '855', fileName, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text), loadedBy: 'test' });

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2024-06-30T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  it('a team of 14 social workers averaging 21 against a maximum of 20 is 14 cases over capacity and needs 0.7 FTE', async () => {
    const files = council();
    expect((await run('teams', files.teams)).lists[0]).toMatchObject({ rowsRead: 2, loaded: 2, rejected: 0 });
    expect((await run('roster', files.roster)).lists[0]).toMatchObject({ rowsRead: 14, loaded: 14 });
    expect((await run('allocations', files.allocations)).lists[0]).toMatchObject({ rowsRead: 295, loaded: 295 });
    const snapshot = await s.caseloads.snapshot('855', AS_OF);
    const team = snapshot.teams.find((t) => t.teamId === 'T1');
    expect(team).toMatchObject({ children: 294, caseHoldingWorkers: 14, averagePerFte: 21, capacity: 280, headroom: -14, casesOverCapacity: 14, fteRequiredToMax: 0.7 });
    expect(snapshot.basis).toBe('allocations');
  });

  it('rejects allocations to unknown workers and teams, and a new allocations file replaces the last', async () => {
    const files = council();
    await run('teams', files.teams);
    await run('roster', files.roster);
    await run('allocations', files.allocations);
    const result = await run('allocations', 'child_id,worker_id,team_id,case_type,start_date,end_date\nC1,W1,T1,cin,2024-01-01,\nC2,W99,T1,cin,2024-01-01,\nC3,,T99,cp,2024-01-01,\n');
    expect(result.replaced).toBe(true);
    expect(result.lists[0]).toMatchObject({ rowsRead: 3, loaded: 1, rejected: 2 });
    expect(result.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [3, 'worker_id', 'error'],
      [4, 'team_id', 'error'],
    ]);
    const snapshot = await s.caseloads.snapshot('855', AS_OF);
    expect(snapshot.totals.children).toBe(1);
  });

  it('creates a team the roster names but the teams file does not, with a warning', async () => {
    const result = await run('roster', 'worker_id,name,team_id,role,fte\nW1,Alex,T7,SW,1\n');
    expect(result.issues).toContainEqual(expect.objectContaining({ row: 2, column: 'team_id', value: 'T7', severity: 'warning' }));
    expect((await s.caseloads.snapshot('855', AS_OF)).teams.map((t) => t.teamId)).toEqual(['T7']);
  });

  it('loads the LA’s children aged 0-17 from the ONS file and uses them for rates', async () => {
    const result = await run('population', readFixture('dfe/ons_mid-year_population_estimates_2012_to_2024.csv'), 'ons.csv');
    expect(result.lists[0]?.loaded).toBeGreaterThanOrEqual(13);
    const kpis = await s.kpis.kpis('855', '2024-25');
    expect(kpis.population).toEqual({ year: 2024, children: 147439 });
  });

  it('loads the workforce census, replaces the same year on re-import, and warns about another LA’s return', async () => {
    const xml = readFixture('csww/csww-2022-sample.xml');
    const run2 = () => s.imports.run('csww', { laCode: '855', fileName: 'csww.xml', bytes: xml, loadedBy: 'test' });
    const first = await run2();
    expect(first.lists[0]).toMatchObject({ rowsRead: 30, loaded: 30, rejected: 0 });
    expect(first.issues).toContainEqual(expect.objectContaining({ column: 'LEA', value: '301', severity: 'warning' }));
    await run2();
    const census = await handle.db.selectFrom('csww_census').selectAll().execute();
    expect(census).toHaveLength(1);
    expect(census[0]?.summary).toMatchObject({ caseloadPerFte: 100.2, cases: 979, caseHolders: 19 });
    const workers = await handle.db.selectFrom('csww_worker').select(['swe_no', 'fte']).where('census_year', '=', 2022).execute();
    expect(workers).toHaveLength(30);
    expect(workers.find((w) => w.swe_no === 'Oz2054309383')?.fte).toBeCloseTo(0.5214, 4);
  });

  it('refuses a file that is not a roster, with nothing written', async () => {
    await expect(run('roster', 'hello,world\n1,2\n')).rejects.toMatchObject({ code: 'input_rejected' });
    expect(await s.imports.history('855')).toEqual([]);
  });

  it('names each workforce census upload by its own file when two overlap', async () => {
    const xml = readFixture('csww/csww-2022-sample.xml');
    const upload = (fileName: string, laCode: string) => s.imports.run('csww', { laCode, fileName, bytes: xml, loadedBy: 'test' });
    const [a, b] = await Promise.all([upload('first.xml', '855'), upload('second.xml', '856')]);
    expect(a.lists.map((l) => l.sheet)).toEqual(['first.xml']);
    expect(b.lists.map((l) => l.sheet)).toEqual(['second.xml']);
  });

  it('names each file in its own issues when two uploads overlap', async () => {
    const roster = (team: string) =>
      writeRosterCsv([{ workerId: `W-${team}`, name: 'A Worker', teamId: team, role: 'social_worker', fte: 1, asye: false, agency: false, startDate: '2020-01-01', endDate: null, managerId: null }]);
    const [a, b] = await Promise.all([run('roster', roster('NEW-A'), 'first.csv'), run('roster', roster('NEW-B'), 'second.csv')]);
    expect(a.issues.find((i) => i.value === 'NEW-A')?.sheet).toBe('first.csv');
    expect(b.issues.find((i) => i.value === 'NEW-B')?.sheet).toBe('second.csv');
  });
});
