import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { findLoadedBatches, insertBatch, insertIssues, markBatchReplaced, updateBatchCounts } from '../db/import-batch.repository.ts';
import { crashPoint } from '../db/faults.ts';
import { ensureCouncilPartitions } from '../db/partitions.ts';
import type { Database } from '../db/schema.ts';
import { deleteBatchCoverage, recordBatchCoverage } from '../db/source-coverage.repository.ts';
import type { CoverageWindow } from '../domain/coverage/coverage.ts';
import { AppError } from '../errors.ts';
import { issue } from '../domain/issue.ts';
import type { ImportIssue } from '../formats/issue.ts';
import type { Logger } from '../logger.ts';
import { isLaCode } from '../domain/la-code.ts';
import { countCouncilRows, measureEffect, type BatchEffect } from './import-effect.ts';

export type ImportSource = 'annex-a' | 'roster' | 'teams' | 'allocations' | 'csww' | 'population' | 'ssda903' | 'cin-census' | 'ssd' | 'plan' | 'audits' | 'risks';

/** For statutory returns: how this return's episodes compare with the other returns loaded. */
export interface ReturnChanges {
  /** Not in any other return loaded. */
  added: number;
  /** In an earlier return with other values: this return's values now hold. */
  replaced: number;
  /** In an earlier return with the same values. */
  unchanged: number;
  /** Also in a later return, whose values hold. */
  superseded: number;
}

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
  /** The dates the batch's data covers, per source family (docs/kpi-definitions.md, "Coverage"). */
  coverage: CoverageWindow[];
  /** Statutory returns only: episodes added, replaced and unchanged against the other returns. */
  changes?: ReturnChanges;
  /** What an Annex A import did to the workforce, when it named workers or teams; absent otherwise. */
  workforce?: WorkforceEffect | undefined;
  /** Rows added, and rows earlier imports had loaded that this one changed or removed. */
  effect: BatchEffect;
  /** The earlier imports this one replaced. */
  replacedBatches: number[];
}

/** A dry run: what the import would do, worked out in a transaction that is then rolled back. */
export interface DryRun<Extra> {
  result: ImportResult;
  /** What `inspect` saw before the load and after it, inside the transaction. */
  before: Extra;
  after: Extra;
}

/** Workers and teams an Annex A extract named that no roster or teams file holds, and what that did to today's figures. */
export interface WorkforceEffect {
  inferredWorkers: number;
  inferredTeams: number;
  /** Whether the council has a roster: inferred workers then add no capacity. */
  hasRoster: boolean;
  /** The plain-English account for the validation report. */
  message: string;
}

export interface ImportRequest {
  laCode: string;
  fileName: string;
  bytes: Buffer;
  loadedBy: string;
  extractDate?: string | undefined;
  /** SSDA903: the collection year, ending 31 March of this year. */
  returnYear?: number | undefined;
  /** Annex A: the extract reaches back to this date, further than the guidance windows. */
  coversFrom?: string | undefined;
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
  /** The windows a file vouches for on its own (a statutory return: its collection year). */
  coverage?: CoverageWindow[] | undefined;
  payload: Payload;
}

export interface LoadContext {
  batchId: number;
  laCode: string;
  /** The uploaded file's name, for issues the loader adds. */
  fileName: string;
  extractDate: string | null;
  coversFrom: string | null;
  today: string;
}

/** The result of loading: final per-list counts (the loader may reject more rows) and any new issues. */
export interface Loaded {
  lists: ListSummary[];
  issues: ImportIssue[];
  changes?: ReturnChanges;
  /** The windows the batch covers; importers of point-in-time files leave it to the runner. */
  coverage?: CoverageWindow[] | undefined;
  workforce?: WorkforceEffect | undefined;
}

/** Files that describe the position on the day they were taken: they cover that day. */
const POINT_IN_TIME: Partial<Record<ImportSource, CoverageWindow['family']>> = { roster: 'roster', allocations: 'allocations' };

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

/** First key of the advisory lock that serialises a council's imports ("HR" + 1). */
const IMPORT_LOCK_CLASS = 0x4852_0001;

