import { latestYear, roundTo } from '../benchmarks/compare.ts';
import { ENGLAND, type BenchmarkDataset, type Cell, type DatasetMeasure } from '../benchmarks/dataset.ts';
import type { IsoDate } from '../dates.ts';
import { percent, ratePer10k, type Coverage, type KpiId, type KpiUnit } from '../flow/kpi.ts';

/**
 * A regional pool's councils side by side, and the pool's totals. The one rule: figures are
 * totalled or compared only across councils whose data cover the same period. Each council's
 * figure carries its own period; a total is worked out over the largest group of councils
 * sharing one period, and says how many of the pool's councils it covers.
 */

/** One council's caseloads at its default date, as its Overview shows them. */
export interface CouncilCaseloads {
  asOf: IsoDate;
  /** Children open (allocated to a worker or to a team). */
  children: number;
  /** Children held by case-holding workers. */
  heldChildren: number;
  caseHoldingWorkers: number;
  caseHoldingFte: number;
  averagePerFte: number | null;
  /** The social worker maximum of the council's standard, and the standard's name. */
  standardMax: number;
  standardLabel: string;
  /** Case holders over their standard (over the maximum, or an ASYE over the protected caseload). */
  overWorkers: number;
}

export interface CouncilIndicator {
  id: KpiId;
  label: string;
  unit: KpiUnit;
  numerator: number;
  denominator: number | null;
  value: number | null;
  coverage: Coverage;
}

export interface CouncilIndicators {
  period: { label: string; start: IsoDate; end: IsoDate; running: boolean };
  kpis: CouncilIndicator[];
}

/** The group of councils a total is worked out over: those sharing the most common period. */
export interface Shared<K> {
  key: K;
  laCodes: string[];
  /** Councils in the group, and councils in the pool. */
  covers: number;
  of: number;
}

/**
 * The period shared by most councils (ties: the latest, by the key's text order), or null when
 * no council has one. Councils without the figure (null) are counted in `of` but never in a group.
 */
export function largestSharedGroup<K>(items: ReadonlyArray<{ laCode: string; key: K | null }>, keyText: (k: K) => string): Shared<K> | null {
  const groups = new Map<string, { key: K; laCodes: string[] }>();
  for (const item of items) {
    if (item.key === null) continue;
    const text = keyText(item.key);
    const g = groups.get(text) ?? { key: item.key, laCodes: [] };
    g.laCodes.push(item.laCode);
    groups.set(text, g);
  }
  let best: { text: string; key: K; laCodes: string[] } | null = null;
  for (const [text, g] of groups) {
    if (!best || g.laCodes.length > best.laCodes.length || (g.laCodes.length === best.laCodes.length && text > best.text)) best = { text, ...g };
  }
  return best ? { key: best.key, laCodes: best.laCodes, covers: best.laCodes.length, of: items.length } : null;
}

export interface CaseloadTotals extends Shared<IsoDate> {
  children: number;
  heldChildren: number;
  caseHoldingWorkers: number;
  caseHoldingFte: number;
  /** Children held ÷ case-holding FTE over the councils in the group, to 1 decimal place. */
  averagePerFte: number | null;
  overWorkers: number;
  /** Case holders over their standard as a percentage of case holders. */
  overSharePercent: number | null;
}

/** The pool's caseloads, over the councils whose caseloads are at the same date. */
export function caseloadTotals(councils: ReadonlyArray<{ laCode: string; caseloads: CouncilCaseloads | null }>): CaseloadTotals | null {
  const shared = largestSharedGroup(councils.map((c) => ({ laCode: c.laCode, key: c.caseloads?.asOf ?? null })), (d) => d);
  if (!shared) return null;
  const inGroup = councils.filter((c) => shared.laCodes.includes(c.laCode)).map((c) => c.caseloads!);
  const sum = (f: (c: CouncilCaseloads) => number) => inGroup.reduce((s, c) => s + f(c), 0);
  const heldChildren = sum((c) => c.heldChildren);
  const caseHoldingFte = sum((c) => c.caseHoldingFte);
  const caseHoldingWorkers = sum((c) => c.caseHoldingWorkers);
  const overWorkers = sum((c) => c.overWorkers);
  return {
    ...shared,
    children: sum((c) => c.children),
    heldChildren,
    caseHoldingWorkers,
    caseHoldingFte,
    averagePerFte: caseHoldingFte > 0 ? roundTo(heldChildren / caseHoldingFte, 1) : null,
    overWorkers,
    overSharePercent: overSharePercent(overWorkers, caseHoldingWorkers),
  };
}

export function overSharePercent(overWorkers: number, caseHoldingWorkers: number): number | null {
  return caseHoldingWorkers > 0 ? roundTo((100 * overWorkers) / caseHoldingWorkers, 0) : null;
}

export interface IndicatorTotal {
  id: KpiId;
  label: string;
  unit: KpiUnit;
  numerator: number;
  denominator: number | null;
  /** Every council in the group covers the whole period (otherwise nothing is totalled). */
  whole: boolean;
  /** null when not `whole`, or when there is no denominator (no population loaded) or it is 0. */
  value: number | null;
}

export interface IndicatorTotals extends Shared<CouncilIndicators['period']> {
  kpis: IndicatorTotal[];
}

/**
 * The pool's indicators over the councils whose latest period is the same (same first and last
 * day). Counts add up; a percentage is recombined from the councils' numerators and
 * denominators; a rate per 10,000 from their counts and child populations. An indicator is
 * totalled only when every council in the group covers the whole period: a partly covered
 * figure is not added to whole ones.
 */
