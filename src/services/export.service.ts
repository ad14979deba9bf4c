import type { CaseloadSnapshot } from '../domain/caseload/caseload-snapshot.ts';
import type { IsoDate } from '../domain/dates.ts';
import { AppError } from '../errors.ts';
import type { Severity } from '../formats/issue.ts';
import { buildBusinessCase, renderBusinessCase, type BusinessCaseReport } from '../reports/business-case/index.ts';
import type { ReportFormat } from '../reports/common/report-format.ts';
import { renderImprovementPlan } from '../reports/improvement-plan/render.ts';
import { renderPerformance } from '../reports/performance/render.ts';
import type { AuditService } from './audit.service.ts';
import type { BenchmarksService } from './benchmarks.service.ts';
import { caseloadTable, withholdUnitTable, type CaseloadView, type PlainTable } from './caseload-tables.ts';
import type { AllocationBasis, CaseloadService } from './caseload.service.ts';
import type { ForecastRequest, ForecastRun, ForecastService } from './forecast.service.ts';
import type { ImportService } from './import.service.ts';
import type { ImprovementService } from './improvement.service.ts';
import type { KpiService } from './kpi.service.ts';
import type { PlanningService } from './planning.service.ts';
import type { ReconcileService } from './reconcile.service.ts';

/** Where a file goes before it counts as exported (the command line's `--out`); the web sends the bytes back instead. */
type Write = (bytes: Buffer) => Promise<void>;

/**
 * Who asked for an export and how. `via` is recorded as given: `{ download: NAME }` for a web
 * download, `{ command: NAME }` for a command; `route` and `ip` only on the web.
 */
export interface ExportedBy {
  actor: string;
  actorRole?: string | null | undefined;
  route?: string | null | undefined;
  ip?: string | null | undefined;
  via: { download: string } | { command: string };
}

type Deps = {
  audit: AuditService;
  caseloads: CaseloadService;
  kpis: KpiService;
  benchmarks: BenchmarksService;
  planning: PlanningService;
  improvement: ImprovementService;
  forecast: ForecastService;
  reconcile: ReconcileService;
  imports: ImportService;
};

/**
 * Every download and report leaves Headroom through this service, and each call writes exactly
 * one `export` row to the audit log, whatever the entry point (a web download or a command).
 * An entry point never writes the export row itself.
 */
