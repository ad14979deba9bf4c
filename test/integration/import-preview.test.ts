import { readdirSync } from 'node:fs';
import { zipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import type { Allocation, Worker } from '../../src/domain/workforce/types.ts';
import { writeAllocationsCsv } from '../../src/formats/allocations/allocations.ts';
import { writeRosterCsv } from '../../src/formats/roster/roster.ts';
import { writeTeamsCsv } from '../../src/formats/teams/teams.ts';
import { createLogger } from '../../src/logger.ts';
import type { ImportSource } from '../../src/services/import-runner.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { fixturePath, readFixture } from '../support/fixtures.ts';

const TEAMS = writeTeamsCsv([
  { teamId: 'S1', name: 'Assessment', parentId: null, kind: 'service' },
  { teamId: 'T1', name: 'Assessment 1', parentId: 'S1', kind: 'team' },
]);
const WORKERS: Worker[] = Array.from({ length: 4 }, (_, i) => ({ workerId: `W${i + 1}`, name: `Worker ${i + 1}`, teamId: 'T1', role: 'social_worker', fte: 1, asye: false, agency: false, startDate: '2020-01-01', endDate: null, managerId: null }));
const ALLOCATIONS: Allocation[] = Array.from({ length: 30 }, (_, i) => ({ childId: `C${i}`, workerId: `W${(i % 4) + 1}`, teamId: 'T1', caseType: 'cin', startDate: '2024-01-01', endDate: null }));

function ssda903Zip(): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(fixturePath('ssda903'))) entries[name] = readFixture(`ssda903/${name}`);
  return Buffer.from(zipSync(entries));
}

/** Every kind of file the Data page accepts, with what it needs. */
const KINDS: Array<{ source: ImportSource; fileName: string; bytes: () => Buffer; returnYear?: number; laCode?: string }> = [
  { source: 'teams', fileName: 'teams.csv', bytes: () => Buffer.from(TEAMS) },
  { source: 'roster', fileName: 'roster.csv', bytes: () => Buffer.from(writeRosterCsv(WORKERS)) },
  { source: 'allocations', fileName: 'allocations.csv', bytes: () => Buffer.from(writeAllocationsCsv(ALLOCATIONS)) },
  { source: 'annex-a', fileName: 'annex-a-sample.xlsx', bytes: () => readFixture('annex-a/annex-a-sample.xlsx') },
  { source: 'csww', fileName: 'csww.xml', bytes: () => readFixture('csww/csww-2022-sample.xml') },
  { source: 'population', fileName: 'ons.csv', bytes: () => readFixture('dfe/ons_mid-year_population_estimates_2012_to_2024.csv') },
  { source: 'ssda903', fileName: 'ssda903.zip', bytes: ssda903Zip, returnYear: 2021 },
  { source: 'cin-census', fileName: 'cin.xml', bytes: () => readFixture('cin-census/cin-census-2021.xml'), laCode: '201' },
];

