import { isKpiId, KPI_IDS, type KpiId } from '../flow/kpi.ts';

/** Workforce measures an action or risk can be tied to, besides the indicators of `headroom kpis`. */
export const WORKFORCE_MEASURES = ['average_caseload_per_fte', 'cases_over_capacity', 'agency_rate', 'vacancy_rate', 'unallocated_children'] as const;
export type WorkforceMeasureId = (typeof WORKFORCE_MEASURES)[number];
export type MeasureId = KpiId | WorkforceMeasureId;
export type Better = 'higher' | 'lower';

export interface MeasureInfo {
  id: MeasureId;
  label: string;
  kind: 'kpi' | 'workforce';
  /** Which way is better; null for an indicator that is neither (its target must say, see parseTarget). */
  betterWhen: Better | null;
  unit: 'count' | 'percent' | 'rate_per_10k' | 'per_fte';
}

const WORKFORCE_INFO: Readonly<Record<WorkforceMeasureId, Omit<MeasureInfo, 'id' | 'kind'>>> = {
  average_caseload_per_fte: { label: 'Average caseload per case-holding FTE', betterWhen: 'lower', unit: 'per_fte' },
  cases_over_capacity: { label: 'Cases over capacity', betterWhen: 'lower', unit: 'count' },
  agency_rate: { label: 'Agency social workers (% of FTE, workforce census)', betterWhen: 'lower', unit: 'percent' },
  vacancy_rate: { label: 'Social worker vacancy rate (% of FTE, workforce census)', betterWhen: 'lower', unit: 'percent' },
  unallocated_children: { label: 'Children open to a team with no worker allocated', betterWhen: 'lower', unit: 'count' },
};

/** The direction of each indicator, as `computeKpis` publishes it ('neutral' becomes null). */
export const KPI_DIRECTION: Readonly<Record<KpiId, Better | null>> = {
  contacts: null,
  referrals: null,
  contact_conversion: null,
  referrals_per_10k: null,
  rereferrals_12m: 'lower',
  referrals_nfa: 'lower',
  assessments_completed: null,
  assessments_within_45wd: 'higher',
  child_seen_in_assessment: 'higher',
  s47_started: null,
  s47_per_10k: null,
  icpc_within_15wd: 'higher',
  icpc_to_cp_plan: null,
  cp_plans_started: null,
  cp_second_or_subsequent: 'lower',
  cp_open_at_end: null,
  cp_per_10k: null,
  cp_open_2y_plus: 'lower',
  cp_ceased_2y_plus: 'lower',
  cin_open_at_end: null,
  cla_open_at_end: null,
  cla_per_10k: null,
  cla_started: null,
  cla_ceased: null,
  cla_3plus_placements: 'lower',
  care_leavers_suitable_accommodation: 'higher',
  care_leavers_eet: 'higher',
  cla_long_term_stability: 'higher',
  cla_uasc_at_end: null,
  cla_missing: 'lower',
  cla_3plus_social_workers: 'lower',
  cp_open_3m_or_less: null,
  cp_open_3m_to_6m: null,
  cp_open_6m_to_1y: null,
  cp_open_1y_to_2y: null,
  cp_open_2y_or_more: null,
  care_leavers_17_18_suitable_accommodation: 'higher',
  care_leavers_17_18_eet: 'higher',
  care_leavers_19_21_suitable_accommodation: 'higher',
  care_leavers_19_21_eet: 'higher',
};

export function isWorkforceMeasure(id: string): id is WorkforceMeasureId {
  return (WORKFORCE_MEASURES as readonly string[]).includes(id);
}

export function isMeasureId(id: string): id is MeasureId {
  return isKpiId(id) || isWorkforceMeasure(id);
}

/** Every measure id, indicators first, for help text and error messages. */
export const MEASURE_IDS: readonly MeasureId[] = [...KPI_IDS, ...WORKFORCE_MEASURES];

/** What is known about a measure before any figure is read; the label of an indicator comes from the caller. */
export function measureInfo(id: MeasureId, kpiLabel?: string): MeasureInfo {
  if (isWorkforceMeasure(id)) return { id, kind: 'workforce', ...WORKFORCE_INFO[id] };
  return { id, kind: 'kpi', label: kpiLabel ?? id, betterWhen: KPI_DIRECTION[id], unit: id.endsWith('_per_10k') ? 'rate_per_10k' : isPercentKpi(id) ? 'percent' : 'count' };
}

const COUNT_KPIS: ReadonlySet<KpiId> = new Set(['contacts', 'referrals', 'assessments_completed', 's47_started', 'cp_plans_started', 'cp_open_at_end', 'cin_open_at_end', 'cla_open_at_end', 'cla_started', 'cla_ceased']);
function isPercentKpi(id: KpiId): boolean {
  return !COUNT_KPIS.has(id) && !id.endsWith('_per_10k');
}

export interface Target {
  value: number;
  betterWhen: Better;
}

/**
 * Reads a target: a number ("18", "90%") judged by the measure's own direction, or a number with
 * a comparison ("<= 18", ">= 90", "at most 18", "at least 90") that states the direction; a
 * measure with no direction of its own needs the comparison. Returns the reason when it cannot be used.
 */
export function parseTarget(text: string, measure: MeasureInfo): Target | { error: string } {
  const t = text.trim().toLowerCase();
  const m = /^(<=|≤|=<|at most|no more than|>=|≥|=>|at least|no less than)?\s*(-?\d+(?:\.\d+)?)\s*%?$/.exec(t);
  if (!m) return { error: `target "${text}" is not a number (write 18, 90%, "<= 18" or ">= 90")` };
  const value = Number(m[2]);
  const op = m[1];
  const stated: Better | null = op === undefined ? null : ['<=', '≤', '=<', 'at most', 'no more than'].includes(op) ? 'lower' : 'higher';
  const betterWhen = stated ?? measure.betterWhen;
  if (betterWhen === null) return { error: `${measure.id} is neither better higher nor lower: write the target as ">= ${value}" or "<= ${value}"` };
  return { value, betterWhen };
}
