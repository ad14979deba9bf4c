/** Rows of the DfE's published statistics as Headroom reads them (parsed in formats/dfe-benchmarks). */

/** A published cell: a number, or the symbol that stands in for it. */
export type PublishedValue = number | { symbol: string };

export type GeographicLevel = 'national' | 'regional' | 'la';

export interface DfeTidyRow {
  rowNumber: number;
  /** `time_period` as the DfE labels it (2025 = the year to 31 March 2025). */
  year: number;
  level: GeographicLevel;
  /** E92000001 for England, the region code (E12…/E13…), or the three-digit LA number. */
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
  /** Text of the columns the caller filters on (breakdowns such as `population_type`). */
  categories: Record<string, string>;
  values: Record<string, PublishedValue>;
}

export interface NeighbourModelRow {
  rowNumber: number;
  laCode: string;
  laName: string;
  regionName: string;
  /** The ten statistical neighbours, closest first. */
  neighbours: string[];
}
