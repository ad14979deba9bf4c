import type { Kysely } from 'kysely';
import { getBatch, listBatches, listIssues } from '../db/import-batch.repository.ts';
import { getLaSetting, upsertLaSetting } from '../db/la-setting.repository.ts';
import type { Database, ImportBatch } from '../db/schema.ts';
import { listBatchCoverage } from '../db/source-coverage.repository.ts';
import type { CoverageWindow } from '../domain/coverage/coverage.ts';
import { AppError } from '../errors.ts';
import type { ImportIssue, Severity } from '../formats/issue.ts';
import { runImport, type ImportDeps, type Importer, type ImportRequest, type ImportResult, type ImportSource, type ListSummary, type WorkforceEffect } from './import-runner.ts';

export type ImporterRegistry = Partial<Record<ImportSource, Importer<unknown>>>;

/** One entry point for every file import, used by the CLI and the web upload page. */
export interface BatchReport {
  batch: ImportBatch;
  lists: ListSummary[];
  missingLists: number[];
  counts: Record<Severity, number>;
  /** The dates the batch's data covers, per source family. */
  coverage: CoverageWindow[];
  workforce: WorkforceEffect | null;
}

/** Runs after a successful import, without delaying it (see `afterImport`). */
export type AfterImport = (result: ImportResult) => Promise<void>;

/** How long a council's imports must pause before the work after them starts. */
const SETTLE_MS = 200;

export function importService(deps: ImportDeps & { db: Kysely<Database> }, importers: ImporterRegistry) {
  const listeners: AfterImport[] = [];
  const pending = new Set<Promise<void>>();
  // Imports started per council: the work after an import is skipped when another import for the
  // council starts before it runs (a demo or a backfill loads many files in a row), so it runs
  // once, after the last of them, rather than once per file against data about to change.
  const started = new Map<string, number>();
  const notify = (result: ImportResult): void => {
    if (listeners.length === 0) return;
    const generation = started.get(result.laCode);
    const run = new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS)).then(async () => {
      if (started.get(result.laCode) !== generation) return;
      for (const listener of listeners) {
        await listener(result).catch((err: unknown) => deps.logger.warn({ err, laCode: result.laCode }, 'work after an import failed'));
      }
    });
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };
  return {
    /**
     * Registers work to run after a council's successful imports, such as computing what the
     * pages will ask for first: once its imports pause (a run of files gets it once, after the
     * last). The import returns without waiting for it; a failure is logged, never thrown.
     */
    afterImport(listener: AfterImport): void {
      listeners.push(listener);
    },
    /** Resolves once the work started after imports so far has finished (tests, orderly shutdown). */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    sources(): ImportSource[] {
      return Object.keys(importers) as ImportSource[];
    },
    async run(source: ImportSource, request: ImportRequest): Promise<ImportResult> {
      const importer = importers[source];
      if (!importer) throw new AppError('bad_usage', `Headroom cannot import "${source}" files yet.`);
      // A council's own file makes its data real: the loopback demo sign-in stops applying. Done
      // before the import, so a failed import still leaves the council marked as not synthetic.
      if (request.loadedBy !== 'demo' && (await getLaSetting(deps.db, request.laCode))?.synthetic) await upsertLaSetting(deps.db, request.laCode, { synthetic: false });
      started.set(request.laCode, (started.get(request.laCode) ?? 0) + 1);
      const result = await runImport(deps, importer, request);
      notify(result);
      return result;
    },
    /** Most recent imports first, for one LA or all. */
    async history(laCode: string | null, limit = 100): Promise<ImportBatch[]> {
      return listBatches(deps.db, laCode, limit);
    },
    async report(batchId: number): Promise<BatchReport> {
      const batch = await getBatch(deps.db, batchId);
      if (!batch) throw new AppError('not_found', `There is no import numbered ${batchId}.`);
      const issues = await listIssues(deps.db, batchId);
      const summary = (batch.summary ?? {}) as { lists?: ListSummary[]; missingLists?: number[]; workforce?: WorkforceEffect };
      const coverage = await listBatchCoverage(deps.db, batchId);
      const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
      for (const i of issues) counts[i.severity] += 1;
      return { batch, lists: summary.lists ?? [], missingLists: summary.missingLists ?? [], counts, coverage, workforce: summary.workforce ?? null };
    },
    async issues(batchId: number, severity?: Severity): Promise<ImportIssue[]> {
      return listIssues(deps.db, batchId, severity);
    },
  };
}
export type ImportService = ReturnType<typeof importService>;
