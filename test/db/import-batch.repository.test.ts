import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { findLoadedBatches, getBatch, insertBatch, insertIssues, listBatches, listIssues, markBatchReplaced, updateBatchCounts } from '../../src/db/import-batch.repository.ts';
import type { ImportIssue } from '../../src/formats/issue.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';

describe.each(testDrivers())('import batch repository on $kind', (driver) => {
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

  const batch = (extract: string | null) => ({
    la_code: '855',
    source: 'annex-a',
    file_name: 'annex-a.xlsx',
    sha256: 'ab'.repeat(32),
    extract_date: extract,
    loaded_by: 'test',
    status: 'loaded',
  });

  it('stores a batch with its counts and reads dates back as ISO strings', async () => {
    const id = await insertBatch(handle.db, batch('2024-03-31'));
    await updateBatchCounts(handle.db, id, { rows_read: 10, rows_loaded: 8, rows_rejected: 2, status: 'loaded', summary: JSON.stringify({ lists: 2 }) });
    const stored = await getBatch(handle.db, id);
    expect(stored).toMatchObject({ la_code: '855', extract_date: '2024-03-31', rows_read: 10, rows_loaded: 8, rows_rejected: 2 });
    expect(stored?.summary).toEqual({ lists: 2 });
    expect(stored?.loaded_at).toBeInstanceOf(Date);
  });

  it('stores issues in order, in chunks, and reads them back unchanged', async () => {
    const id = await insertBatch(handle.db, batch(null));
    const issues: ImportIssue[] = Array.from({ length: 1203 }, (_, i) => ({
      list: 3,
      sheet: 'List 3',
      row: i + 2,
      column: 'Date of Referral',
      value: `31/02/20${i % 10}`,
      severity: i % 3 === 0 ? 'error' : 'warning',
      message: 'The date does not exist.',
    }));
    await insertIssues(handle.db, id, '855', issues);
    expect(await listIssues(handle.db, id)).toEqual(issues);
    expect(await listIssues(handle.db, id, 'error')).toHaveLength(401);
  });

  it('finds the loaded batch a re-import would replace, by LA, source and extract date', async () => {
    const a = await insertBatch(handle.db, batch('2024-03-31'));
    await insertBatch(handle.db, batch('2024-04-30'));
    await insertBatch(handle.db, { ...batch('2024-03-31'), la_code: '999' });
    expect((await findLoadedBatches(handle.db, '855', 'annex-a', '2024-03-31')).map((b) => b.id)).toEqual([a]);
    await markBatchReplaced(handle.db, a);
    expect(await findLoadedBatches(handle.db, '855', 'annex-a', '2024-03-31')).toEqual([]);
    expect((await listBatches(handle.db, '855')).map((b) => b.status)).toEqual(['loaded', 'replaced']);
    expect(await listBatches(handle.db, null)).toHaveLength(3);
  });
});
