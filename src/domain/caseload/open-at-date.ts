import type { IsoDate } from '../dates.ts';
import type { Allocation, Worker } from '../workforce/types.ts';

/** Open at D when it started on or before D and has not ended by D (the end date is exclusive). */
export function isAllocationOpenAt(allocation: Allocation, date: IsoDate): boolean {
  return allocation.startDate <= date && (allocation.endDate === null || allocation.endDate > date);
}

/** In post at D when started on or before D (or start unknown) and not left by D (the end date is exclusive). */
export function isWorkerInPostAt(worker: Worker, date: IsoDate): boolean {
  return (worker.startDate === null || worker.startDate <= date) && (worker.endDate === null || worker.endDate > date);
}
