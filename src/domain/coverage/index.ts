export {
  annexAWindows,
  collectionYearWindow,
  CoverageIndex,
  COVERAGE_FAMILIES,
  ANNEX_A_WINDOW_MONTHS,
  isCoverageFamily,
  mergeWindows,
  windowStart,
  type Coverage,
  type CoverageFamily,
  type CoverageWindow,
  type DateRange,
  type PeriodCoverage,
} from './coverage.ts';
export { comparisonPeriod, coverageNote, kpiCoverage, kpiFamilies, longDate, runningPeriod, type KpiCoverageRule } from './kpi-coverage.ts';
export { computeCoveredKpis } from './covered-kpis.ts';
