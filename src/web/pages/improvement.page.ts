import type { Services } from '../../app.ts';
import { suppressCount } from '../../domain/disclosure/index.ts';
import { AUDIT_GRADES, GRADE_LABELS } from '../../domain/improvement/audit-grades.ts';
import { RAG_LABELS, STATUS_LABELS, type RagResult } from '../../domain/improvement/rag.ts';
import { RISK_BAND_LABELS } from '../../domain/improvement/risk.ts';
import { ragText } from '../../reports/improvement-plan/model.ts';
import type { PlanActionView } from '../../services/improvement.service.ts';
import { suppressesSmallCounts, type Principal } from '../../domain/access/roles.ts';
import { chartTable, lineChart, scatterChart, type ChartTable } from '../charts/svg-chart.ts';
import { formatNumber } from '../render.ts';

/** Admins and analysts edit any action; a senior manager edits and updates the actions they lead (lead = their username). */
export function canEditAction(principal: Principal, lead: string): boolean {
  if (principal.role === 'admin' || principal.role === 'analyst') return true;
  return principal.role === 'senior_manager' && lead.trim().toLowerCase() === principal.username.trim().toLowerCase();
}

export function canEditRegister(principal: Principal): boolean {
  return principal.role === 'admin' || principal.role === 'analyst';
}

const figure = (v: number | null): string => (v === null ? 'No data' : formatNumber(v, Number.isInteger(v) ? 0 : 1));

function row(a: PlanActionView) {
  return {
    ref: a.ref,
    area: a.area,
    action: a.action,
    lead: a.lead,
    due: a.due,
    status: STATUS_LABELS[a.status],
    overdue: a.overdue,
    rag: a.rag,
    ragText: ragText(a.rag, a.ragSource),
    measure: a.measureLabel ?? 'No measure',
    latest: a.measure ? figure(a.measure.value) : '',
    covers: a.reading?.covers ?? '',
    target: a.measure ? `${a.measure.betterWhen === 'lower' ? 'At most' : 'At least'} ${formatNumber(a.measure.target, Number.isInteger(a.measure.target) ? 0 : 1)}` : '',
  };
}

export interface PlanQuery {
  area?: string | undefined;
  rag?: string | undefined;
  lead?: string | undefined;
  asOf?: string | undefined;
}

