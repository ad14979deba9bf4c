import type { IsoDate } from '../dates.ts';

/** The indicators computed from the statutory returns (SSDA903, CIN census): see return-indicators.ts. */
export const RETURN_KPI_IDS = [
  'cla_long_term_stability',
  'cla_uasc_at_end',
  'cla_missing',
  'cla_3plus_social_workers',
  'cp_open_3m_or_less',
  'cp_open_3m_to_6m',
  'cp_open_6m_to_1y',
  'cp_open_1y_to_2y',
  'cp_open_2y_or_more',
  'care_leavers_17_18_suitable_accommodation',
  'care_leavers_17_18_eet',
  'care_leavers_19_21_suitable_accommodation',
  'care_leavers_19_21_eet',
] as const;

/** Indicator ids, in the order `computeKpis` returns them. */
export const KPI_IDS = [
  'contacts',
  'referrals',
  'contact_conversion',
  'referrals_per_10k',
  'rereferrals_12m',
  'referrals_nfa',
  'assessments_completed',
  'assessments_within_45wd',
  'child_seen_in_assessment',
  's47_started',
  's47_per_10k',
  'icpc_within_15wd',
  'icpc_to_cp_plan',
  'cp_plans_started',
  'cp_second_or_subsequent',
  'cp_open_at_end',
  'cp_per_10k',
  'cp_open_2y_plus',
  'cp_ceased_2y_plus',
  'cin_open_at_end',
  'cla_open_at_end',
  'cla_per_10k',
  'cla_started',
  'cla_ceased',
  'cla_3plus_placements',
  'care_leavers_suitable_accommodation',
  'care_leavers_eet',
  ...RETURN_KPI_IDS,
] as const;
export type KpiId = (typeof KPI_IDS)[number];
export type ReturnKpiId = (typeof RETURN_KPI_IDS)[number];

export type KpiUnit = 'count' | 'percent' | 'rate_per_10k';
export type BetterWhen = 'higher' | 'lower' | 'neutral';
export type Direction = 'up' | 'down' | 'same';

/**
 * One indicator for one period. `value` is as published: a count is the numerator; a percent
 * is 100 × numerator ÷ denominator and a rate is 10,000 × numerator ÷ population (annualised
 * for flows over part of a year), both rounded half up to 1 decimal place. `denominator` is
 * null for counts; `value` is null when the denominator is 0 or unknown.
 */
export interface Kpi {
  id: KpiId;
  label: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
  unit: KpiUnit;
  betterWhen: BetterWhen;
}

export type Coverage = 'full' | 'partial' | 'none';

/**
 * How much of its period a figure's data covers: `full`, `partial` (counted over `covers`
 * only, which the figure must say) or `none` (no data: the value is null, never 0).
 */
export interface FigureCoverage {
  coverage: Coverage;
  /** The dates a partly covered figure counts; null when full or none. */
  covers: { from: IsoDate; to: IsoDate } | null;
}

export const FULL_COVERAGE: FigureCoverage = { coverage: 'full', covers: null };

export interface KpiWithPrevious extends Kpi, FigureCoverage {
  previous: (Pick<Kpi, 'numerator' | 'denominator' | 'value'> & FigureCoverage) | null;
  /**
   * How the published value moved since the previous period; null when either value is null or
   * either period is not fully covered (nothing is compared with a period the data does not cover).
   */
  direction: Direction | null;
}

export function isKpiId(id: string): id is KpiId {
  return (KPI_IDS as readonly string[]).includes(id);
}

/** 100 × n ÷ d to 1 decimal place, half up; null when d is 0. */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return roundHalfUp1dp((1000 * numerator) / denominator);
}

/** 10,000 × n × factor ÷ population to 1 decimal place; null when the population is unknown or 0. */
export function ratePer10k(numerator: number, population: number | null, factor = 1): number | null {
  if (population === null || population <= 0) return null;
  return roundHalfUp1dp((100_000 * numerator * factor) / population);
}

/** Rounds tenths (already multiplied by 10) to an integer number of tenths, half up, and scales back. */
function roundHalfUp1dp(tenths: number): number {
  return Math.round(tenths + 1e-9) / 10;
}

/**
 * Pairs each current indicator with the same indicator (by id) of the previous period and says
 * which way the published value moved.
 */
export function withPrevious(
  current: readonly Kpi[],
  previous: readonly Kpi[],
  coverage?: { current: ReadonlyMap<KpiId, FigureCoverage>; previous: ReadonlyMap<KpiId, FigureCoverage> },
): KpiWithPrevious[] {
  const byId = new Map(previous.map((k) => [k.id, k]));
  return current.map((kpi) => {
    const before = byId.get(kpi.id);
    const now = coverage?.current.get(kpi.id) ?? FULL_COVERAGE;
    const then = coverage?.previous.get(kpi.id) ?? FULL_COVERAGE;
    const comparable = now.coverage === 'full' && then.coverage === 'full';
    return {
      ...kpi,
      ...now,
      previous: before ? { numerator: before.numerator, denominator: before.denominator, value: before.value, ...then } : null,
      direction: comparable ? direction(kpi.value, before?.value ?? null) : null,
    };
  });
}

function direction(now: number | null, before: number | null): Direction | null {
  if (now === null || before === null) return null;
  return now > before ? 'up' : now < before ? 'down' : 'same';
}
