import type { Kysely, Transaction } from 'kysely';
import { findLatestLoadedBatch, getBatch, listBatches, listIssues, listLoadedLaCodes, markBatchUndone } from '../db/import-batch.repository.ts';
import { getLaSetting, listLaSettings, upsertLaSetting } from '../db/la-setting.repository.ts';
import type { Database, ImportBatch } from '../db/schema.ts';
import { deleteBatchCoverage, listBatchCoverage } from '../db/source-coverage.repository.ts';
import type { CoverageWindow } from '../domain/coverage/coverage.ts';
import type { UnitFigures } from '../domain/caseload/unit-figures.ts';
import { AppError } from '../errors.ts';
import type { ImportIssue, Severity } from '../formats/issue.ts';
import { caseloadService } from './caseload.service.ts';
import { deleteBatchRows, type BatchEffect } from './import-effect.ts';
import { dryRunImport, lockCouncilImports, runImport, type ImportDeps, type Importer, type ImportRequest, type ImportResult, type ImportSource, type ListSummary, type WorkforceEffect } from './import-runner.ts';
import { standardsService } from './standards.service.ts';

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
  /** What the import changed; null for imports loaded before Headroom recorded it. */
  effect: BatchEffect | null;
  /** Whether it can be undone now, and if not, why not (docs/imports.md, "Undo"). */
  undo: { possible: boolean; reason: string | null };
}

/** Today's council-wide caseload figures, as the overview shows them. */
export type Headline = Pick<UnitFigures, 'children' | 'heldChildren' | 'unallocated' | 'caseHoldingWorkers' | 'caseHoldingFte' | 'averagePerFte' | 'capacity' | 'headroom' | 'casesOverCapacity'>;

/** What an import would do, worked out without writing anything. */
export interface ImportPreview {
  /** The import's result as it would be; its batch number is not kept. */
  result: ImportResult;
  /** Today's figures for the council before and after the import would load. */
  headline: { asOf: string; before: Headline; after: Headline };
  /** The database holds only synthetic (demo) councils now, and this import would load real data. */
  endsDemoData: boolean;
}

export interface UndoResult {
  batchId: number;
  laCode: string;
  source: string;
  fileName: string;
  rowsRemoved: number;
}

/** The kinds of file the Data page loads: what undo is offered for. Improvement plans, audits and risks are edited in Headroom after loading. */
export const UNDOABLE_SOURCES: readonly string[] = ['annex-a', 'roster', 'teams', 'allocations', 'csww', 'population', 'ssda903', 'cin-census'];

const EFFECT_WORDS: Record<keyof BatchEffect, [string, string]> = {
  children: ['child', 'children'],
  events: ['event or episode', 'events or episodes'],
  teams: ['team', 'teams'],
  workers: ['worker', 'workers'],
  allocations: ['allocation', 'allocations'],
  other: ['other row', 'other rows'],
};

/**
 * Why an import cannot be undone, or null when it can. Undo deletes the rows the import carries,
 * which restores the council's data exactly only when nothing was loaded after it and it
 * neither replaced an earlier import nor changed rows an earlier import had loaded.
 */
async function undoRefusal(db: Kysely<Database>, batch: ImportBatch): Promise<string | null> {
  if (batch.status === 'undone') return 'It has already been undone.';
  if (batch.status !== 'loaded') return 'A later import of the same kind replaced it, so its rows are no longer loaded.';
  if (!UNDOABLE_SOURCES.includes(batch.source)) return `Imports of ${batch.source} files are changed in Headroom after loading, so they cannot be undone. Import a corrected file instead.`;
  const summary = (batch.summary ?? {}) as { effect?: BatchEffect; replacedBatches?: number[] };
  if (!summary.effect) return 'It was loaded before Headroom recorded what each import changed. Import a corrected file instead, which replaces it.';
  const latest = await findLatestLoadedBatch(db, batch.la_code);
  if (latest && latest.id !== batch.id) return `Import ${latest.id} (${latest.file_name}) was loaded after it for council ${batch.la_code}, and may rely on it. Only a council’s latest import can be undone.`;
  const replaced = summary.replacedBatches ?? [];
  if (replaced.length > 0) return `It replaced import ${replaced.join(', ')}, whose rows were removed. Undoing it would leave neither loaded: import the earlier file again instead.`;
  const changed = (Object.keys(EFFECT_WORDS) as Array<keyof BatchEffect>).filter((k) => summary.effect![k].changed > 0);
  if (changed.length > 0) {
    const list = changed.map((k) => `${summary.effect![k].changed.toLocaleString('en-GB')} ${EFFECT_WORDS[k][summary.effect![k].changed === 1 ? 0 : 1]}`).join(', ');
    return `It updated ${list} that an earlier import had loaded; removing it would not bring their earlier values back. Import a corrected file instead.`;
  }
  return null;
}