/** The plan, filtered by area, RAG and lead, with the options each filter offers. */
export async function planPage(services: Services, laCode: string, query: PlanQuery) {
  const view = await services.improvement.plan(laCode, query.asOf);
  const shown = view.actions.filter((a) => (!query.area || a.area === query.area) && (!query.rag || a.rag === query.rag) && (!query.lead || a.lead === query.lead));
  const counts = new Map<RagResult, number>();
  for (const a of view.actions) counts.set(a.rag, (counts.get(a.rag) ?? 0) + 1);
  return {
    asOf: view.asOf,
    total: view.actions.length,
    rows: shown.map(row),
    filters: { area: query.area ?? '', rag: query.rag ?? '', lead: query.lead ?? '' },
    areas: [...new Set(view.actions.map((a) => a.area))].sort(),
    leads: [...new Set(view.actions.map((a) => a.lead))].sort(),
    rags: (['red', 'amber', 'green', 'no_data', 'not_rated'] as const).map((r) => ({ value: r, text: RAG_LABELS[r], count: counts.get(r) ?? 0 })),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (d: string) => `${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(2, 4)}`;

/** One action: its figures, its updates, and its measure since it started as a chart and table. */
export async function actionPage(services: Services, principal: Principal, laCode: string, ref: string) {
  const { asOf, view, updates, trend } = await services.improvement.action(laCode, ref);
  let chart: { svg: string; table: ChartTable } | null = null;
  if (view.measure && trend.length > 0) {
    const input = {
      id: 'action-trend',
      title: `${view.measureLabel ?? view.measure.id} since the action started`,
      description: `${view.measureLabel ?? view.measure.id} at each point from ${view.start} to ${asOf}, against the target of ${view.measure.target} (${view.measure.betterWhen} is better). Points with no data are left out.`,
      yLabel: view.measureLabel ?? view.measure.id,
      series: [{ name: view.measureLabel ?? view.measure.id, points: trend.map((p) => ({ label: monthLabel(p.date), value: p.value })) }],
      reference: { label: `Target ${view.measure.target}`, value: view.measure.target },
    };
    chart = { svg: lineChart(input), table: chartTable(input) };
  }
  return {
    action: { ...row(view), start: view.start, status: view.status, statusText: STATUS_LABELS[view.status] },
    updates: [...updates].reverse(),
    chart,
    canEdit: canEditAction(principal, view.lead),
    statuses: (Object.keys(STATUS_LABELS) as Array<keyof typeof STATUS_LABELS>).map((s) => ({ value: s, text: STATUS_LABELS[s], selected: s === view.status })),
  };
}

/**
 * Audit grades by team and quarter, and each audited case's team caseload beside its grade.
 * Viewers see counts of 1 to 5 as "c" (with the percentages they would reveal) and no
 * child-level rows; the scatter, which shows single cases, is left out for them.
 */
export async function auditsPage(services: Services, principal: Principal, laCode: string) {
  const view = await services.improvement.audits(laCode);
  const withhold = suppressesSmallCounts(principal.role);
  const share = (s: { audited: number; goodOrBetter: number; inadequate: number; goodOrBetterPct: number | null; inadequatePct: number | null }) => {
    const audited = withhold ? suppressCount(s.audited) : s.audited;
    const good = withhold ? suppressCount(s.goodOrBetter) : s.goodOrBetter;
    const bad = withhold ? suppressCount(s.inadequate) : s.inadequate;
    const pct = (count: number | 'c', p: number | null) => (count === 'c' || audited === 'c' || p === null ? (p === null ? '–' : 'c') : `${formatNumber(p, 1)}%`);
    return { audited: String(audited), goodOrBetter: String(good), goodOrBetterPct: pct(good, s.goodOrBetterPct), inadequate: String(bad), inadequatePct: pct(bad, s.inadequatePct) };
  };
  const categories = [...AUDIT_GRADES].reverse().map((g) => GRADE_LABELS[g]);
  const gradeIndex = (g: (typeof AUDIT_GRADES)[number]) => AUDIT_GRADES.length - 1 - AUDIT_GRADES.indexOf(g);
  const plotted = view.points.filter((p): p is typeof p & { teamAveragePerFte: number } => p.teamAveragePerFte !== null);
  const scatter = withhold || plotted.length === 0
    ? null
    : {
        svg: scatterChart({
          id: 'audit-scatter',
          title: 'Audit grade against the team’s caseload on the audit date',
          description: `${plotted.length} audited cases: each is a circle on its grade's row, placed along by its team's children per case-holding FTE on the day it was audited.`,
          xLabel: 'Team’s children per case-holding FTE on the audit date',
          categories,
          points: plotted.map((p) => ({ x: p.teamAveragePerFte, y: gradeIndex(p.grade) })),
        }),
        summary: categories.map((c, i) => {
          const xs = plotted.filter((p) => gradeIndex(p.grade) === i).map((p) => p.teamAveragePerFte);
          return { grade: c, cases: xs.length, average: xs.length === 0 ? '–' : formatNumber(xs.reduce((a, b) => a + b, 0) / xs.length, 1) };
        }),
      };
  return {
    total: withhold ? String(suppressCount(view.audits.length)) : String(view.audits.length),
    byTeam: view.byTeam.map((t) => ({ team: t.name, ...share(t) })),
    byQuarter: view.byQuarter.map((q) => ({ quarter: q.key, ...share(q) })),
    themes: view.themes.map((t) => ({ theme: t.theme, count: String(withhold ? suppressCount(t.count) : t.count) })),
    scatter,
    cases: withhold
      ? null
      : view.points.map((p) => ({ childId: p.childId, teamId: p.teamId, auditDate: p.auditDate, grade: GRADE_LABELS[p.grade], caseload: p.teamAveragePerFte === null ? 'Not known' : formatNumber(p.teamAveragePerFte, 1) })),
    childIds: withhold ? [] : view.points.map((p) => p.childId),
  };
}

export async function risksPage(services: Services, laCode: string) {
  const view = await services.improvement.risks(laCode);
  return {
    asOf: view.asOf,
    risks: view.risks.map((r) => ({
      ref: r.ref,
      risk: r.risk,
      owner: r.owner,
      likelihood: r.likelihood,
      impact: r.impact,
      score: r.score,
      band: RISK_BAND_LABELS[r.band],
      bandId: r.band,
      mitigations: r.mitigations,
      measure: r.reading ? `${r.reading.label}: ${figure(r.reading.value)} (${r.reading.covers})` : 'No measure',
      target: r.measure ? `${r.measure.betterWhen === 'lower' ? 'At most' : 'At least'} ${r.measure.target}${r.met === null ? '' : r.met ? ' (met)' : ' (not met)'}` : '',
      review: r.reviewDate,
    })),
  };
}