export function exportService(deps: Deps) {
  const record = async (by: ExportedBy, laCode: string, detail: Record<string, unknown>): Promise<void> => {
    await deps.audit.record({ actor: by.actor, actorRole: by.actorRole ?? null, action: 'export', laCode, route: by.route ?? null, ip: by.ip ?? null, detail: { ...by.via, ...detail } });
  };

  return {
    /**
     * Caseloads as one flat table (by worker, team or service). `snapshot` may be narrowed by the
     * caller (a team manager's workers, a filtered list); `withhold` applies small-count withholding.
     */
    async caseloads(by: ExportedBy, q: { laCode: string; asOf: IsoDate; view: CaseloadView; format: string; snapshot?: CaseloadSnapshot; withhold?: boolean; teamId?: string }): Promise<{ snapshot: CaseloadSnapshot & { basis?: AllocationBasis }; table: PlainTable }> {
      const snapshot = q.snapshot ?? (await deps.caseloads.snapshot(q.laCode, q.asOf));
      const full = caseloadTable(snapshot, q.view);
      const table = q.withhold === true ? withholdUnitTable(full) : full;
      await record(by, q.laCode, {
        format: q.format,
        asOf: q.asOf,
        by: q.view,
        ...(q.teamId === undefined ? {} : { teamId: q.teamId }),
        rows: table.rows.length,
        ...(q.view === 'worker' ? { workerIds: snapshot.workers.map((w) => w.workerId) } : {}),
        ...(q.withhold === undefined ? {} : { smallCountsWithheld: q.withhold }),
      });
      return { snapshot, table };
    },

    async kpis(by: ExportedBy, q: { laCode: string; year: string; quarter?: string | undefined; format: string }) {
      const result = await deps.kpis.kpis(q.laCode, q.year, q.quarter);
      await record(by, q.laCode, { year: q.year, quarter: q.quarter ?? null, format: q.format });
      return result;
    },

    /** The quarterly performance report as a file; small counts withheld unless `suppress` is false (the command line's internal copy). */
    async performanceReport(by: ExportedBy, q: { laCode: string; year: string; quarter?: string | undefined; suppress: boolean; format: ReportFormat; write?: Write }) {
      const base = await deps.kpis.report(q.laCode, q.year, q.quarter, q.suppress);
      const model = { ...base, benchmarks: await deps.benchmarks.performanceTable(base) };
      const bytes = await renderPerformance(model, q.format);
      await q.write?.(bytes);
      await record(by, q.laCode, { year: q.year, quarter: q.quarter ?? null, format: q.format, smallCountsWithheld: q.suppress });
      return { model, bytes };
    },

    /** A saved scenario's business case as a file. A Cabinet paper is about teams and roles: worker names and ids stay out. */
    async businessCase(by: ExportedBy, q: { laCode: string; scenario: string; version?: number | undefined; asOf?: string | undefined; format: ReportFormat; write?: Write }): Promise<{ report: BusinessCaseReport; bytes: Buffer }> {
      const input = await deps.planning.businessCase(q.laCode, q.scenario, { version: q.version, asOf: q.asOf, withNames: false });
      const report = { ...buildBusinessCase(input), benchmarks: await deps.benchmarks.workforceTable(q.laCode, input.baseline.snapshot.totals.averagePerFte, input.asOf) };
      const bytes = await renderBusinessCase(report, q.format);
      await q.write?.(bytes);
      await record(by, q.laCode, { scenario: report.scenario.name, version: report.scenario.version, format: q.format, withNames: false });
      return { report, bytes };
    },

    /** The improvement plan as the Cabinet action-plan table. With `refuseEmpty`, a council without a plan is refused and nothing is written or recorded. */
    async improvementPlan(by: ExportedBy, q: { laCode: string; asOf?: string | undefined; format: ReportFormat; refuseEmpty?: boolean; write?: Write }) {
      const report = await deps.improvement.report(q.laCode, q.asOf);
      if (q.refuseEmpty === true && report.rows.length === 0) throw new AppError('input_rejected', `LA ${q.laCode} has no improvement plan yet (headroom plan import FILE --la ${q.laCode}). Nothing was written.`);
      const bytes = await renderImprovementPlan(report, q.format);
      await q.write?.(bytes);
      await record(by, q.laCode, { asOf: report.asOf, format: q.format, actions: report.rows.length });
      return { report, bytes };
    },

    /** The improvement plan's actions rated at a date, for the command line's table, JSON or CSV. */
    async plan(by: ExportedBy, q: { laCode: string; asOf?: string | undefined; format: string }) {
      const view = await deps.improvement.plan(q.laCode, q.asOf);
      await record(by, q.laCode, { asOf: view.asOf, format: q.format, actions: view.actions.length });
      return view;
    },

    /** A forecast run; `rows` says which table is downloaded (the web) so its size is recorded. */
    async forecast(by: ExportedBy, q: { laCode: string; request: ForecastRequest; format: string; window: string | number; table?: 'points' | 'workforce' }): Promise<ForecastRun> {
      const run = await deps.forecast.run(q.laCode, q.request);
      const rows = q.table === 'workforce' ? run.workforce.rows.length : q.table === 'points' ? run.forecast.points.length : undefined;
      await record(by, q.laCode, { origin: run.forecast.origin, months: q.request.months, window: q.window, format: q.format, ...(rows === undefined ? {} : { rows }) });
      return run;
    },

    async reconcile(by: ExportedBy, q: { laCode: string; year: string; format: string }) {
      const result = await deps.reconcile.reconcile(q.laCode, q.year);
      await record(by, q.laCode, { year: q.year, format: q.format });
      return result;
    },

    /**
     * A council beside the published figures. Published figures alone are public: the row is
     * written only when the council's own live figures go out with them.
     */
    async benchmarks(by: ExportedBy, q: { laCode: string; year?: number | undefined; format: string; hasData: boolean }) {
      const result = await deps.benchmarks.forLa(q.laCode, q.year);
      const live = q.hasData ? await deps.benchmarks.live(q.laCode) : [];
      if (live.length > 0) await record(by, q.laCode, { year: q.year ?? null, format: q.format });
      return { result, live };
    },

    /** An import's issues (which quote rows of the file) as a table. */
    async importIssues(by: ExportedBy, q: { laCode: string; batchId: number; severity?: Severity | undefined }): Promise<PlainTable> {
      const issues = await deps.imports.issues(q.batchId, q.severity);
      await record(by, q.laCode, { batchId: q.batchId, severity: q.severity ?? null, format: 'csv', rows: issues.length });
      return {
        head: ['List', 'Sheet', 'Row', 'Column', 'Value', 'Severity', 'Message'],
        rows: issues.map((i) => [i.list ?? null, i.sheet ?? null, i.row, i.column ?? null, i.value ?? null, i.severity, i.message]),
      };
    },
  };
}
export type ExportService = ReturnType<typeof exportService>;
