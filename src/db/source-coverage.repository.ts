import type { Kysely, Transaction } from 'kysely';
import { collectionYearWindow, isCoverageFamily, type CoverageFamily, type CoverageWindow } from '../domain/coverage/coverage.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Records the windows one batch covers (replacing any it had). */
export async function recordBatchCoverage(db: Db, laCode: string, batchId: number, source: string, windows: readonly CoverageWindow[]): Promise<void> {
  await db.deleteFrom('source_coverage').where('batch_id', '=', batchId).execute();
  if (windows.length === 0) return;
  await db
    .insertInto('source_coverage')
    .values(windows.map((w) => ({ la_code: laCode, batch_id: batchId, source, family: w.family, covers_from: w.from, covers_to: w.to })))
    .execute();
}

/** Forgets a batch's windows when a later import replaces it. */
export async function deleteBatchCoverage(db: Db, batchId: number): Promise<void> {
  await db.deleteFrom('source_coverage').where('batch_id', '=', batchId).execute();
}

/** Every window of the LA's loaded batches, for a CoverageIndex. */
export async function listCoverage(db: Db, laCode: string): Promise<CoverageWindow[]> {
  const rows = await db
    .selectFrom('source_coverage as c')
    .innerJoin('import_batch as b', 'b.id', 'c.batch_id')
    .select(['c.family', 'c.covers_from', 'c.covers_to'])
    .where('c.la_code', '=', laCode)
    .where('b.status', '=', 'loaded')
    .orderBy('c.covers_from')
    .execute();
  return rows.flatMap((r) => (isCoverageFamily(r.family) ? [{ family: r.family, from: r.covers_from, to: r.covers_to }] : []));
}

/** The windows one batch recorded, for its import report. */
export async function listBatchCoverage(db: Db, batchId: number): Promise<CoverageWindow[]> {
  const rows = await db.selectFrom('source_coverage').select(['family', 'covers_from', 'covers_to']).where('batch_id', '=', batchId).orderBy('id').execute();
  return rows.flatMap((r) => (isCoverageFamily(r.family) ? [{ family: r.family, from: r.covers_from, to: r.covers_to }] : []));
}

/**
 * For the statutory returns (CIN census, SSDA903): a return covers its collection year, 1 April of
 * `startYear` to 31 March after, for each family it holds (for example `['cin', 'cp']` or `['cla',
 * 'care_leavers', 'adoption']`). Call it inside the import's transaction.
 */
export async function recordReturnCoverage(db: Db, laCode: string, batchId: number, source: string, families: readonly CoverageFamily[], startYear: number): Promise<void> {
  await recordBatchCoverage(db, laCode, batchId, source, families.map((f) => collectionYearWindow(f, startYear)));
}

/** Whether any loaded batch of the LA covers the family (a roster, say). */
export async function hasCoverage(db: Db, laCode: string, family: CoverageFamily): Promise<boolean> {
  const row = await db
    .selectFrom('source_coverage as c')
    .innerJoin('import_batch as b', 'b.id', 'c.batch_id')
    .select('c.id')
    .where('c.la_code', '=', laCode)
    .where('c.family', '=', family)
    .where('b.status', '=', 'loaded')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
