import type { IsoDate } from '../dates.ts';
import { caseTypeWeight } from '../standards/caseload-standard.ts';
import type { StandardProfile } from '../standards/caseload-standard.ts';
import type { Allocation, Role, Team, Worker } from '../workforce/types.ts';
import { isAllocationOpenAt } from './open-at-date.ts';
import { withoutFloatNoise } from './rounding.ts';
import { buildTeamTree, lineageOf, parentIndexes } from './team-tree.ts';
import { addCaseHolder, emptyTally, treeFigures, unitFigures } from './unit-figures.ts';
import type { UnitFigures, UnitTally } from './unit-figures.ts';
import { uniqueWorkers, workerStanding } from './worker-standing.ts';
import type { WorkerStanding } from './worker-standing.ts';

export const WORKER_FLAGS = [
  'over_max',
  'asye_over_protected',
  'span_of_control_low',
  'span_of_control_high',
  'not_in_post',
] as const;
/**
 * - over_max: caseload above the maximum of the role's own range × FTE (IRO and personal
 *   adviser against theirs; an ASYE against the social worker range, see asye_over_protected).
 * - asye_over_protected: an ASYE above the protected ASYE maximum × FTE.
 * - span_of_control_low / _high: a manager with fewer / more in-post direct reports than the range.
 * - not_in_post: children still allocated to a worker who is not in post at the date.
 */
export type WorkerFlag = (typeof WORKER_FLAGS)[number];

export interface CaseloadInput {
  laCode: string;
  asOf: IsoDate;
  profile: StandardProfile;
  teams: readonly Team[];
  workers: readonly Worker[];
  allocations: readonly Allocation[];
}

export interface TeamCaseload extends UnitFigures {
  teamId: string;
  name: string;
  parent: string | null;
}

export interface WorkerCaseload {
  workerId: string;
  name: string;
  teamId: string | null;
  role: Role;
  asye: boolean;
  agency: boolean;
  fte: number;
  /** Distinct children with an open allocation to the worker. */
  caseload: number;
  /** Sum of case-type weights, each child once at its highest weight. */
  weightedCaseload: number;
  /** Range maximum × FTE; 0 for a role that holds no cases or a worker not in post. */
  capacity: number;
  headroom: number;
  /** In-post workers whose managerId is this worker. */
  directReports: number;
  flags: WorkerFlag[];
}

export interface CaseloadSnapshot {
  laCode: string;
  asOf: IsoDate;
  profile: string;
  teams: TeamCaseload[];
  localities: TeamCaseload[];
  services: TeamCaseload[];
  workers: WorkerCaseload[];
  totals: UnitFigures;
  /** Ids referenced by open allocations or in-post workers but missing from the input (their children count in the LA total). */
  unmatched: { workerIds: string[]; teamIds: string[] };
}

