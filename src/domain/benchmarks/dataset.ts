import { MEASURES, type BetterWhen, type MeasureUnit } from './catalogue.ts';

/** A published cell: the figure, or the DfE symbol (c, x, z, u, k, low, ..) that stands in for it. */
export type Cell = number | string;

export interface DatasetSource {
  id: string;
  title: string;
  publication: string;
  file: string;
  sha256: string;
  rows: number;
  firstYear: number | null;
  lastYear: number | null;
}

/**
 * The compact reference dataset Headroom ships (data/benchmarks/dataset.json) and a council may
 * refresh with `headroom benchmarks import`. Values are held per measure, year and geography:
 * England (E92000001), regions (E12…, E13…) and LAs (three-digit DfE numbers).
 */
export interface BenchmarkDataset {
  format: 1;
  /** Latest published year of any measure plus a short content hash, e.g. `2025-3fa2c1d0`. */
  version: string;
  builtAt: string;
  /** Publication date of the newest files, when the person who built the dataset gave it. */
  published: string | null;
  licence: string;
  sources: DatasetSource[];
  regions: Record<string, string>;
  las: Record<string, { name: string; region: string }>;
  neighbours: { model: string; byLa: Record<string, string[]> };
  measures: DatasetMeasure[];
  /**
   * Made-up councils (Demoshire) added at run time, never shipped: kept apart from the
   * published values so they never enter a real council's rank, quartile or averages.
   */
  synthetic?: Record<string, SyntheticLa>;
}

export interface SyntheticLa {
  name: string;
  region: string;
  neighbours: string[];
  /** measure id -> year -> cell */
  values: Record<string, Record<string, Cell>>;
}

export interface DatasetMeasure {
  id: string;
  label: string;
  unit: MeasureUnit;
  decimals: number;
  betterWhen: BetterWhen;
  source: string;
  definition: string;
  /** year -> geography code -> cell */
  values: Record<string, Record<string, Cell>>;
}

export const ENGLAND = 'E92000001';
export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0 (Department for Education; Office for National Statistics).';

/** Measures in catalogue order, whatever order a dataset file holds them in. */
export function orderedMeasures(dataset: BenchmarkDataset): DatasetMeasure[] {
  const byId = new Map(dataset.measures.map((m) => [m.id, m]));
  const known = MEASURES.map((m) => byId.get(m.id)).filter((m): m is DatasetMeasure => m !== undefined);
  return [...known, ...dataset.measures.filter((m) => !MEASURES.some((d) => d.id === m.id))];
}
