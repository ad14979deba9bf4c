import { withoutFloatNoise } from '../caseload/rounding.ts';
import { CASE_TYPES } from '../workforce/types.ts';
import type { CaseType, Worker } from '../workforce/types.ts';
import { addAllocation, inPost, openAllocationsOf, openAllocationsOfTeam, setAllocation } from './workspace.ts';
import type { Workspace } from './workspace.ts';

/**
 * Shares a whole number out in proportion to whole-number weights by the largest remainder
 * (Hamilton) method: each gets the floor of its exact share, and what is left goes one each to
 * the largest remainders, ties to the earlier weight. Integer arithmetic, so it is exact.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const shares = weights.map((weight) => Math.floor((total * weight) / sum));
  const order = weights
    .map((weight, index) => ({ index, remainder: (total * weight) % sum }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let left = total - shares.reduce((acc, share) => acc + share, 0);
  for (let k = 0; left > 0; k++, left--) {
    const entry = order[k % order.length];
    if (entry !== undefined) shares[entry.index] = (shares[entry.index] ?? 0) + 1;
  }
  return shares;
}

interface TeamDemand {
  /** Open allocation indexes by child, for the team's children only. */
  children: Map<string, number[]>;
  /** The team's workers (any status) with the team's children each holds. */
  holders: { worker: Worker; children: string[] }[];
  /** Children no worker of the team holds. */
  teamOnly: string[];
  caseTypes: Map<CaseType, number>;
}

/** A team's own children at the scenario date: open to the team, or to a worker whose team it is. */
function readTeam(ws: Workspace, teamId: string): TeamDemand {
  const children = new Map<string, number[]>();
  const byWorker = new Map<string, Set<string>>();
  const caseTypes = new Map<CaseType, number>();
  const candidates = new Set(openAllocationsOfTeam(ws, teamId));
  for (const worker of ws.workers.values()) {
    if (worker.teamId === teamId) for (const index of openAllocationsOf(ws, worker.workerId)) candidates.add(index);
  }
  for (const index of candidates) {
    const allocation = ws.allocations[index];
    if (allocation === undefined) continue;
    const holder = allocation.workerId === null ? undefined : ws.workers.get(allocation.workerId);
    const heldInTeam = holder !== undefined && holder.teamId === teamId;
    if (allocation.teamId !== teamId && !heldInTeam) continue;
    let list = children.get(allocation.childId);
    if (list === undefined) {
      children.set(allocation.childId, (list = []));
      caseTypes.set(allocation.caseType, (caseTypes.get(allocation.caseType) ?? 0) + 1);
    }
    list.push(index);
    if (heldInTeam && holder !== undefined) {
      let held = byWorker.get(holder.workerId);
      if (held === undefined) byWorker.set(holder.workerId, (held = new Set()));
      held.add(allocation.childId);
    }
  }
  const holders: TeamDemand['holders'] = [];
  const held = new Set<string>();
  for (const worker of ws.workers.values()) {
    const set = byWorker.get(worker.workerId);
    if (set === undefined) continue;
    holders.push({ worker, children: [...set] });
    for (const child of set) held.add(child);
  }
  const teamOnly = [...children.keys()].filter((child) => !held.has(child));
  return { children, holders, teamOnly, caseTypes };
}

/** Case types for `count` new children in the team's current proportions. */
function caseTypeSequence(count: number, mix: Map<CaseType, number>): CaseType[] {
  const shares = largestRemainder(
    count,
    CASE_TYPES.map((type) => mix.get(type) ?? 0),
  );
  return CASE_TYPES.flatMap((type, index) => Array<CaseType>(shares[index] ?? 0).fill(type));
}

/**
 * Adds children in the team's existing mix: shared between the workers who hold the team's
 * children now and the team's unallocated list in proportion to what each holds, by largest
 * remainder (a holder no longer in post has their share left unallocated). Each new child is
 * a synthetic `DEMAND-<change>-<n>` with one allocation to the team (and the worker, if any)
 * opening on the scenario date, case types in the team's proportions.
 */
function addChildren(ws: Workspace, teamId: string, team: TeamDemand, count: number, change: number): void {
  const targets = [...team.holders.map((holder) => (inPost(ws, holder.worker) ? holder.worker.workerId : null)), null];
  const weights = [...team.holders.map((holder) => holder.children.length), team.teamOnly.length];
  const shares = largestRemainder(count, weights);
  const types = caseTypeSequence(count, team.caseTypes);
  let made = 0;
  for (let round = 0; made < count && round <= count; round++) {
    targets.forEach((workerId, bucket) => {
      if ((shares[bucket] ?? 0) <= round) return;
      made += 1;
      addAllocation(ws, {
        childId: `DEMAND-${change + 1}-${made}`,
        workerId,
        teamId,
        caseType: types[made - 1] ?? 'cin',
        startDate: ws.asOf,
        endDate: null,
      });
    });
  }
}

/**
 * Closes `count` of the team's children on the scenario date, taken from each holder and from
 * the unallocated list in proportion to what each holds (largest remainder), highest child
 * ids first. Only the child's allocations in this team close.
 */
function removeChildren(ws: Workspace, team: TeamDemand, count: number): void {
  const descending = (ids: string[]) => [...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const lists = [...team.holders.map((holder) => descending(holder.children)), descending(team.teamOnly)];
  const shares = largestRemainder(
    count,
    lists.map((list) => list.length),
  );
  const chosen = new Set<string>();
  lists.forEach((list, bucket) => {
    let taken = 0;
    for (const child of list) {
      if (taken >= (shares[bucket] ?? 0)) break;
      if (chosen.has(child)) continue;
      chosen.add(child);
      taken += 1;
    }
  });
  for (const child of descending([...team.children.keys()])) {
    if (chosen.size >= count) break;
    chosen.add(child);
  }
  for (const child of chosen) {
    for (const index of team.children.get(child) ?? []) {
      const allocation = ws.allocations[index];
      if (allocation !== undefined) setAllocation(ws, index, { ...allocation, endDate: ws.asOf });
    }
  }
}

/**
 * Scales the team's open children by `factor` (rounded half up); returns children before and
 * after. A team with no children stays at none: there is no mix to scale.
 */
export function applyDemandFactor(ws: Workspace, teamId: string, factor: number, change: number): { before: number; after: number } {
  const team = readTeam(ws, teamId);
  const before = team.children.size;
  const after = Math.round(withoutFloatNoise(before * factor));
  if (after > before) addChildren(ws, teamId, team, after - before, change);
  if (after < before) removeChildren(ws, team, before - after);
  return { before, after };
}
