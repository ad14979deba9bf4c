import type { Kysely } from 'kysely';
import { earliestEventDate, latestEventDate } from '../db/flow.repository.ts';
import {
  earliestAllocationStart,
  insertUpdates,
  listActions,
  listCaseAudits,
  listCswwSummaries,
  listRisks,
  listUpdates,
  upsertActions,
  upsertRisks,
} from '../db/improvement.repository.ts';
import type { Database } from '../db/schema.ts';
import { listSnapshotDates } from '../db/workforce.repository.ts';
import { parsePeriod } from '../domain/calendar/periods.ts';
import { addDays, isIsoDate, monthEnd, monthEnds, type IsoDate } from '../domain/dates.ts';
import { emptyFlowData } from '../domain/flow/events.ts';
import { computeKpis } from '../domain/flow/indicators.ts';
import { isKpiId, type KpiId } from '../domain/flow/kpi.ts';
import { auditQuarter, sharesBy, type GradeShares } from '../domain/improvement/audit-grades.ts';
import { isMeasureId, measureInfo, type Better, type MeasureId, type MeasureInfo } from '../domain/improvement/measures.ts';
import type { ActionUpdate, CaseAudit, ImprovementAction, Risk } from '../domain/improvement/model.ts';
import { ACTION_STATUSES, meetsTarget, ragFor, type ActionStatus, type RagResult, type RagSource } from '../domain/improvement/rag.ts';
import { RISK_BAND_LABELS, scoreRisk, type RiskBand } from '../domain/improvement/risk.ts';
import { suppressCount } from '../domain/disclosure/index.ts';
import type { RiskRegisterPart } from '../reports/performance/risk-register.ts';
import { AppError } from '../errors.ts';
import { getLaSetting } from '../db/la-setting.repository.ts';
import { buildImprovementPlanReport, type ImprovementPlanReport } from '../reports/improvement-plan/model.ts';
import type { AuditService } from './audit.service.ts';
import type { CaseloadService } from './caseload.service.ts';
import type { KpiService } from './kpi.service.ts';
import { councilCache, COUNCILS_KEPT } from './result-cache.ts';

/** A measure's figure at a date, with the date or period it describes; value null = no data for it. */
export interface MeasureReading {
  id: MeasureId;
  label: string;
  value: number | null;
  /** What the figure covers, in words: "12 months to 31 Mar 2025", "at 2025-03-31", "census at 30 Sep 2024"; or why there is none. */
  covers: string;
  asAt: IsoDate | null;
}

export interface TrendPoint {
  date: IsoDate;
  value: number | null;
}

/** One action as `headroom plan --format json` prints it: the contract in docs/improvement.md. */
export interface PlanActionJson {
  ref: string;
  area: string;
  action: string;
  lead: string;
  due: IsoDate;
  status: ActionStatus;
  overdue: boolean;
  rag: RagResult;
  ragSource: RagSource;
  measure: { id: MeasureId; value: number | null; target: number; betterWhen: Better; met: boolean | null } | null;
}

export interface PlanJson {
  laCode: string;
  asOf: IsoDate;
  actions: PlanActionJson[];
}

/** An action with what pages and reports show besides the contract. */
export interface PlanActionView extends PlanActionJson {
  start: IsoDate;
  reading: MeasureReading | null;
  measureLabel: string | null;
  latestUpdate: ActionUpdate | null;
}

export interface PlanView {
  laCode: string;
  asOf: IsoDate;
  actions: PlanActionView[];
}

export interface RiskView extends Risk {
  score: number;
  band: RiskBand;
  reading: MeasureReading | null;
  met: boolean | null;
}

export interface AuditPoint {
  childId: string;
  teamId: string;
  auditDate: IsoDate;
  grade: CaseAudit['grade'];
  /** The team's children per case-holding FTE on the audit date; null when not known. */
  teamAveragePerFte: number | null;
}