describe.each(testDrivers())('import preview and undo on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2024-03-31T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => handle.close());
  beforeEach(async () => truncateAll(handle.db));

  async function tableCounts(): Promise<Record<string, number>> {
    const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%' order by tablename`.execute(handle.db);
    const out: Record<string, number> = {};
    for (const t of tables.rows) out[t.tablename] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.tablename)}`.execute(handle.db)).rows[0]!.n);
    return out;
  }
  const run = (source: ImportSource, bytes: Buffer | string, laCode = '855', fileName = `${source}.csv`) =>
    s.imports.run(source, { laCode, fileName, bytes: Buffer.from(bytes), loadedBy: 'analyst' });

  it('previews every kind of file the Data page accepts without writing anything', async () => {
    await run('teams', TEAMS);
    const before = await tableCounts();
    for (const kind of KINDS) {
      const preview = await s.imports.preview(kind.source, { laCode: kind.laCode ?? '855', fileName: kind.fileName, bytes: kind.bytes(), loadedBy: 'analyst', returnYear: kind.returnYear });
      expect(preview.result.lists.reduce((n, l) => n + l.rowsRead, 0), kind.source).toBeGreaterThan(0);
      expect(await tableCounts(), kind.source).toEqual(before);
    }
    expect((await s.audit.recent({ limit: 100 })).filter((r) => r.detail.status === 'loaded').length).toBe(1);
  }, 120_000);

  it('says what would be added, what would be replaced and how today’s figures would move', async () => {
    await run('teams', TEAMS);
    await run('roster', writeRosterCsv(WORKERS));
    const allocations = await s.imports.preview('allocations', { laCode: '855', fileName: 'allocations.csv', bytes: Buffer.from(writeAllocationsCsv(ALLOCATIONS)), loadedBy: 'analyst' });
    expect(allocations.result.effect.allocations).toEqual({ added: 30, changed: 0 });
    expect(allocations.headline.asOf).toBe('2024-03-31');
    expect(allocations.headline.before).toMatchObject({ children: 0, caseHoldingWorkers: 4, capacity: 80 });
    expect(allocations.headline.after).toMatchObject({ children: 30, heldChildren: 30, capacity: 80, headroom: 50 });
    expect(allocations.endsDemoData).toBe(false);

    const roster = await s.imports.preview('roster', { laCode: '855', fileName: 'roster.csv', bytes: Buffer.from(writeRosterCsv([...WORKERS, { ...WORKERS[0]!, workerId: 'W9', name: 'New Worker' }])), loadedBy: 'analyst' });
    expect(roster.result.replaced).toBe(true);
    expect(roster.result.effect.workers).toEqual({ added: 1, changed: 4 });
    expect(roster.headline.after.caseHoldingWorkers).toBe(5);
  });

  it('names the teams and workers an Annex A extract would create, and says it ends demo data in a synthetic database', async () => {
    await run('teams', TEAMS, '999');
    await upsertLaSetting(handle.db, '999', { laName: 'Demoshire', synthetic: true });
    const preview = await s.imports.preview('annex-a', { laCode: '856', fileName: 'annex-a-sample.xlsx', bytes: readFixture('annex-a/annex-a-sample.xlsx'), loadedBy: 'analyst' });
    expect(preview.endsDemoData).toBe(true);
    expect(preview.result.extractDate).not.toBeNull();
    expect(preview.result.coverage.length).toBeGreaterThan(0);
    expect(preview.result.effect.children.added).toBeGreaterThan(0);
    expect(preview.result.effect.events.added).toBeGreaterThan(0);
    expect(preview.result.effect.teams.added).toBe(preview.result.workforce?.inferredTeams);
    expect(preview.result.effect.workers.added).toBe(preview.result.workforce?.inferredWorkers);
    const byDemo = await s.imports.preview('teams', { laCode: '999', fileName: 'teams.csv', bytes: Buffer.from(TEAMS), loadedBy: 'demo' });
    expect(byDemo.endsDemoData).toBe(false);
  });

  it('undoes a council’s latest import when it changed nothing loaded before, atomically and audited', async () => {
    await run('teams', TEAMS);
    const empty = await tableCounts();
    const annex = await s.imports.run('annex-a', { laCode: '856', fileName: 'annex-a-sample.xlsx', bytes: readFixture('annex-a/annex-a-sample.xlsx'), loadedBy: 'analyst' });
    const report = await s.imports.report(annex.batchId);
    expect(report.undo).toEqual({ possible: true, reason: null });
    const undone = await s.imports.undo(annex.batchId, { actor: 'analyst' });
    expect(undone.rowsRemoved).toBeGreaterThan(0);
    const after = await tableCounts();
    // Only the batch's own record, its issues and the audit rows remain.
    for (const table of Object.keys(empty).filter((t) => !['import_batch', 'import_issue', 'audit_log'].includes(t))) expect({ table, n: after[table] }).toEqual({ table, n: empty[table] });
    expect((await s.imports.report(annex.batchId)).batch.status).toBe('undone');
    expect(await s.system.laCodes()).toEqual(['855']);
    const audit = (await s.audit.recent({ limit: 10 })).find((r) => r.detail.status === 'undone');
    expect(audit).toMatchObject({ actor: 'analyst', action: 'import', laCode: '856', detail: { batchId: annex.batchId, fileName: 'annex-a-sample.xlsx' } });
    await expect(s.imports.undo(annex.batchId, { actor: 'analyst' })).rejects.toThrow('It has already been undone.');
  }, 60_000);

  it('refuses to undo an import that replaced or changed earlier data, or that a later import followed, and says why', async () => {
    const teams = await run('teams', TEAMS);
    const roster = await run('roster', writeRosterCsv(WORKERS));
    expect((await s.imports.report(teams.batchId)).undo.reason).toContain(`Import ${roster.batchId} (roster.csv) was loaded after it`);
    const again = await run('roster', writeRosterCsv(WORKERS));
    const reason = (await s.imports.report(again.batchId)).undo.reason;
    expect(reason).toContain(`It replaced import ${roster.batchId}`);
    await expect(s.imports.undo(again.batchId, { actor: 'analyst' })).rejects.toThrow(/cannot be undone/);
    const workers = await handle.db.selectFrom('worker').select('worker_id').execute();
    expect(workers).toHaveLength(4);
    await expect(s.imports.undo(999_999, { actor: 'analyst' })).rejects.toThrow('There is no import numbered 999999.');
  });
});
