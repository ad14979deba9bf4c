import { rangeMidpoint } from '../standards/caseload-standard.ts';
import type { CaseloadRange } from '../standards/caseload-standard.ts';
import { ceilToTenth, roundToOneDecimal, withoutFloatNoise } from './rounding.ts';

/** Raw counts for a team, locality, service or the whole LA at one date. */
export interface UnitTally {
  caseHoldingWorkers: number;
  caseHoldingFte: number;
  /** Sum over in-post case holders of their range maximum × FTE. */
  capacity: number;
  /** Sum over in-post case holders of their range midpoint × FTE. */
  capacityAtMid: number;
  children: number;
  unallocated: number;
}

/** Caseload figures for a team or a roll-up; definitions in docs/standards.md. */
export interface UnitFigures {
  caseHoldingWorkers: number;
  caseHoldingFte: number;
  children: number;
  unallocated: number;
  /** children ÷ case-holding FTE, one decimal place; null when there is no case-holding FTE. */
  averagePerFte: number | null;
  /** children ÷ case-holding workers, one decimal place; null when there are none. */
  averagePerHead: number | null;
  capacity: number;
  /** capacity − children: negative when over capacity. */
  headroom: number;
  /** max(0, children − capacity). */
  casesOverCapacity: number;
  /** casesOverCapacity ÷ social worker maximum, up to the next 0.1. */
  fteRequiredToMax: number;
  /** max(0, children − capacity at midpoints) ÷ social worker midpoint, up to the next 0.1. */
  fteRequiredToMid: number;
}

export function emptyTally(): UnitTally {
  return { caseHoldingWorkers: 0, caseHoldingFte: 0, capacity: 0, capacityAtMid: 0, children: 0, unallocated: 0 };
}

/** Adds one in-post case holder to a tally. */
export function addCaseHolder(tally: UnitTally, fte: number, capacity: number, capacityAtMid: number): void {
  tally.caseHoldingWorkers += 1;
  tally.caseHoldingFte += fte;
  tally.capacity += capacity;
  tally.capacityAtMid += capacityAtMid;
}

export function unitFigures(tally: UnitTally, socialWorker: CaseloadRange): UnitFigures {
  const fte = withoutFloatNoise(tally.caseHoldingFte);
  const capacity = withoutFloatNoise(tally.capacity);
  const headroom = withoutFloatNoise(capacity - tally.children);
  const casesOverCapacity = Math.max(0, -headroom);
  const overMid = Math.max(0, tally.children - tally.capacityAtMid);
  return {
    caseHoldingWorkers: tally.caseHoldingWorkers,
    caseHoldingFte: fte,
    children: tally.children,
    unallocated: tally.unallocated,
    averagePerFte: fte > 0 ? roundToOneDecimal(tally.children / fte) : null,
    averagePerHead: tally.caseHoldingWorkers > 0 ? roundToOneDecimal(tally.children / tally.caseHoldingWorkers) : null,
    capacity,
    headroom,
    casesOverCapacity,
    fteRequiredToMax: ceilToTenth(casesOverCapacity / socialWorker.max),
    fteRequiredToMid: ceilToTenth(overMid / rangeMidpoint(socialWorker)),
  };
}
