import type { BetterWhen, MeasureUnit } from './catalogue.ts';
import { ENGLAND, orderedMeasures, type BenchmarkDataset, type Cell, type DatasetMeasure, type SyntheticLa } from './dataset.ts';
import { isLaCode } from '../la-code.ts';

export type Quartile = 'A' | 'B' | 'C' | 'D';

/** One measure for one LA and year: the contract of `headroom benchmarks --format json`. */
export interface MeasureBenchmark {
  id: string;
  label: string;
  unit: MeasureUnit;
  /** The published year the figures are for (DfE label: 2025 = year to 31 March 2025). */
  year: number | null;
  value: number | null;
  /** The DfE symbol standing in for a figure that was not published (c, x, z, u, low…). */
  notPublished: string | null;
  england: number | null;
  region: number | null;
  neighboursAverage: number | null;
  /** How many of the neighbours had a value (the average is of these). */
  neighboursWithValue: number;
  /** 1 = lowest value among LAs with a value that year, as the DfE's LAIT ranks. */
  rank: number | null;
  of: number | null;
  /** LAIT banding of the value among all LAs that year: A lowest quarter … D highest quarter. */
  quartile: Quartile | null;
  betterWhen: BetterWhen;
}

export interface LaBenchmarks {
  laCode: string;
  laName: string;
  year: number;
  region: string;
  regionCode: string;
  neighbours: string[];
  neighbourModel: string;
  synthetic: boolean;
  datasetVersion: string;
  measures: MeasureBenchmark[];
}

const numberOf = (c: Cell | undefined): number | null => (typeof c === 'number' ? c : null);

/** The latest year with any published figure for this measure, at or before `upTo`. */
export function latestYear(measure: DatasetMeasure, upTo?: number): number | null {
  const years = Object.keys(measure.values).map(Number).filter((y) => upTo === undefined || y <= upTo);
  return years.length ? Math.max(...years) : null;
}

/**
 * R's default quantile (type 7), which the DfE's LAIT uses for its quartile bands:
 * h = (n − 1)p, interpolating between the order statistics either side.
 */
export function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

export interface YearRanking {
  /** LA values sorted ascending. */
  sorted: number[];
  q1: number;
  q2: number;
  q3: number;
}

/** Ranking of all LAs with a figure for one measure and year. */
export function rankingOf(measure: DatasetMeasure, year: number): YearRanking {
  const sorted = Object.entries(measure.values[String(year)] ?? {})
    .filter(([code]) => isLaCode(code))
    .map(([, v]) => v)
    .filter((v): v is number => typeof v === 'number')
    .sort((a, b) => a - b);
  return { sorted, q1: quantile7(sorted, 0.25), q2: quantile7(sorted, 0.5), q3: quantile7(sorted, 0.75) };
}

/** Rank with ties sharing the lowest rank (1, 2, 2, 4), as LAIT does. */
export function rankIn(ranking: YearRanking, value: number): number {
  let lo = 0;
  let hi = ranking.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ranking.sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** LAIT bands: A up to and including the lower quartile, B to the median, C to the upper quartile, D above. */
export function quartileIn(ranking: YearRanking, value: number): Quartile {
  if (value <= ranking.q1) return 'A';
  if (value <= ranking.q2) return 'B';
  if (value <= ranking.q3) return 'C';
  return 'D';
}

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  // Round half away from zero on the decimal text, as published tables do (avoids 0.15 → 0.1).
  return Math.sign(value) * Math.round(Number((Math.abs(value) * f).toPrecision(12))) / f;
}

/** Mean of the neighbours that have a figure, at the measure's published precision. */
export function neighboursAverage(values: Readonly<Record<string, Cell>>, neighbours: readonly string[], decimals: number): { average: number | null; count: number } {
  const nums = neighbours.map((n) => numberOf(values[n])).filter((v): v is number => v !== null);
  if (nums.length === 0) return { average: null, count: 0 };
  return { average: roundTo(nums.reduce((a, b) => a + b, 0) / nums.length, decimals), count: nums.length };
}

export function measureBenchmark(measure: DatasetMeasure, la: { code: string; region: string; neighbours: readonly string[]; synthetic?: SyntheticLa }, year: number | null, ranking?: YearRanking): MeasureBenchmark {
  const cells = year === null ? {} : (measure.values[String(year)] ?? {});
  const own = la.synthetic ? (year === null ? undefined : la.synthetic.values[measure.id]?.[String(year)]) : cells[la.code];
  const value = numberOf(own);
  const { average, count } = neighboursAverage(cells, la.neighbours, measure.decimals);
  const r = year === null ? null : (ranking ?? rankingOf(measure, year));
  return {
    id: measure.id,
    label: measure.label,
    unit: measure.unit,
    year,
    value,
    notPublished: value === null ? (typeof own === 'string' ? own : 'x') : null,
    england: numberOf(cells[ENGLAND]),
    region: numberOf(cells[la.region]),
    neighboursAverage: average,
    neighboursWithValue: count,
    rank: r && value !== null ? rankIn(r, value) : null,
    of: r && r.sorted.length > 0 ? r.sorted.length : null,
    quartile: r && value !== null ? quartileIn(r, value) : null,
    betterWhen: measure.betterWhen,
  };
}

/**
 * Every measure for one LA. With `year`, each measure is for that published year (not
 * published when the DfE has no figure for it); without, each is for its latest published year.
 */
export function laBenchmarks(dataset: BenchmarkDataset, laCode: string, year?: number, rankings?: (m: DatasetMeasure, y: number) => YearRanking): LaBenchmarks | null {
  const synthetic = dataset.synthetic?.[laCode];
  const la = dataset.las[laCode] ?? synthetic;
  if (!la) return null;
  const neighbours = synthetic?.neighbours ?? dataset.neighbours.byLa[laCode] ?? [];
  const measures = orderedMeasures(dataset).map((m) => {
    const y = year ?? latestYear(m);
    const has = y !== null && m.values[String(y)] !== undefined;
    return measureBenchmark(m, { code: laCode, region: la.region, neighbours, ...(synthetic ? { synthetic } : {}) }, has ? y : (year ?? null), has && y !== null && rankings ? rankings(m, y) : undefined);
  });
  const years = measures.map((m) => m.year).filter((y): y is number => y !== null);
  return {
    laCode,
    laName: la.name,
    year: year ?? (years.length ? Math.max(...years) : 0),
    region: dataset.regions[la.region] ?? la.region,
    regionCode: la.region,
    neighbours,
    neighbourModel: dataset.neighbours.model,
    synthetic: synthetic !== undefined,
    datasetVersion: dataset.version,
    measures,
  };
}

/** Years with any figure for a measure, oldest first. */
export function yearsOf(measure: DatasetMeasure): number[] {
  return Object.keys(measure.values).map(Number).sort((a, b) => a - b);
}
