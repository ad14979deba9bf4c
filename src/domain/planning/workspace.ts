import type { CaseloadInput } from '../caseload/caseload-snapshot.ts';
import { isAllocationOpenAt, isWorkerInPostAt } from '../caseload/open-at-date.ts';
import { uniqueWorkers } from '../caseload/worker-standing.ts';
import type { IsoDate } from '../dates.ts';
import type { StandardProfile } from '../standards/caseload-standard.ts';
import type { Allocation, Role, Team, Worker } from '../workforce/types.ts';
import type { ChangeType } from './scenario.ts';

/** A post a scenario adds, with the date it is expected to be filled. */
export interface NewPost {
  workerId: string;
  teamId: string;
  role: Role;
  fte: number;
  agency: boolean;
  asye: boolean;
  supernumerary: boolean;
  /**
   * When the post is expected to be filled (the change's startDate, else the scenario date).
   * It drives the in-year cost only: the scenario's caseload figures count every new post as
   * in post, since they show the position once the changes have taken effect.
   */
  startDate: IsoDate;
  /** Index of the change that added it. */
  change: number;
}

/** What one change did, in plain English, with the workers it touched. */
export interface AppliedChange {
  change: number;
  type: ChangeType;
  summary: string;
  workerIds: string[];
}

/**
 * The scenario's working copy of the baseline. Arrays are copied once and elements replaced
 * (never edited in place), so the baseline the caller passed in is left as it was.
 */
export interface Workspace {
  laCode: string;
  asOf: IsoDate;
  profile: StandardProfile;
  teams: Team[];
  /** In roster order; new posts at the end. */
  workers: Map<string, Worker>;
  supernumerary: Set<string>;
  /** Ids no longer in `workers`, kept so new ids never reuse them. */
  removed: Set<string>;
  allocations: Allocation[];
  /**
   * Indexes of open allocations by worker and by team. An index is added whenever an allocation
   * gains that worker or team and never taken out, so readers check the allocation itself.
   */
  openByWorker: Map<string, number[]>;
  openByTeam: Map<string, number[]>;
  newPosts: NewPost[];
  applied: AppliedChange[];
}

function push(map: Map<string, number[]>, key: string | null, index: number): void {
  if (key === null) return;
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else list.push(index);
}

export function createWorkspace(baseline: CaseloadInput, asOf: IsoDate): Workspace {
  const allocations = [...baseline.allocations];
  const openByWorker = new Map<string, number[]>();
  const openByTeam = new Map<string, number[]>();
  allocations.forEach((allocation, index) => {
    if (!isAllocationOpenAt(allocation, asOf)) return;
    push(openByWorker, allocation.workerId, index);
    push(openByTeam, allocation.teamId, index);
  });
  return {
    laCode: baseline.laCode,
    asOf,
    profile: baseline.profile,
    teams: [...baseline.teams],
    workers: uniqueWorkers(baseline.workers),
    supernumerary: new Set(),
    removed: new Set(),
    allocations,
    openByWorker,
    openByTeam,
    newPosts: [],
    applied: [],
  };
}

export function findTeam(ws: Workspace, teamId: string): Team | undefined {
  return ws.teams.find((team) => team.teamId === teamId);
}

export function inPost(ws: Workspace, worker: Worker): boolean {
  return isWorkerInPostAt(worker, ws.asOf);
}

export function isOpen(ws: Workspace, allocation: Allocation): boolean {
  return isAllocationOpenAt(allocation, ws.asOf);
}

/** Indexes of the worker's allocations that are still open and still theirs. */
export function openAllocationsOf(ws: Workspace, workerId: string): number[] {
  return [...new Set(ws.openByWorker.get(workerId))].filter((index) => {
    const allocation = ws.allocations[index];
    return allocation !== undefined && allocation.workerId === workerId && isOpen(ws, allocation);
  });
}

/** Indexes of the open allocations recorded against the team itself (with or without a worker). */
export function openAllocationsOfTeam(ws: Workspace, teamId: string): number[] {
  return [...new Set(ws.openByTeam.get(teamId))].filter((index) => {
    const allocation = ws.allocations[index];
    return allocation !== undefined && allocation.teamId === teamId && isOpen(ws, allocation);
  });
}

/** Replaces an allocation (the baseline's objects are never edited), keeping the indexes current. */
export function setAllocation(ws: Workspace, index: number, allocation: Allocation): void {
  const before = ws.allocations[index];
  ws.allocations[index] = allocation;
  if (before?.workerId !== allocation.workerId) push(ws.openByWorker, allocation.workerId, index);
  if (before?.teamId !== allocation.teamId) push(ws.openByTeam, allocation.teamId, index);
}