function headlineOf(t: UnitFigures): Headline {
  return {
    children: t.children,
    heldChildren: t.heldChildren,
    unallocated: t.unallocated,
    caseHoldingWorkers: t.caseHoldingWorkers,
    caseHoldingFte: t.caseHoldingFte,
    averagePerFte: t.averagePerFte,
    capacity: t.capacity,
    headroom: t.headroom,
    casesOverCapacity: t.casesOverCapacity,
  };
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
    /** Parses, checks and loads the file in a transaction that is rolled back: nothing is written. */
    async preview(source: ImportSource, request: ImportRequest): Promise<ImportPreview> {
      const importer = importers[source];
      if (!importer) throw new AppError('bad_usage', `Headroom cannot import "${source}" files yet.`);
      const asOf = deps.clock().toISOString().slice(0, 10);
      const [codes, settings] = await Promise.all([listLoadedLaCodes(deps.db), listLaSettings(deps.db)]);
      const synthetic = new Set(settings.filter((s) => s.synthetic).map((s) => s.laCode));
      const endsDemoData = request.loadedBy !== 'demo' && codes.length > 0 && codes.every((c) => synthetic.has(c));
      const figures = async (tx: Transaction<Database>): Promise<Headline> => {
        const caseloads = caseloadService({ db: tx, clock: deps.clock, standards: standardsService({ db: tx }) });
        return headlineOf((await caseloads.snapshot(request.laCode, asOf)).totals);
      };
      const run = await dryRunImport(deps, importer, request, figures);
      return { result: run.result, headline: { asOf, before: run.before, after: run.after }, endsDemoData };
    },
    /** Removes an import's rows in one transaction, when undoRefusal allows it; otherwise says why not. */
    async undo(batchId: number, _by: { actor: string }): Promise<UndoResult> {
      const found = await getBatch(deps.db, batchId);
      if (!found) throw new AppError('not_found', `There is no import numbered ${batchId}.`);
      return deps.db.transaction().execute(async (tx) => {
        await lockCouncilImports(tx, found.la_code);
        const batch = (await getBatch(tx, batchId))!;
        const refusal = await undoRefusal(tx, batch);
        if (refusal) throw new AppError('input_rejected', `Import ${batchId} cannot be undone. ${refusal}`);
        const rowsRemoved = await deleteBatchRows(tx, batch.la_code, batchId);
        await deleteBatchCoverage(tx, batchId);
        await markBatchUndone(tx, batchId);
        return { batchId, laCode: batch.la_code, source: batch.source, fileName: batch.file_name, rowsRemoved };
      });
    },
    /** Most recent imports first, for one LA or all. */
    async history(laCode: string | null, limit = 100): Promise<ImportBatch[]> {
      return listBatches(deps.db, laCode, limit);
    },
    async report(batchId: number): Promise<BatchReport> {
      const batch = await getBatch(deps.db, batchId);
      if (!batch) throw new AppError('not_found', `There is no import numbered ${batchId}.`);
      const issues = await listIssues(deps.db, batchId);
      const summary = (batch.summary ?? {}) as { lists?: ListSummary[]; missingLists?: number[]; workforce?: WorkforceEffect; effect?: BatchEffect };
      const coverage = await listBatchCoverage(deps.db, batchId);
      const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
      for (const i of issues) counts[i.severity] += 1;
      const refusal = await undoRefusal(deps.db, batch);
      return {
        batch,
        lists: summary.lists ?? [],
        missingLists: summary.missingLists ?? [],
        counts,
        coverage,
        workforce: summary.workforce ?? null,
        effect: summary.effect ?? null,
        undo: { possible: refusal === null, reason: refusal },
      };
    },
    async issues(batchId: number, severity?: Severity): Promise<ImportIssue[]> {
      return listIssues(deps.db, batchId, severity);
    },
  };
}
export type ImportService = ReturnType<typeof importService>;
