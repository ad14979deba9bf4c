import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { insertBatch, markBatchReplaced, updateBatchCounts } from '../../src/db/import-batch.repository.ts';
import { up } from '../../src/db/migrations/2026-12-04T1000-source-coverage.ts';
import { listBatchCoverage, listCoverage, recordBatchCoverage, recordReturnCoverage } from '../../src/db/source-coverage.repository.ts';
import { annexAWindows } from '../../src/domain/coverage/coverage.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';

describe.each(testDrivers())('source coverage on $kind', (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  const batch = (source: string, extract: string | null) => insertBatch(handle.db, { la_code: '855', source, file_name: 'f', sha256: 'x', extract_date: extract, loaded_by: 'test', status: 'loaded' });

  it('keeps the windows of loaded batches only, and records a statutory return for its collection year', async () => {
    const march = await batch('annex-a', '2024-03-31');
    const old = await batch('annex-a', '2023-03-31');
    await recordBatchCoverage(handle.db, '855', march, 'annex-a', annexAWindows('2024-03-31', [1]));
    await recordBatchCoverage(handle.db, '855', old, 'annex-a', annexAWindows('2023-03-31', [1]));
    await markBatchReplaced(handle.db, old);
    const cin = await batch('cin-census', null);
    await recordReturnCoverage(handle.db, '855', cin, 'cin-census', ['cin', 'cp'], 2023);
    expect(await listCoverage(handle.db, '855')).toEqual([
      { family: 'cin', from: '2023-04-01', to: '2024-03-31' },
      { family: 'cp', from: '2023-04-01', to: '2024-03-31' },
      { family: 'contacts', from: '2023-10-01', to: '2024-03-31' },
    ]);
    expect(await listBatchCoverage(handle.db, old)).toEqual([{ family: 'contacts', from: '2022-10-01', to: '2023-03-31' }]);
    expect(await listCoverage(handle.db, '856')).toEqual([]);
  });

  it('the migration backfills existing batches from their extract date and the lists they held', async () => {
    const annexA = await batch('annex-a', '2024-02-29');
    await updateBatchCounts(handle.db, annexA, { rows_read: 2, rows_loaded: 2, rows_rejected: 0, status: 'loaded', summary: JSON.stringify({ lists: [{ list: 1 }, { list: 9 }, { list: 10 }] }) });
    const roster = await batch('roster', '2024-01-15');
    await sql`drop table source_coverage`.execute(handle.db);
    await sql`alter table import_batch drop column covers_from`.execute(handle.db);
    await up(handle.db);
    expect(await listBatchCoverage(handle.db, annexA)).toEqual(annexAWindows('2024-02-29', [1, 9, 10]));
    expect(await listBatchCoverage(handle.db, roster)).toEqual([{ family: 'roster', from: '2024-01-15', to: '2024-01-15' }]);
  });
});
