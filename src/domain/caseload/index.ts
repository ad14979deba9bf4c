export { computeCaseloadSnapshot, WORKER_FLAGS } from './caseload-snapshot.ts';
export type { CaseloadInput, CaseloadSnapshot, TeamCaseload, WorkerCaseload, WorkerFlag } from './caseload-snapshot.ts';
export { computeCaseloadSeries } from './caseload-series.ts';
export type { CaseloadSeries, CaseloadSeriesInput, UnitSeries, WorkerSeries } from './caseload-series.ts';
export type { UnitFigures } from './unit-figures.ts';
export { isAllocationOpenAt, isWorkerInPostAt } from './open-at-date.ts';
export { ceilToTenth, roundToOneDecimal } from './rounding.ts';
