import type { IsoDate } from '../dates.ts';
import { rangeMidpoint, standardRangeFor } from '../standards/caseload-standard.ts';
import type { CaseloadRange, StandardProfile } from '../standards/caseload-standard.ts';
import type { Worker } from '../workforce/types.ts';
import { isWorkerInPostAt } from './open-at-date.ts';

export interface WorkerStanding {
  inPost: boolean;
  /** The worker's standard (the ASYE range for an ASYE), or null when the role holds no cases. */
  range: CaseloadRange | null;
  /** In post and in a case-holding role: counts towards case holders, FTE and capacity. */
  caseHolding: boolean;
  /** range max × FTE when case holding, else 0. */
  capacity: number;
  capacityAtMid: number;
}

export function workerStanding(worker: Worker, profile: StandardProfile, date: IsoDate): WorkerStanding {
  const inPost = isWorkerInPostAt(worker, date);
  const range = standardRangeFor(profile, worker.role, worker.asye);
  const caseHolding = inPost && range !== null;
  return {
    inPost,
    range,
    caseHolding,
    capacity: caseHolding && range !== null ? range.max * worker.fte : 0,
    capacityAtMid: caseHolding && range !== null ? rangeMidpoint(range) * worker.fte : 0,
  };
}

/** Workers by id; the first row wins when a roster repeats an id. */
export function uniqueWorkers(workers: readonly Worker[]): Map<string, Worker> {
  const byId = new Map<string, Worker>();
  for (const worker of workers) if (!byId.has(worker.workerId)) byId.set(worker.workerId, worker);
  return byId;
}
