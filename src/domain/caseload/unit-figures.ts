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
  /** Distinct children with an open allocation to one of the unit's case-holding workers. */
  heldChildren: number;
  unallocated: number;
  /** Children of the unit that are in none of its sub-units (for a team with no sub-teams: all its children). */
  ownChildren: number;
  /** Capacity of case holders attached to the unit itself rather than to a sub-unit. */
  ownCapacity: number;
  ownCapacityAtMid: number;
}

/** Caseload figures for a team or a roll-up; definitions in docs/standards.md. */
export interface UnitFigures {
  caseHoldingWorkers: number;
  caseHoldingFte: number;
  /** Distinct children open to the unit (its teams and their workers), unallocated ones included. */
  children: number;
  /** Distinct children held by the unit's case-holding workers: the DfE's "cases held". */
  heldChildren: number;
  /** Children open to the unit with no open allocation to any worker. */
  unallocated: number;
  /**
   * Average caseload per FTE as the DfE defines it (CSWW): children held by case-holding
   * workers ÷ case-holding FTE, one decimal place; null when there is no case-holding FTE.
   * Unallocated children are not in it: they are reported beside it.
   */
  averagePerFte: number | null;
  /** Children held by case-holding workers ÷ case-holding workers, one decimal place; null when there are none. */
  averagePerHead: number | null;
  capacity: number;
  /** Net headroom: capacity − children, negative when over capacity. A roll-up nets its teams against each other here, and only here. */
  headroom: number;
  /**
   * Children above capacity: max(0, children − capacity) for a team; for a locality, service
   * or the LA the sum of its teams' (and its own directly attached part's) figures, since
   * teams do not lend capacity to each other.
   */
  casesOverCapacity: number;
  /** casesOverCapacity ÷ social worker maximum, up to the next 0.1; summed like casesOverCapacity. */
  fteRequiredToMax: number;
  /** max(0, children − capacity at midpoints) ÷ social worker midpoint, up to the next 0.1; summed like casesOverCapacity. */
  fteRequiredToMid: number;
}

export function emptyTally(): UnitTally {
  return { caseHoldingWorkers: 0, caseHoldingFte: 0, capacity: 0, capacityAtMid: 0, children: 0, heldChildren: 0, unallocated: 0, ownChildren: 0, ownCapacity: 0, ownCapacityAtMid: 0 };
}

/** Adds one in-post case holder to a tally; `own` when the worker's team is this unit itself. */
export function addCaseHolder(tally: UnitTally, fte: number, capacity: number, capacityAtMid: number, own: boolean): void {
  tally.caseHoldingWorkers += 1;
  tally.caseHoldingFte += fte;
  tally.capacity += capacity;
  tally.capacityAtMid += capacityAtMid;
  if (own) {
    tally.ownCapacity += capacity;
    tally.ownCapacityAtMid += capacityAtMid;
  }
}

/** The shortfall parts of a unit's figures, added up over its sub-units. */
export type Shortfall = Pick<UnitFigures, 'casesOverCapacity' | 'fteRequiredToMax' | 'fteRequiredToMid'>;

/**
 * A unit's figures. `subUnits` are the figures of its direct sub-units (teams of a locality,
 * localities and teams of a service, top-level units of the LA): their shortfalls are added to
 * the shortfall of the unit's own part (children in no sub-unit against capacity attached to
 * the unit itself), so spare capacity in one team never hides another team's shortfall.
 */
export function unitFigures(tally: UnitTally, socialWorker: CaseloadRange, subUnits: readonly Shortfall[] = []): UnitFigures {
  const fte = withoutFloatNoise(tally.caseHoldingFte);
  const capacity = withoutFloatNoise(tally.capacity);
  const headroom = withoutFloatNoise(capacity - tally.children);
  const ownOver = Math.max(0, withoutFloatNoise(tally.ownChildren - tally.ownCapacity));
  const ownOverMid = Math.max(0, withoutFloatNoise(tally.ownChildren - tally.ownCapacityAtMid));
  const sum = (pick: (s: Shortfall) => number, own: number): number => withoutFloatNoise(subUnits.reduce((acc, s) => acc + pick(s), own));
  return {
    caseHoldingWorkers: tally.caseHoldingWorkers,
    caseHoldingFte: fte,
    children: tally.children,
    heldChildren: tally.heldChildren,
    unallocated: tally.unallocated,
    averagePerFte: fte > 0 ? roundToOneDecimal(tally.heldChildren / fte) : null,
    averagePerHead: tally.caseHoldingWorkers > 0 ? roundToOneDecimal(tally.heldChildren / tally.caseHoldingWorkers) : null,
    capacity,
    headroom,
    casesOverCapacity: sum((s) => s.casesOverCapacity, ownOver),
    fteRequiredToMax: sum((s) => s.fteRequiredToMax, ceilToTenth(ownOver / socialWorker.max)),
    fteRequiredToMid: sum((s) => s.fteRequiredToMid, ceilToTenth(ownOverMid / rangeMidpoint(socialWorker))),
  };
}

/**
 * Figures for every unit of a tree (index `la` is the LA), sub-units before the units above them.
 * `parentOf[i]` is the unit directly above unit i (the LA for a top-level unit).
 */
export function treeFigures(tallies: readonly UnitTally[], parentOf: readonly number[], socialWorker: CaseloadRange): UnitFigures[] {
  const la = tallies.length - 1;
  const depth = (unit: number): number => {
    let d = 0;
    for (let u = unit; u !== la && d <= la; u = parentOf[u] ?? la) d += 1;
    return d;
  };
  const order = tallies.map((_, unit) => unit).sort((a, b) => depth(b) - depth(a));
  const subUnits: Shortfall[][] = tallies.map(() => []);
  const figures: UnitFigures[] = [];
  for (const unit of order) {
    const f = unitFigures(tallies[unit] ?? emptyTally(), socialWorker, subUnits[unit]);
    figures[unit] = f;
    if (unit !== la) subUnits[parentOf[unit] ?? la]?.push(f);
  }
  return figures;
}
