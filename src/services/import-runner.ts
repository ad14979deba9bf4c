import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { findLoadedBatches, insertBatch, insertIssues, markBatchReplaced, updateBatchCounts } from '../db/import-batch.repository.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { ImportIssue } from '../formats/issue.ts';
import type { Logger } from '../logger.ts';

export type ImportSource = 'annex-a' | 'roster' | 'teams' | 'allocations' | 'csww' | 'population' | 'plan' | 'audits' | 'risks';

/** Counts for one list (Annex A) or the one table of a single-table format. Loaded + rejected = rows read. */
export interface ListSummary {
  list: number | null;
  sheet: string;
  rowsRead: number;
  loaded: number;
  rejected: number;
}

/** What every import returns, to the CLI (`--json`) and the web upload page alike. */
export interface ImportResult {
  ok: true;
  batchId: number;
  laCode: string;
  source: ImportSource;
  fileName: string;
  extractDate: string | null;
  /** Where the extract date came from: the caller, or the latest date found in the file. */
  extractDateFrom: 'option' | 'file' | 'none';
  replaced: boolean;
  lists: ListSummary[];
  issues: ImportIssue[];
  missingLists: number[];
}

export interface ImportRequest {
  laCode: string;
  fileName: string;
  bytes: Buffer;
  loadedBy: string;
  extractDate?: string | undefined;
  onProgress?: ((rowsRead: number) => void) | undefined;
}

/** What a format's parser hands the runner: counts, issues and the rows to load. */
export interface Parsed<Payload> {
  fatal?: { message: string } | undefined;
  lists: ListSummary[];
  issues: ImportIssue[];
  missingLists?: number[];
  /** Latest date seen in the file; used as the extract date when none is given. */
  latestDate?: string | null;
  payload: Payload;
}

export interface LoadContext {
  batchId: number;
  laCode: string;
  extractDate: string | null;
  today: string;
}

/** The result of loading: final per-list counts (the loader may reject more rows) and any new issues. */
export interface Loaded {
  lists: ListSummary[];
  issues: ImportIssue[];
}

export interface Importer<Payload> {
  source: ImportSource;
  /** Whether batches are snapshots at an extract date (a re-import replaces the same date) or the current state (a re-import replaces the last one). */
  snapshots: boolean;
  parse(request: ImportRequest): Promise<Parsed<Payload>>;
  /** Removes what an earlier batch loaded, when it is being replaced. */
  remove(tx: Transaction<Database>, laCode: string, batchId: number): Promise<void>;
  load(tx: Transaction<Database>, context: LoadContext, parsed: Parsed<Payload>): Promise<Loaded>;
}

export interface ImportDeps {
  db: Kysely<Database>;
  clock: () => Date;
  logger: Logger;
}

const LA_CODE = /^\d{3}$/;

export function checkLaCode(laCode: string): void {
  if (!LA_CODE.test(laCode)) {
    throw new AppError('bad_usage', `The LA code must be the DfE three-digit local authority number (for example 855), not "${laCode}".`);
  }
}

/**
 * Runs one import atomically: parse outside the transaction, then in one transaction record
 * the batch, replace what it supersedes, load the rows and record every issue. A failure at
 * any point leaves the database exactly as it was.
 */
export async function runImport<P>(deps: ImportDeps, importer: Importer<P>, request: ImportRequest): Promise<ImportResult> {
  checkLaCode(request.laCode);
  const started = Date.now();
  const parsed = await importer.parse(request);
  if (parsed.fatal) {
    throw new AppError('input_rejected', `${request.fileName}: ${parsed.fatal.message} Nothing was loaded.`);
  }
  const extractDate = importer.snapshots ? (request.extractDate ?? parsed.latestDate ?? null) : (request.extractDate ?? null);
  const extractDateFrom = request.extractDate ? 'option' : extractDate ? 'file' : 'none';
  const today = deps.clock().toISOString().slice(0, 10);
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');

  const result = await deps.db.transaction().execute(async (tx) => {
    const previous = await findLoadedBatches(tx, request.laCode, importer.source, importer.snapshots ? extractDate : null);
    const batchId = await insertBatch(tx, {
      la_code: request.laCode,
      source: importer.source,
      file_name: request.fileName,
      sha256,
      extract_date: extractDate,
      loaded_by: request.loadedBy,
      status: 'loading',
    });
    for (const old of previous) {
      await importer.remove(tx, request.laCode, old.id);
      await markBatchReplaced(tx, old.id);
    }
    const loaded = await importer.load(tx, { batchId, laCode: request.laCode, extractDate, today }, parsed);
    for (const l of loaded.lists) {
      if (l.loaded + l.rejected !== l.rowsRead) {
        throw new Error(`row accounting failed for ${l.sheet}: ${l.loaded} loaded + ${l.rejected} rejected != ${l.rowsRead} read`);
      }
    }
    const issues = [...parsed.issues, ...loaded.issues];
    await insertIssues(tx, batchId, request.laCode, issues);
    const totals = loaded.lists.reduce((t, l) => ({ read: t.read + l.rowsRead, loaded: t.loaded + l.loaded, rejected: t.rejected + l.rejected }), {
      read: 0,
      loaded: 0,
      rejected: 0,
    });
    const summary = { lists: loaded.lists, missingLists: parsed.missingLists ?? [], replacedBatches: previous.map((p) => p.id) };
    await updateBatchCounts(tx, batchId, {
      rows_read: totals.read,
      rows_loaded: totals.loaded,
      rows_rejected: totals.rejected,
      status: 'loaded',
      summary: JSON.stringify(summary),
    });
    return { batchId, replaced: previous.length > 0, lists: loaded.lists, issues };
  });

  deps.logger.info(
    { batchId: result.batchId, laCode: request.laCode, source: importer.source, rows: result.lists.reduce((n, l) => n + l.rowsRead, 0), ms: Date.now() - started },
    'import loaded',
  );
  return {
    ok: true,
    batchId: result.batchId,
    laCode: request.laCode,
    source: importer.source,
    fileName: request.fileName,
    extractDate,
    extractDateFrom,
    replaced: result.replaced,
    lists: result.lists,
    issues: result.issues,
    missingLists: parsed.missingLists ?? [],
  };
}
