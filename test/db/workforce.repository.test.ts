import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import {
  countAllocationsBySource,
  deleteAllocationsOfBatch,
  findTeamIdsByName,
  findWorkerIdsByName,
  insertAllocations,
  listAllocationsBetween,
  listSnapshotAllocations,
  listSnapshotDates,
  listTeams,
  listWorkers,
  normaliseName,
  upsertTeams,
  upsertWorkers,
} from '../../src/db/workforce.repository.ts';
import type { Allocation, Worker } from '../../src/domain/workforce/types.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';

const worker = (id: string, over: Partial<Worker> = {}): Worker => ({
  workerId: id,
  name: `Worker ${id}`,
  teamId: 'T1',
  role: 'social_worker',
  fte: 0.8,
  asye: false,
  agency: false,
  startDate: '2020-01-01',
  endDate: null,
  managerId: null,
  ...over,
});

describe.each(testDrivers())('workforce repository on $kind', (driver) => {
  let handle: DatabaseHandle;
  let batch: number;
  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
    batch = await insertBatch(handle.db, { la_code: '855', source: 'roster', file_name: 'r.csv', sha256: 'x', extract_date: null, loaded_by: 't', status: 'loaded' });
  });

  it('normalises names for matching', () => {
    expect(normaliseName('  Jo\u00a0 O’Brien ')).toBe("jo o'brien");
  });

  it('upserts teams and workers, keeping one row per id and the latest values', async () => {
    await upsertTeams(handle.db, '855', batch, [{ teamId: 'T1', name: 'Assessment Team 1', parentId: null, kind: 'team' }], { seenOnlyInAnnexA: true });
    await upsertTeams(handle.db, '855', batch, [{ teamId: 'T1', name: 'Assessment  Team 1', parentId: 'S1', kind: 'team' }]);
    expect(await listTeams(handle.db, '855')).toEqual([{ teamId: 'T1', name: 'Assessment  Team 1', parentId: 'S1', kind: 'team', seenOnlyInAnnexA: false }]);
    expect((await findTeamIdsByName(handle.db, '855')).get('assessment team 1')).toBe('T1');

    await upsertWorkers(handle.db, '855', batch, [worker('W1'), worker('W2', { asye: true, fte: 0.5 })]);
    await upsertWorkers(handle.db, '855', batch, [worker('W1', { fte: 1, agency: true })]);
    const workers = await listWorkers(handle.db, '855');
    expect(workers).toHaveLength(2);
    expect(workers[0]).toEqual({ ...worker('W1', { fte: 1, agency: true }), seenOnlyInAnnexA: false });
    expect(workers[1]?.fte).toBe(0.5);
    expect((await findWorkerIdsByName(handle.db, '855')).get('worker w2')).toEqual({ workerId: 'W2', teamId: 'T1' });
    expect(await listWorkers(handle.db, '999')).toEqual([]);
  });

  it('selects allocations overlapping a period and snapshots by date', async () => {
    const a = (child: string, start: string, end: string | null): Allocation => ({ childId: child, workerId: 'W1', teamId: 'T1', caseType: 'cin', startDate: start, endDate: end });
    await insertAllocations(handle.db, '855', batch, 'allocations', [a('C1', '2024-01-01', '2024-02-01'), a('C2', '2024-03-01', null), a('C3', '2023-01-01', '2023-06-01')]);
    const open = await listAllocationsBetween(handle.db, '855', '2024-02-01', '2024-12-31');
    expect(open.map((x) => x.childId).sort()).toEqual(['C2']);
    expect((await listAllocationsBetween(handle.db, '855', '2024-01-31', '2024-12-31')).map((x) => x.childId).sort()).toEqual(['C1', 'C2']);

    const snap = (d: string) => insertBatch(handle.db, { la_code: '855', source: 'annex-a', file_name: 'a.xlsx', sha256: 'x', extract_date: d, loaded_by: 't', status: 'loaded' });
    await insertAllocations(handle.db, '855', await snap('2024-03-31'), 'annex_a', [a('C9', '2024-03-31', null)], '2024-03-31');
    await insertAllocations(handle.db, '855', await snap('2024-04-30'), 'annex_a', [a('C9', '2024-04-30', null)], '2024-04-30');
    await snap('2024-05-31');
    expect(await listSnapshotDates(handle.db, '855')).toEqual(['2024-03-31', '2024-04-30', '2024-05-31']);
    expect((await listSnapshotAllocations(handle.db, '855', '2024-04-01', '2024-04-30')).map((x) => x.snapshotDate)).toEqual(['2024-04-30']);
    expect(await countAllocationsBySource(handle.db, '855')).toEqual({ allocations: 3, annex_a: 2 });

    await deleteAllocationsOfBatch(handle.db, '855', batch);
    expect(await countAllocationsBySource(handle.db, '855')).toEqual({ annex_a: 2 });
  });

  it('inserts large allocation sets in chunks', async () => {
    const many: Allocation[] = Array.from({ length: 2500 }, (_, i) => ({ childId: `C${i}`, workerId: null, teamId: 'T1', caseType: 'cp', startDate: '2024-01-01', endDate: null }));
    await insertAllocations(handle.db, '855', batch, 'allocations', many);
    expect(await countAllocationsBySource(handle.db, '855')).toEqual({ allocations: 2500 });
  });
});
