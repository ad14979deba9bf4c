import type { Kysely, Transaction } from 'kysely';
import type { ImportIssue } from '../domain/issue.ts';
import type { Database, ImportBatch, NewImportBatch } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const ISSUE_CHUNK = 500;

export async function insertBatch(db: Db, batch: NewImportBatch): Promise<number> {
  const row = await db.insertInto('import_batch').values(batch).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateBatchCounts(
  db: Db,
  id: number,
  counts: { rows_read: number; rows_loaded: number; rows_rejected: number; status: string; summary: string },
): Promise<void> {
  await db.updateTable('import_batch').set(counts).where('id', '=', id).execute();
}

export async function insertIssues(db: Db, batchId: number, laCode: string, issues: readonly ImportIssue[]): Promise<void> {
  for (let i = 0; i < issues.length; i += ISSUE_CHUNK) {
    const chunk = issues.slice(i, i + ISSUE_CHUNK).map((issue) => ({
      batch_id: batchId,
      la_code: laCode,
      list: issue.list ?? null,
      sheet: issue.sheet ?? null,
      row_number: issue.row,
      column_name: issue.column ?? null,
      value: issue.value ?? null,
      severity: issue.severity,
      message: issue.message,
    }));
    await db.insertInto('import_issue').values(chunk).execute();
  }
}

/** Loaded batches of one source for one LA and extract date (what a re-import replaces). */
export async function findLoadedBatches(db: Db, laCode: string, source: string, extractDate: string | null): Promise<ImportBatch[]> {
  let q = db.selectFrom('import_batch').selectAll().where('la_code', '=', laCode).where('source', '=', source).where('status', '=', 'loaded');
  q = extractDate === null ? q.where('extract_date', 'is', null) : q.where('extract_date', '=', extractDate);
  return q.orderBy('id').execute();
}

export async function markBatchReplaced(db: Db, id: number): Promise<void> {
  await db.updateTable('import_batch').set({ status: 'replaced' }).where('id', '=', id).execute();
}

export async function listBatches(db: Db, laCode: string | null, limit = 100): Promise<ImportBatch[]> {
  let q = db.selectFrom('import_batch').selectAll();
  if (laCode !== null) q = q.where('la_code', '=', laCode);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function getBatch(db: Db, id: number): Promise<ImportBatch | undefined> {
  return db.selectFrom('import_batch').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listIssues(db: Db, batchId: number, severity?: string): Promise<ImportIssue[]> {
  let q = db.selectFrom('import_issue').selectAll().where('batch_id', '=', batchId);
  if (severity) q = q.where('severity', '=', severity);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    ...(r.list === null ? {} : { list: r.list }),
    ...(r.sheet === null ? {} : { sheet: r.sheet }),
    row: r.row_number,
    ...(r.column_name === null ? {} : { column: r.column_name }),
    ...(r.value === null ? {} : { value: r.value }),
    severity: r.severity as ImportIssue['severity'],
    message: r.message,
  }));
}

/** The council's most recent loaded batch, of any kind. */
export async function findLatestLoadedBatch(db: Db, laCode: string): Promise<ImportBatch | undefined> {
  return db.selectFrom('import_batch').selectAll().where('la_code', '=', laCode).where('status', '=', 'loaded').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function markBatchUndone(db: Db, id: number): Promise<void> {
  await db.updateTable('import_batch').set({ status: 'undone' }).where('id', '=', id).execute();
}

/** Councils with at least one loaded batch. */
export async function listLoadedLaCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('import_batch').select('la_code').where('status', '=', 'loaded').distinct().orderBy('la_code').execute();
  return rows.map((r) => r.la_code);
}