export function indicatorTotals(councils: ReadonlyArray<{ laCode: string; indicators: CouncilIndicators | null }>, ids: readonly KpiId[]): IndicatorTotals | null {
  const shared = largestSharedGroup(
    councils.map((c) => ({ laCode: c.laCode, key: c.indicators?.period ?? null })),
    (p) => `${p.end}|${p.start}`,
  );
  if (!shared) return null;
  const inGroup = councils.filter((c) => shared.laCodes.includes(c.laCode)).map((c) => c.indicators!);
  const kpis = ids.flatMap((id): IndicatorTotal[] => {
    const figures = inGroup.map((g) => g.kpis.find((k) => k.id === id));
    const first = figures[0];
    if (!first) return [];
    const whole = figures.every((f) => f !== undefined && f.coverage === 'full');
    const numerator = figures.reduce((s, f) => s + (f?.numerator ?? 0), 0);
    const denominators = figures.map((f) => f?.denominator ?? null);
    const denominator = first.unit === 'count' || denominators.some((d) => d === null) ? null : denominators.reduce<number>((s, d) => s + (d ?? 0), 0);
    let value: number | null = null;
    if (whole) {
      if (first.unit === 'count') value = numerator;
      else if (denominator !== null) value = first.unit === 'percent' ? percent(numerator, denominator) : ratePer10k(numerator, denominator);
    }
    return [{ id, label: first.label, unit: first.unit, numerator, denominator, whole, value }];
  });
  return { ...shared, kpis };
}

/** How the pool's published figure is made from its councils' figures. */
export type Combination = 'sum' | 'weighted' | 'per_council';

/**
 * Published measures that can be combined across councils. Counts add up. A percentage is the
 * councils' percentages weighted by the published count it is a share of (the same year's
 * referrals, plans open, children looked after), which gives back the share of the totals. A
 * rate per 10,000 children is weighted by the council's children aged 0 to 17 (ONS mid-year
 * estimate of the year before, the one the DfE divides by). Every other measure (caseload,
 * turnover, agency, vacancy and absence rates, whose denominators are not published) is listed
 * council by council, never averaged.
 */
const SUMMED = new Set(['cin_at31_count', 'referral_count', 'cla_count', 'cpp_at31_count', 'population_0_17']);
const WEIGHTED: Record<string, { by: string; yearOffset: number }> = {
  rereferral_percent: { by: 'referral_count', yearOffset: 0 },
  cpp_2years_plus_percent: { by: 'cpp_at31_count', yearOffset: 0 },
  placements_3plus_percent: { by: 'cla_count', yearOffset: 0 },
  cla_rate_per_10000: { by: 'population_0_17', yearOffset: -1 },
  cla_started_rate_per_10000: { by: 'population_0_17', yearOffset: -1 },
  cla_ceased_rate_per_10000: { by: 'population_0_17', yearOffset: -1 },
};

export function combinationOf(measureId: string): Combination {
  if (SUMMED.has(measureId)) return 'sum';
  if (WEIGHTED[measureId]) return 'weighted';
  return 'per_council';
}

export interface PublishedPoolRow {
  id: string;
  label: string;
  unit: DatasetMeasure['unit'];
  decimals: number;
  /** The published year every figure in the row is for. */
  year: number;
  combination: Combination;
  /** The pool's figure (sum or weighted), null when listed per council or when no council has one. */
  pool: number | null;
  covers: number;
  of: number;
  england: number | null;
  councils: Array<{ laCode: string; value: number | null }>;
}

/** A published figure of one geography (a real LA, England, or a synthetic council), or null for a symbol or a gap. */
export function publishedValue(dataset: BenchmarkDataset, measure: DatasetMeasure, year: number, code: string): number | null {
  const cell: Cell | undefined = measure.values[String(year)]?.[code] ?? dataset.synthetic?.[code]?.values[measure.id]?.[String(year)];
  return typeof cell === 'number' ? cell : null;
}

/** The pool against England in the published benchmarks, each measure at its latest published year. */
export function publishedPool(dataset: BenchmarkDataset, measures: readonly DatasetMeasure[], laCodes: readonly string[]): PublishedPoolRow[] {
  const byId = new Map(dataset.measures.map((m) => [m.id, m]));
  return measures.flatMap((m): PublishedPoolRow[] => {
    const year = latestYear(m);
    if (year === null) return [];
    const councils = laCodes.map((laCode) => ({ laCode, value: publishedValue(dataset, m, year, laCode) }));
    const combination = combinationOf(m.id);
    let pool: number | null = null;
    let covers = councils.filter((c) => c.value !== null).length;
    if (combination === 'sum') {
      pool = covers > 0 ? councils.reduce((s, c) => s + (c.value ?? 0), 0) : null;
    } else if (combination === 'weighted') {
      const rule = WEIGHTED[m.id]!;
      const weightMeasure = byId.get(rule.by);
      const pairs = councils
        .map((c) => ({ value: c.value, weight: weightMeasure ? publishedValue(dataset, weightMeasure, year + rule.yearOffset, c.laCode) : null }))
        .filter((p): p is { value: number; weight: number } => p.value !== null && p.weight !== null && p.weight > 0);
      covers = pairs.length;
      const weights = pairs.reduce((s, p) => s + p.weight, 0);
      pool = weights > 0 ? roundTo(pairs.reduce((s, p) => s + p.value * p.weight, 0) / weights, m.decimals) : null;
    } else {
      covers = 0;
    }
    return [{ id: m.id, label: m.label, unit: m.unit, decimals: m.decimals, year, combination, pool, covers, of: laCodes.length, england: publishedValue(dataset, m, year, ENGLAND), councils }];
  });
}