export function addAllocation(ws: Workspace, allocation: Allocation): void {
  const index = ws.allocations.push(allocation) - 1;
  push(ws.openByWorker, allocation.workerId, index);
  push(ws.openByTeam, allocation.teamId, index);
}

function firstInTeam(ws: Workspace, teamId: string, role: Role, selfId: string | null): Worker | undefined {
  for (const worker of ws.workers.values()) {
    if (worker.teamId === teamId && worker.role === role && worker.workerId !== selfId && inPost(ws, worker)) return worker;
  }
  return undefined;
}

/**
 * Who a post in a team reports to, so spans of control stay meaningful after a change: a
 * practice manager reports to the team's team manager; anyone else below them to the team
 * manager, failing one the practice manager; a team manager to whoever the team's existing
 * team manager reports to; service managers and heads of service to no one in the team.
 */
export function lineManagerFor(ws: Workspace, teamId: string, role: Role, selfId: string | null): string | null {
  if (role === 'service_manager' || role === 'head_of_service') return null;
  if (role === 'team_manager') return firstInTeam(ws, teamId, 'team_manager', selfId)?.managerId ?? null;
  const teamManager = firstInTeam(ws, teamId, 'team_manager', selfId);
  if (role === 'practice_manager') return teamManager?.workerId ?? null;
  return (teamManager ?? firstInTeam(ws, teamId, 'practice_manager', selfId))?.workerId ?? null;
}

/** Moves a worker; their open allocations recorded against their old team follow them. */
export function moveWorker(ws: Workspace, worker: Worker, toTeam: string): Worker {
  const from = worker.teamId;
  const moved: Worker = { ...worker, teamId: toTeam };
  ws.workers.set(worker.workerId, moved);
  for (const index of openAllocationsOf(ws, worker.workerId)) {
    const allocation = ws.allocations[index];
    if (allocation !== undefined && allocation.teamId === from && from !== null) setAllocation(ws, index, { ...allocation, teamId: toTeam });
  }
  return moved;
}

/** Takes a worker out; their open children stay with the team, unallocated. */
export function removeWorker(ws: Workspace, worker: Worker): void {
  for (const index of openAllocationsOf(ws, worker.workerId)) {
    const allocation = ws.allocations[index];
    if (allocation !== undefined) setAllocation(ws, index, { ...allocation, workerId: null, teamId: allocation.teamId ?? worker.teamId });
  }
  ws.openByWorker.delete(worker.workerId);
  ws.workers.delete(worker.workerId);
  ws.supernumerary.delete(worker.workerId);
  ws.removed.add(worker.workerId);
  ws.newPosts = ws.newPosts.filter((post) => post.workerId !== worker.workerId);
}

function label(role: Role): string {
  return role.replaceAll('_', ' ');
}

export interface PostSpec {
  teamId: string;
  role: Role;
  fte: number;
  agency: boolean;
  asye: boolean;
  supernumerary: boolean;
  startDate: IsoDate | undefined;
}

/** Adds a filled post with a readable id, `NEW-<change>-<n>` (1-based), unique among all ids seen. */
export function addPost(ws: Workspace, spec: PostSpec, change: number, ordinal: number): Worker {
  let workerId = `NEW-${change + 1}-${ordinal}`;
  while (ws.workers.has(workerId) || ws.removed.has(workerId)) workerId = `${workerId}x`;
  const worker: Worker = {
    workerId,
    name: `New ${label(spec.role)} ${ordinal} (change ${change + 1})`,
    teamId: spec.teamId,
    role: spec.role,
    fte: spec.fte,
    asye: spec.asye,
    agency: spec.agency,
    startDate: ws.asOf,
    endDate: null,
    managerId: lineManagerFor(ws, spec.teamId, spec.role, workerId),
  };
  ws.workers.set(workerId, worker);
  if (spec.supernumerary) ws.supernumerary.add(workerId);
  ws.newPosts.push({
    workerId,
    teamId: spec.teamId,
    role: spec.role,
    fte: spec.fte,
    agency: spec.agency,
    asye: spec.asye,
    supernumerary: spec.supernumerary,
    startDate: spec.startDate ?? ws.asOf,
    change,
  });
  return worker;
}

export function describeRole(role: Role, count: number): string {
  return `${count} ${label(role)} post${count === 1 ? '' : 's'}`;
}