/** Holds the council's import lock until the transaction ends: imports and undos of one council run one at a time. */
export async function lockCouncilImports(tx: Transaction<Database>, laCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_CLASS}, ${Number(laCode)})`.execute(tx);
}

export function checkLaCode(laCode: string): void {
  if (!isLaCode(laCode)) {
    throw new AppError('bad_usage', `The LA code must be the DfE three-digit local authority number (for example 855), not "${laCode}".`);
  }
}

/**
 * Runs one import atomically: parse outside the transaction, then in one transaction record
 * the batch, replace what it supersedes, load the rows and record every issue. A failure at
 * any point leaves the database exactly as it was.
 */
export async function runImport<P>(deps: ImportDeps, importer: Importer<P>, given: ImportRequest): Promise<ImportResult> {
  const run = await runInTransaction(deps, importer, given, null);
  return run.result;
}

/**
 * Parses, checks and loads the file exactly as an import does, then rolls everything back:
 * nothing is written. `inspect` reads the council's figures inside the transaction, before the
 * load and after it, so a preview can say how they would move.
 */
export async function dryRunImport<P, Extra>(deps: ImportDeps, importer: Importer<P>, given: ImportRequest, inspect: (tx: Transaction<Database>) => Promise<Extra>): Promise<DryRun<Extra>> {
  return runInTransaction(deps, importer, given, inspect) as Promise<DryRun<Extra>>;
}

class RolledBack<T> extends Error {
  constructor(readonly outcome: T) {
    super('dry run rolled back');
  }
}

async function runInTransaction<P, Extra>(
  deps: ImportDeps,
  importer: Importer<P>,
  given: ImportRequest,
  inspect: ((tx: Transaction<Database>) => Promise<Extra>) | null,
): Promise<{ result: ImportResult; before: Extra | null; after: Extra | null }> {
  checkLaCode(given.laCode);
  // The file name is stored and shown: control characters (NUL cannot be stored) removed, length bounded.
  const request = { ...given, fileName: given.fileName.replace(/[\u0000-\u001F\u007F]/g, '').slice(0, 255) || 'file' };
  const started = Date.now();
  const parsed = await importer.parse(request);
  if (parsed.fatal) {
    const whole = issue('file_unusable', '', `${request.fileName}: ${parsed.fatal.message}`, parsed.fatal.message);
    throw new AppError('input_rejected', `${whole.message} Nothing was loaded.`, { issues: [whole] });
  }
  const extractDate = importer.snapshots ? (request.extractDate ?? parsed.latestDate ?? null) : (request.extractDate ?? null);
  const extractDateFrom = request.extractDate ? 'option' : extractDate ? 'file' : 'none';
  if (request.coversFrom && extractDate && request.coversFrom > extractDate) {
    throw new AppError('bad_usage', `The extract cannot cover from ${request.coversFrom}: that is after its extract date, ${extractDate}. Nothing was loaded.`);
  }
  const today = deps.clock().toISOString().slice(0, 10);
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');

  // Outside the import's transaction, so a long import never holds the partitioning lock. A dry
  // run creates nothing, not even partitions: its rows pass through the default partition and
  // are rolled back with it.
  if (inspect === null) await ensureCouncilPartitions(deps.db, request.laCode);
  let before: Extra | null = null;
  let after: Extra | null = null;
  const work = deps.db.transaction().execute(async (tx) => {
    // Imports for one council queue behind each other (PostgreSQL runs them on separate
    // connections): the second sees the first's batch and replaces it instead of loading a
    // second copy beside it. Per council rather than per source, because sources share the
    // council's children, teams and workers.
    await lockCouncilImports(tx, request.laCode);
    if (inspect) before = await inspect(tx);
    const rowsBefore = await countCouncilRows(tx, request.laCode);
    const previous = await findLoadedBatches(tx, request.laCode, importer.source, importer.snapshots ? extractDate : null);
    const batchId = await insertBatch(tx, {
      la_code: request.laCode,
      source: importer.source,
      file_name: request.fileName,
      sha256,
      extract_date: extractDate,
      loaded_by: request.loadedBy,
      status: 'loading',
      covers_from: request.coversFrom ?? null,
    });
    for (const old of previous) {
      await importer.remove(tx, request.laCode, old.id);
      await markBatchReplaced(tx, old.id);
      await deleteBatchCoverage(tx, old.id);
    }
    const loaded = await importer.load(tx, { batchId, laCode: request.laCode, fileName: request.fileName, extractDate, coversFrom: request.coversFrom ?? null, today }, parsed);
    const pointFamily = POINT_IN_TIME[importer.source];
    const asOf = extractDate ?? today;
    const coverage = loaded.coverage ?? parsed.coverage ?? (pointFamily ? [{ family: pointFamily, from: asOf, to: asOf }] : []);
    await recordBatchCoverage(tx, request.laCode, batchId, importer.source, coverage);
    for (const l of loaded.lists) {
      if (l.loaded + l.rejected !== l.rowsRead) {
        throw new Error(`row accounting failed for ${l.sheet}: ${l.loaded} loaded + ${l.rejected} rejected != ${l.rowsRead} read`);
      }
    }
    const issues = [...parsed.issues, ...loaded.issues];
    await insertIssues(tx, batchId, request.laCode, issues);
    crashPoint('import-load');
    const totals = loaded.lists.reduce((t, l) => ({ read: t.read + l.rowsRead, loaded: t.loaded + l.loaded, rejected: t.rejected + l.rejected }), {
      read: 0,
      loaded: 0,
      rejected: 0,
    });
    const effect = await measureEffect(tx, request.laCode, batchId, rowsBefore);
    const summary = {
      effect,
      lists: loaded.lists,
      missingLists: parsed.missingLists ?? [],
      replacedBatches: previous.map((p) => p.id),
      coverage,
      ...(loaded.changes ? { changes: loaded.changes } : {}),
      ...(loaded.workforce ? { workforce: loaded.workforce } : {}),
    };
    await updateBatchCounts(tx, batchId, {
      rows_read: totals.read,
      rows_loaded: totals.loaded,
      rows_rejected: totals.rejected,
      status: 'loaded',
      summary: JSON.stringify(summary),
    });
    const outcome = { batchId, replaced: previous.length > 0, replacedBatches: previous.map((p) => p.id), lists: loaded.lists, issues, coverage, changes: loaded.changes, workforce: loaded.workforce, effect };
    if (inspect) {
      after = await inspect(tx);
      throw new RolledBack(outcome);
    }
    return outcome;
  });
  const result = await work.catch((err: unknown) => {
    if (err instanceof RolledBack) return err.outcome as Awaited<typeof work>;
    throw err;
  });

  if (!inspect) deps.logger.info(
    { batchId: result.batchId, laCode: request.laCode, source: importer.source, rows: result.lists.reduce((n, l) => n + l.rowsRead, 0), ms: Date.now() - started },
    'import loaded',
  );
  const imported: ImportResult = {
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
    coverage: result.coverage,
    ...(result.changes ? { changes: result.changes } : {}),
    ...(result.workforce ? { workforce: result.workforce } : {}),
    effect: result.effect,
    replacedBatches: result.replacedBatches,
  };
  return { result: imported, before, after };
}