/** Caseloads, capacity and flags at one date; definitions in docs/standards.md. */
export function computeCaseloadSnapshot(input: CaseloadInput): CaseloadSnapshot {
  const { profile, asOf } = input;
  const tree = buildTeamTree(input.teams);
  const la = tree.teams.length;
  const workers = uniqueWorkers(input.workers);
  const parentOf = parentIndexes(tree, la);
  const unitChildren = Array.from({ length: la + 1 }, () => new Set<string>());
  /** Per unit, the children that are also in one of its direct sub-units. */
  const inSubUnit = Array.from({ length: la + 1 }, () => new Set<string>());
  const withWorker = new Set<string>();
  const workerChildren = new Map<string, Map<string, number>>();
  const unmatchedWorkers = new Set<string>();
  const unmatchedTeams = new Set<string>();
  const noteTeam = (teamId: string | null): void => {
    if (teamId !== null && !tree.indexOf.has(teamId)) unmatchedTeams.add(teamId);
  };

  for (const allocation of input.allocations) {
    if (!isAllocationOpenAt(allocation, asOf)) continue;
    const { childId, workerId } = allocation;
    const units = new Set<number>(lineageOf(tree, allocation.teamId));
    noteTeam(allocation.teamId);
    units.add(la);
    if (workerId !== null) {
      withWorker.add(childId);
      const worker = workers.get(workerId);
      if (worker === undefined) {
        unmatchedWorkers.add(workerId);
      } else {
        for (const unit of lineageOf(tree, worker.teamId)) units.add(unit);
        noteTeam(worker.teamId);
        let children = workerChildren.get(workerId);
        if (children === undefined) workerChildren.set(workerId, (children = new Map()));
        children.set(childId, Math.max(children.get(childId) ?? 0, caseTypeWeight(profile, allocation.caseType)));
      }
    }
    for (const unit of units) {
      unitChildren[unit]?.add(childId);
      if (unit !== la) inSubUnit[parentOf[unit] ?? la]?.add(childId);
    }
  }

  const tallies = unitChildren.map((children, unit): UnitTally => {
    const tally = emptyTally();
    tally.children = children.size;
    tally.ownChildren = children.size - (inSubUnit[unit]?.size ?? 0);
    for (const child of children) if (!withWorker.has(child)) tally.unallocated += 1;
    return tally;
  });
  const held = Array.from({ length: la + 1 }, () => new Set<string>());

  const directReports = new Map<string, number>();
  const standings = new Map<string, WorkerStanding>();
  for (const worker of workers.values()) {
    const standing = workerStanding(worker, profile, asOf);
    standings.set(worker.workerId, standing);
    if (!standing.inPost) continue;
    noteTeam(worker.teamId);
    if (worker.managerId !== null && worker.managerId !== worker.workerId) {
      directReports.set(worker.managerId, (directReports.get(worker.managerId) ?? 0) + 1);
    }
    if (!standing.caseHolding) continue;
    const lineage = [...lineageOf(tree, worker.teamId), la];
    const children = workerChildren.get(worker.workerId);
    for (const unit of lineage) {
      const tally = tallies[unit];
      if (tally !== undefined) addCaseHolder(tally, worker.fte, standing.capacity, standing.capacityAtMid, unit === lineage[0]);
      for (const child of children?.keys() ?? []) held[unit]?.add(child);
    }
  }
  tallies.forEach((tally, unit) => (tally.heldChildren = held[unit]?.size ?? 0));
  const figures = treeFigures(tallies, parentOf, profile.roles.social_worker);

  const span = profile.spanOfControl;
  const workerRows: WorkerCaseload[] = [];
  for (const worker of workers.values()) {
    const standing = standings.get(worker.workerId);
    const children = workerChildren.get(worker.workerId);
    if (standing === undefined || (!standing.inPost && children === undefined)) continue;
    const caseload = children?.size ?? 0;
    let weighted = 0;
    for (const weight of children?.values() ?? []) weighted += weight;
    const reports = directReports.get(worker.workerId) ?? 0;
    const flags: WorkerFlag[] = [];
    const roleRange = profile.roles[worker.role];
    if (standing.caseHolding && roleRange !== undefined && caseload > withoutFloatNoise(roleRange.max * worker.fte)) flags.push('over_max');
    if (standing.caseHolding && worker.asye && caseload > withoutFloatNoise(profile.asye.max * worker.fte)) flags.push('asye_over_protected');
    if (standing.inPost && span.roles.includes(worker.role)) {
      if (reports < span.min) flags.push('span_of_control_low');
      if (reports > span.max) flags.push('span_of_control_high');
    }
    if (!standing.inPost) flags.push('not_in_post');
    const capacity = withoutFloatNoise(standing.capacity);
    workerRows.push({
      workerId: worker.workerId,
      name: worker.name,
      teamId: worker.teamId,
      role: worker.role,
      asye: worker.asye,
      agency: worker.agency,
      fte: worker.fte,
      caseload,
      weightedCaseload: withoutFloatNoise(weighted),
      capacity,
      headroom: withoutFloatNoise(capacity - caseload),
      directReports: reports,
      flags,
    });
  }

  const rows = (kind: Team['kind']): TeamCaseload[] =>
    tree.teams.flatMap((team, index) => {
      const f = figures[index];
      if (team.kind !== kind || f === undefined) return [];
      return [{ teamId: team.teamId, name: team.name, parent: team.parentId, ...f }];
    });

  return {
    laCode: input.laCode,
    asOf,
    profile: profile.name,
    teams: rows('team'),
    localities: rows('locality'),
    services: rows('service'),
    workers: workerRows,
    totals: figures[la] ?? unitFigures(emptyTally(), profile.roles.social_worker),
    unmatched: { workerIds: [...unmatchedWorkers], teamIds: [...unmatchedTeams] },
  };
}
