import { addMonths } from '../calendar/day-number.ts';
import type { Period } from '../calendar/periods.ts';
import { previousPeriod, rangePeriod, samePeriodLastYear } from '../calendar/periods.ts';
import type { IsoDate } from '../dates.ts';
import { monthEnd } from '../dates.ts';
import type { KpiId } from '../flow/kpi.ts';
import type { CoverageFamily, CoverageIndex, DateRange, PeriodCoverage } from './coverage.ts';

/**
 * Which loaded lists an indicator needs, and how: `events` counts what happened in the period
 * (complete only when the whole period is covered), `stock` takes who was open on the last day
 * (complete only when that day is covered).
 */
export interface KpiCoverageRule {
  families: readonly CoverageFamily[];
  kind: 'events' | 'stock';
}

const events = (...families: CoverageFamily[]): KpiCoverageRule => ({ families, kind: 'events' });
const stock = (...families: CoverageFamily[]): KpiCoverageRule => ({ families, kind: 'stock' });

const RULES: Readonly<Record<KpiId, KpiCoverageRule>> = {
  contacts: events('contacts'),
  referrals: events('referrals'),
  contact_conversion: events('contacts', 'referrals'),
  referrals_per_10k: events('referrals'),
  rereferrals_12m: events('referrals'),
  referrals_nfa: events('referrals'),
  assessments_completed: events('assessments'),
  assessments_within_45wd: events('assessments'),
  child_seen_in_assessment: events('assessments'),
  s47_started: events('s47'),
  s47_per_10k: events('s47'),
  icpc_within_15wd: events('s47'),
  icpc_to_cp_plan: events('s47'),
  cp_plans_started: events('cp'),
  cp_second_or_subsequent: events('cp'),
  cp_open_at_end: stock('cp'),
  cp_per_10k: stock('cp'),
  cp_open_2y_plus: stock('cp'),
  cp_ceased_2y_plus: events('cp'),
  cin_open_at_end: stock('cin', 'cp', 'cla'),
  cla_open_at_end: stock('cla'),
  cla_per_10k: stock('cla'),
  cla_started: events('cla'),
  cla_ceased: events('cla'),
  cla_3plus_placements: stock('cla'),
  care_leavers_suitable_accommodation: stock('care_leavers'),
  care_leavers_eet: stock('care_leavers'),
  cla_long_term_stability: stock('cla'),
  cla_uasc_at_end: stock('cla'),
  cla_missing: events('cla'),
  cla_3plus_social_workers: events('cla', 'allocations'),
  cp_open_3m_or_less: stock('cp'),
  cp_open_3m_to_6m: stock('cp'),
  cp_open_6m_to_1y: stock('cp'),
  cp_open_1y_to_2y: stock('cp'),
  cp_open_2y_or_more: stock('cp'),
  care_leavers_17_18_suitable_accommodation: stock('care_leavers'),
  care_leavers_17_18_eet: stock('care_leavers'),
  care_leavers_19_21_suitable_accommodation: stock('care_leavers'),
  care_leavers_19_21_eet: stock('care_leavers'),
};

export function kpiFamilies(id: KpiId): KpiCoverageRule {
  return RULES[id];
}

/** How much of the period the loaded data vouches for, for one indicator. */
export function kpiCoverage(index: CoverageIndex, id: KpiId, period: Pick<Period, 'start' | 'end'>): PeriodCoverage {
  const rule = RULES[id];
  return rule.kind === 'events' ? index.events(rule.families, { from: period.start, to: period.end }) : index.stock(rule.families, period.end);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2024-03-31` as `31 March 2024`. */
export function longDate(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''} ${date.slice(0, 4)}`;
}

/** The plain note a partly covered figure carries: `covers 1 October 2023 to 31 March 2024 only`. */
export function coverageNote(covered: DateRange): string {
  return `covers ${longDate(covered.from)} to ${longDate(covered.to)} only`;
}

/**
 * A period cut at the data's last date when it is still running there: 2026-27 with data to
 * 30 November 2026 becomes 1 April to 30 November 2026, labelled "2026-27 to 30 November 2026".
 * A period that ended on or before the last date, or starts after it, is returned as it is.
 */
export function runningPeriod(period: Period, dataEnd: IsoDate | null): { period: Period; running: boolean } {
  if (dataEnd === null || dataEnd >= period.end || dataEnd < period.start) return { period, running: false };
  return { period: { ...period, end: dataEnd, label: `${period.label} to ${longDate(dataEnd)}` }, running: true };
}

/** `date` moved back by whole months, keeping a month end a month end (30 November to 31 May). */
function monthsBefore(date: IsoDate, months: number): IsoDate {
  return date === monthEnd(date) ? monthEnd(addMonths(date, -months)) : addMonths(date, -months);
}

/**
 * What a period is compared with: the previous period (`previous`) or the same period a year
 * earlier (`lastYear`). For a running period, only the same part of it: the first eight months
 * of 2025-26 for 2026-27 to 30 November 2026.
 */
export function comparisonPeriod(full: Period, shown: Period, running: boolean, base: 'previous' | 'lastYear'): Period {
  const whole = base === 'previous' ? previousPeriod(full) : samePeriodLastYear(full);
  if (!running) return whole;
  const months = base === 'lastYear' || full.kind === 'year' ? 12 : full.kind === 'quarter' ? 3 : 12;
  const end = monthsBefore(shown.end, months);
  return { ...rangePeriod(whole.start, end), kind: whole.kind, financialYear: whole.financialYear, quarter: whole.quarter, label: `${whole.label} to ${longDate(end)}` };
}
