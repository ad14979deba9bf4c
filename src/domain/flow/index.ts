export { emptyFlowData, type Assessment, type CareLeaver, type CinEpisode, type ClaEpisode, type Contact, type CpPlan, type FlowData, type Referral, type S47 } from './events.ts';
export { indexFlowData, type FlowIndex } from './flow-index.ts';
export {
  computeKpi,
  computeKpis,
  INDICATORS,
  ASSESSMENT_TIMESCALE_WORKING_DAYS,
  ICPC_TIMESCALE_WORKING_DAYS,
  TWO_YEARS_DAYS,
  type FlowOptions,
  type Indicator,
} from './indicators.ts';
export { isKpiId, percent, ratePer10k, withPrevious, FULL_COVERAGE, KPI_IDS, type BetterWhen, type Coverage, type Direction, type FigureCoverage, type Kpi, type KpiId, type KpiUnit, type KpiWithPrevious } from './kpi.ts';
export { rollingSeries, rollingSeriesMany, type RollingPoint } from './rolling-series.ts';