export interface AuditsView {
  laCode: string;
  audits: CaseAudit[];
  byTeam: Array<{ key: string; name: string } & GradeShares>;
  byQuarter: Array<{ key: string } & GradeShares>;
  points: AuditPoint[];
  themes: Array<{ theme: string; count: number }>;
}

export interface Changer {
  actor: string;
  actorRole?: string | null | undefined;
  route?: string | null | undefined;
}

const isoToday = (clock: () => Date) => clock().toISOString().slice(0, 10);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const longDate = (d: IsoDate) => `${Number(d.slice(8, 10))} ${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;

let kpiLabels: Map<KpiId, string> | undefined;
function kpiLabel(id: KpiId): string {
  kpiLabels ??= new Map(computeKpis(emptyFlowData(), parsePeriod('2024-25')).map((k) => [k.id, k.label]));
  return kpiLabels.get(id) ?? id;
}

export function describeMeasure(id: MeasureId): MeasureInfo {
  return measureInfo(id, isKpiId(id) ? kpiLabel(id) : undefined);
}

/**
 * The improvement plan, audits and risk register of an LA, read against its live figures. An
 * indicator is read over the 12 months to the latest month end on or before the date; a caseload
 * measure at the latest Annex A extract (or the date, with an allocations import); agency and
 * vacancy rates from the latest workforce census on or before the date. A figure the loaded data
 * does not cover is null, and says why.
 */
export function improvementService(deps: { db: Kysely<Database>; clock: () => Date; kpis: KpiService; caseloads: CaseloadService; audit: AuditService }) {
  const { db } = deps;

  // What the data loaded covers and the workforce censuses: a page reads them for each of its
  // measures, and they change only with an import (which changes the data version).
  const fact = councilCache(db, COUNCILS_KEPT * 4);
  const snapshotDates = (laCode: string): Promise<IsoDate[]> => fact(laCode, 'snapshotDates', () => listSnapshotDates(db, laCode));

  function kpiCoverage(laCode: string): Promise<{ from: IsoDate; to: IsoDate } | null> {
    return fact(laCode, 'kpiCoverage', () => readKpiCoverage(laCode));
  }

  async function readKpiCoverage(laCode: string): Promise<{ from: IsoDate; to: IsoDate } | null> {
    const [earliest, latest, extracts] = await Promise.all([earliestEventDate(db, laCode), latestEventDate(db, laCode), snapshotDates(laCode)]);
    if (earliest === null || latest === null) return null;
    const to = extracts.at(-1) ?? latest;
    return { from: `${earliest.slice(0, 7)}-01`, to: to > latest ? to : latest };
  }

  /** The latest month end on or before a date. */
  const monthEndOnOrBefore = (d: IsoDate): IsoDate => (monthEnd(d) === d ? d : addDays(`${d.slice(0, 7)}-01`, -1));
  const windowStart = (end: IsoDate): IsoDate => addDays(monthEnd(`${Number(end.slice(0, 4)) - 1}${end.slice(4, 7)}-01`), 1);

  async function kpiSeries(laCode: string, id: KpiId, from: IsoDate, to: IsoDate): Promise<TrendPoint[]> {
    const coverage = await kpiCoverage(laCode);
    const end = monthEndOnOrBefore(to);
    if (coverage === null || end < from) return [];
    const months = monthEnds(from, end).length;
    const rows = await deps.kpis.rolling(laCode, [id], end, Math.max(1, months));
    return rows.map((r) => ({ date: r.monthEnd, value: r.monthEnd <= coverage.to && windowStart(r.monthEnd) >= coverage.from ? (r.values[0] ?? null) : null }));
  }

  function caseloadCoverageFrom(laCode: string): Promise<IsoDate | null> {
    return fact(laCode, 'caseloadCoverageFrom', () => readCaseloadCoverageFrom(laCode));
  }

  async function readCaseloadCoverageFrom(laCode: string): Promise<IsoDate | null> {
    const basis = await deps.caseloads.basis(laCode);
    if (basis === 'none') return null;
    if (basis === 'annex_a') return (await snapshotDates(laCode))[0] ?? null;
    return earliestAllocationStart(db, laCode);
  }

  // Cases over capacity is the sum over teams (a team's spare capacity does not cancel another's
  // excess, docs/standards.md); the LA's own total would net them off.
  const caseloadFigure = (id: MeasureId, totals: { averagePerFte: number | null; unallocated: number }, teams: ReadonlyArray<{ casesOverCapacity: number }>): number | null =>
    id === 'average_caseload_per_fte' ? totals.averagePerFte : id === 'cases_over_capacity' ? teams.reduce((n, t) => n + t.casesOverCapacity, 0) : totals.unallocated;

  function censuses(laCode: string): Promise<Array<{ referenceDate: IsoDate; agencyRatePercent: number | null; vacancyRatePercent: number | null }>> {
    return fact(laCode, 'censuses', () => readCensuses(laCode));
  }

  async function readCensuses(laCode: string): Promise<Array<{ referenceDate: IsoDate; agencyRatePercent: number | null; vacancyRatePercent: number | null }>> {
    return (await listCswwSummaries(db, laCode))
      .map((c) => c.summary as { referenceDate?: string; agencyRatePercent?: number | null; vacancyRatePercent?: number | null })
      .filter((s) => typeof s.referenceDate === 'string')
      .map((s) => ({ referenceDate: s.referenceDate as string, agencyRatePercent: s.agencyRatePercent ?? null, vacancyRatePercent: s.vacancyRatePercent ?? null }))
      .sort((a, b) => (a.referenceDate < b.referenceDate ? -1 : 1));
  }

  async function reading(laCode: string, id: MeasureId, asOf: IsoDate): Promise<MeasureReading> {
    const label = describeMeasure(id).label;
    if (isKpiId(id)) {
      const end = monthEndOnOrBefore(asOf);
      const coverage = await kpiCoverage(laCode);
      if (coverage === null) return { id, label, value: null, covers: 'no data: no contacts or referrals are loaded', asAt: null };
      if (end > coverage.to || windowStart(end) < coverage.from) {
        return { id, label, value: null, covers: `no data: the 12 months to ${longDate(end)} are not all covered by the data loaded (${longDate(coverage.from)} to ${longDate(coverage.to)})`, asAt: end };
      }
      const point = (await kpiSeries(laCode, id, end, end)).at(-1);
      return { id, label, value: point?.value ?? null, covers: point?.value === null ? `no data for the 12 months to ${longDate(end)}` : `12 months to ${longDate(end)}`, asAt: end };
    }
    if (id === 'agency_rate' || id === 'vacancy_rate') {
      const census = (await censuses(laCode)).filter((c) => c.referenceDate <= asOf).at(-1);
      if (!census) return { id, label, value: null, covers: `no data: no workforce census on or before ${longDate(asOf)} is loaded`, asAt: null };
      const value = id === 'agency_rate' ? census.agencyRatePercent : census.vacancyRatePercent;
      return { id, label, value, covers: value === null ? `no data: the census at ${longDate(census.referenceDate)} does not give it` : `census at ${longDate(census.referenceDate)}`, asAt: census.referenceDate };
    }
    const from = await caseloadCoverageFrom(laCode);
    if (from === null || from > asOf) return { id, label, value: null, covers: `no data: no allocations on or before ${longDate(asOf)} are loaded`, asAt: null };
    const basis = await deps.caseloads.basis(laCode);
    const at = basis === 'annex_a' ? ((await snapshotDates(laCode)).filter((d) => d <= asOf).at(-1) ?? asOf) : asOf;
    const snapshot = await deps.caseloads.snapshot(laCode, at);
    return { id, label, value: caseloadFigure(id, snapshot.totals, snapshot.teams), covers: basis === 'annex_a' ? `Annex A extract of ${longDate(at)}` : `at ${longDate(at)}`, asAt: at };
  }

  /** The measure at each month end (a census measure: at each census) from the month before `from` to `to`. */
  async function trend(laCode: string, id: MeasureId, from: IsoDate, to: IsoDate): Promise<TrendPoint[]> {
    const start = addDays(`${from.slice(0, 7)}-01`, -1);
    if (to < start) return [];
    if (isKpiId(id)) return kpiSeries(laCode, id, start, to);
    if (id === 'agency_rate' || id === 'vacancy_rate') {
      const all = await censuses(laCode);
      const before = all.filter((c) => c.referenceDate <= from).at(-1);
      return all
        .filter((c) => c === before || (c.referenceDate > from && c.referenceDate <= to))
        .map((c) => ({ date: c.referenceDate, value: id === 'agency_rate' ? c.agencyRatePercent : c.vacancyRatePercent }));
    }
    const coveredFrom = await caseloadCoverageFrom(laCode);
    if (coveredFrom === null) return [];
    const ends = monthEnds(start, to);
    const first = ends[0];
    const last = ends.at(-1);
    if (first === undefined || last === undefined) return [];
    const series = await deps.caseloads.series(laCode, first, last);
    return series.dates.map((d, i) => {
      const totals = series.totals[i];
      return { date: d, value: totals && d >= coveredFrom ? caseloadFigure(id, totals, series.teams.map((t) => t.figures[i] ?? { casesOverCapacity: 0 })) : null };
    });
  }

  function date(asOf: string | undefined): IsoDate {
    const d = asOf ?? isoToday(deps.clock);
    if (!isIsoDate(d)) throw new AppError('bad_usage', `"${d}" is not a date written YYYY-MM-DD.`);
    return d;
  }

  async function actionView(laCode: string, a: ImprovementAction, asOf: IsoDate, latestUpdate: ActionUpdate | null): Promise<PlanActionView> {
    const r = a.measure ? await reading(laCode, a.measure.id, asOf) : null;
    const outcome = ragFor({ due: a.due, asOf, measure: a.measure && r ? { value: r.value, target: a.measure.target, betterWhen: a.measure.betterWhen } : null, manualRag: a.manualRag });
    return {
      ref: a.ref,
      area: a.area,
      action: a.action,
      lead: a.lead,
      due: a.due,
      status: a.status,
      overdue: outcome.overdue && a.status !== 'complete',
      rag: outcome.rag,
      ragSource: outcome.ragSource,
      measure: a.measure && r ? { id: a.measure.id, value: r.value, target: a.measure.target, betterWhen: a.measure.betterWhen, met: outcome.met } : null,
      start: a.start,
      reading: r,
      measureLabel: a.measure ? describeMeasure(a.measure.id).label : null,
      latestUpdate,
    };
  }

  async function recordChange(laCode: string, by: Changer, detail: Record<string, unknown>): Promise<void> {
    await deps.audit.record({ actor: by.actor, actorRole: by.actorRole ?? null, action: 'improvement_changed', laCode, route: by.route ?? null, detail });
  }

  return {
    reading,
    trend,

    async plan(laCode: string, asOf?: string): Promise<PlanView> {
      const at = date(asOf);
      const [actions, updates] = await Promise.all([listActions(db, laCode), listUpdates(db, laCode)]);
      const latest = new Map<string, ActionUpdate>();
      for (const u of updates) if (u.date <= at) latest.set(u.ref, u);
      const views: PlanActionView[] = [];
      for (const a of actions) views.push(await actionView(laCode, a, at, latest.get(a.ref) ?? null));
      return { laCode, asOf: at, actions: views };
    },

    /** The JSON contract of `headroom plan` (docs/improvement.md). */
    toJson(view: PlanView): PlanJson {
      return {
        laCode: view.laCode,
        asOf: view.asOf,
        actions: view.actions.map((a) => ({ ref: a.ref, area: a.area, action: a.action, lead: a.lead, due: a.due, status: a.status, overdue: a.overdue, rag: a.rag, ragSource: a.ragSource, measure: a.measure })),
      };
    },

    /** The Cabinet action-plan table at a date (default today). */
    async report(laCode: string, asOf?: string): Promise<ImprovementPlanReport> {
      const view = await this.plan(laCode, asOf);
      const setting = await getLaSetting(db, laCode);
      return buildImprovementPlanReport({ laCode, laName: setting?.laName ?? `LA ${laCode}`, asOf: view.asOf, generatedOn: isoToday(deps.clock), actions: view.actions });
    },

    async action(laCode: string, ref: string, asOf?: string): Promise<{ asOf: IsoDate; view: PlanActionView; updates: ActionUpdate[]; trend: TrendPoint[] }> {
      const at = date(asOf);
      const a = (await listActions(db, laCode)).find((x) => x.ref === ref);
      if (!a) throw new AppError('not_found', `There is no action ${ref} in the improvement plan of LA ${laCode}.`);
      const updates = await listUpdates(db, laCode, ref);
      const view = await actionView(laCode, a, at, updates.filter((u) => u.date <= at).at(-1) ?? null);
      return { asOf: at, view, updates, trend: a.measure ? await trend(laCode, a.measure.id, a.start, at) : [] };
    },

    async saveAction(laCode: string, action: ImprovementAction, by: Changer): Promise<void> {
      if (!(ACTION_STATUSES as readonly string[]).includes(action.status)) throw new AppError('bad_usage', 'The status must be not started, in progress or complete.');
      if (action.measure && !isMeasureId(action.measure.id)) throw new AppError('bad_usage', `"${action.measure.id}" is not a measure Headroom knows.`);
      if (action.start > action.due) throw new AppError('bad_usage', 'An action cannot start after it is due.');
      const before = (await listActions(db, laCode)).find((x) => x.ref === action.ref) ?? null;
      await db.transaction().execute((tx) => upsertActions(tx, laCode, [action], { actor: by.actor, at: deps.clock() }, null));
      await recordChange(laCode, by, { what: 'action', ref: action.ref, change: before ? 'edited' : 'added', before, after: action });
    },

    async setStatus(laCode: string, ref: string, status: ActionStatus, by: Changer): Promise<void> {
      const action = (await listActions(db, laCode)).find((a) => a.ref === ref);
      if (!action) throw new AppError('not_found', `There is no action ${ref} in the improvement plan of LA ${laCode}.`);
      await db.transaction().execute((tx) => upsertActions(tx, laCode, [{ ...action, status }], { actor: by.actor, at: deps.clock() }, null));
      await recordChange(laCode, by, { what: 'action', ref, change: 'status', before: action.status, after: status });
    },

    async addUpdate(laCode: string, ref: string, text: string, by: Changer & { author: string }): Promise<void> {
      const trimmed = text.trim();
      if (trimmed === '') throw new AppError('bad_usage', 'Write the update before saving it.');
      if (!(await listActions(db, laCode)).some((a) => a.ref === ref)) throw new AppError('not_found', `There is no action ${ref} in the improvement plan of LA ${laCode}.`);
      await insertUpdates(db, laCode, [{ ref, date: isoToday(deps.clock), text: trimmed, author: by.author }]);
      await recordChange(laCode, by, { what: 'update', ref, length: trimmed.length });
    },

    async risks(laCode: string, asOf?: string): Promise<{ laCode: string; asOf: IsoDate; risks: RiskView[] }> {
      const at = date(asOf);
      const out: RiskView[] = [];
      for (const r of await listRisks(db, laCode)) {
        const s = scoreRisk(r.likelihood, r.impact);
        const rd = r.measure ? await reading(laCode, r.measure.id, at) : null;
        out.push({ ...r, score: s.score, band: s.band, reading: rd, met: r.measure && rd && rd.value !== null ? meetsTarget(rd.value, r.measure.target, r.measure.betterWhen) : null });
      }
      out.sort((a, b) => b.score - a.score || (a.ref < b.ref ? -1 : 1));
      return { laCode, asOf: at, risks: out };
    },

    /** The register for the quarterly Cabinet report; a count of 1 to 5 in a linked figure is `c` when `suppress`. */
    async riskRegister(laCode: string, asOf: IsoDate, suppress: boolean): Promise<RiskRegisterPart | undefined> {
      const { risks } = await this.risks(laCode, asOf);
      if (risks.length === 0) return undefined;
      const shown = (r: RiskView): string => {
        if (!r.reading || !r.measure) return '';
        const v = r.reading.value;
        const value = v === null ? 'no data' : suppress && describeMeasure(r.measure.id).unit === 'count' && suppressCount(v) === 'c' ? 'c' : String(v);
        const target = `${r.measure.betterWhen === 'lower' ? 'at most' : 'at least'} ${r.measure.target}`;
        return `${r.reading.label}: ${value} (${r.reading.covers}), target ${target}${r.met === null || value === 'c' ? '' : r.met ? ', met' : ', not met'}`;
      };
      return {
        figuresAt: asOf,
        rows: risks.map((r) => ({ ref: r.ref, risk: r.risk, owner: r.owner, likelihood: r.likelihood, impact: r.impact, score: r.score, band: RISK_BAND_LABELS[r.band], mitigations: r.mitigations, linkedFigure: shown(r), reviewDate: r.reviewDate })),
      };
    },

    async saveRisk(laCode: string, risk: Risk, by: Changer): Promise<void> {
      scoreRiskOrRefuse(risk.likelihood, risk.impact);
      const before = (await listRisks(db, laCode)).find((x) => x.ref === risk.ref) ?? null;
      await db.transaction().execute((tx) => upsertRisks(tx, laCode, [risk], { actor: by.actor, at: deps.clock() }, null));
      await recordChange(laCode, by, { what: 'risk', ref: risk.ref, change: before ? 'edited' : 'added', before, after: risk });
    },

    /** Audit grades by team and quarter, with each audited case's team caseload on the audit date. */
    async audits(laCode: string): Promise<AuditsView> {
      const audits = await listCaseAudits(db, laCode);
      const dates = [...new Set(audits.map((a) => a.auditDate))].sort();
      const coveredFrom = await caseloadCoverageFrom(laCode);
      const teamFigure = new Map<string, number | null>();
      const names = new Map<string, string>();
      for (const d of dates) {
        if (coveredFrom === null || d < coveredFrom) continue;
        const snapshot = await deps.caseloads.snapshot(laCode, d);
        for (const t of snapshot.teams) {
          teamFigure.set(`${d} ${t.teamId}`, t.averagePerFte);
          names.set(t.teamId, t.name);
        }
      }
      const themeCounts = new Map<string, number>();
      for (const a of audits) for (const t of a.themes) themeCounts.set(t, (themeCounts.get(t) ?? 0) + 1);
      return {
        laCode,
        audits,
        byTeam: sharesBy(audits, (a) => a.teamId).map((s) => ({ ...s, name: names.get(s.key) ?? s.key })),
        byQuarter: sharesBy(audits, (a) => auditQuarter(a.auditDate)),
        points: audits.map((a) => ({ childId: a.childId, teamId: a.teamId, auditDate: a.auditDate, grade: a.grade, teamAveragePerFte: teamFigure.get(`${a.auditDate} ${a.teamId}`) ?? null })),
        themes: [...themeCounts].map(([theme, count]) => ({ theme, count })).sort((a, b) => b.count - a.count || (a.theme < b.theme ? -1 : 1)),
      };
    },
  };
}
export type ImprovementService = ReturnType<typeof improvementService>;

function scoreRiskOrRefuse(likelihood: number, impact: number): void {
  try {
    scoreRisk(likelihood, impact);
  } catch {
    throw new AppError('bad_usage', 'Likelihood and impact must each be a whole number from 1 to 5.');
  }
}

