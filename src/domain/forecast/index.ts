export { BACKTEST_HORIZONS, forecast, INTERVAL_Z, MINIMUM_WINDOW_MONTHS, SCORED_MEASURES, WINDOW_CHOICES } from './forecast.ts';
export type { BacktestRow, FamilyPoint, ForecastOptions, ForecastOutcome, ForecastPoint, ForecastResult, WindowScore } from './forecast.ts';
export { countWindow, fitDailyModel, project, referralMoment } from './model.ts';
export type { DailyModel, MeasureMoment, ProjectedDay, WindowCounts } from './model.ts';
export {
  AGE_BAND_LABELS,
  AGE_BANDS,
  ageBandFor,
  isShortBreak,
  MEASURE_LABELS,
  MEASURES,
  PLACEMENT_GROUP_LABELS,
  PLACEMENT_GROUPS,
  placementGroupOf,
  STATE_COUNT,
  STATE_FAMILIES,
  stateByKey,
  stateIndex,
  STATES,
  STOCK_MEASURES,
} from './states.ts';
export type { AgeBand, Measure, PlacementGroup, StateDef, StateFamily, StockMeasure } from './states.ts';
export { asKnownOn, buildTimeline } from './timeline.ts';
export type { Timeline } from './timeline.ts';
export type { ChildHistory, Episode, EpisodeKind, HistorySet } from './types.ts';
