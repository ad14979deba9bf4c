import { computeCaseloadSnapshot } from '../caseload/caseload-snapshot.ts';
import type { CaseloadInput } from '../caseload/caseload-snapshot.ts';
import { getPreset, PRESET_NAMES } from '../standards/presets.ts';
import type { Team, Worker } from '../workforce/types.ts';
import { applyDemandFactor } from './demand.ts';
import { evaluateBaseline } from './plan-state.ts';
import type { PlanState } from './plan-state.ts';
import { planningError } from './planning-error.ts';
import type { PlanningError } from './planning-error.ts';
import { parseScenario } from './scenario.ts';
import type {
  AddPostsChange,
  ConvertAgencyChange,
  DemandChange,
  MoveTeamChange,
  MoveWorkersChange,
  RemovePostsChange,
  ScenarioChange,
  SetProfileChange,
  SplitTeamChange,
} from './scenario.ts';
import {
  addPost,
  createWorkspace,
  describeRole,
  findTeam,
  inPost,
  lineManagerFor,
  moveWorker,
  openAllocationsOfTeam,
  removeWorker,
  setAllocation,
} from './workspace.ts';
import type { AppliedChange, NewPost, Workspace } from './workspace.ts';

export interface ScenarioResult extends PlanState {
  /** False when the scenario was rejected: then `errors` says why and the state is the baseline, unchanged. */
  ok: boolean;
  name: string;
  description: string | null;
  newPosts: readonly NewPost[];
  /** One entry per change, in order. */
  applied: readonly AppliedChange[];
  errors: readonly PlanningError[];
}

type Applied = Omit<AppliedChange, 'change' | 'type'>;
type Step = { errors: PlanningError[] } | { applied: Applied };

const at = (index: number, field: string): string => `changes[${index}].${field}`;
const fail = (...errors: PlanningError[]): Step => ({ errors });
const noTeam = (path: string, teamId: string): PlanningError => planningError(path, `there is no team "${teamId}"`, 'input', 'not_found');
const noWorker = (path: string, workerId: string): PlanningError => planningError(path, `there is no worker "${workerId}"`, 'input', 'not_found');

function addPosts(ws: Workspace, change: AddPostsChange, index: number): Step {
  if (findTeam(ws, change.team) === undefined) return fail(noTeam(at(index, 'team'), change.team));
  const count = change.count ?? 1;
  const spec = {
    teamId: change.team,
    role: change.role,
    fte: change.fte,
    agency: change.agency ?? false,
    asye: change.asye ?? false,
    supernumerary: change.supernumerary ?? false,
    startDate: change.startDate,
  };
  const ids = Array.from({ length: count }, (_, n) => addPost(ws, spec, index, n + 1).workerId);
  const kind = [spec.agency ? 'agency' : '', spec.asye ? 'ASYE' : '', spec.supernumerary ? 'supernumerary' : ''].filter(Boolean).join(', ');
  return { applied: { summary: `Added ${describeRole(change.role, count)} of ${change.fte} FTE${kind ? ` (${kind})` : ''} to team ${change.team}`, workerIds: ids } };
}

/** Which posts go when only team, role and FTE are given: agency posts first, then the most recent starters. */
function removalOrder(a: Worker, b: Worker): number {
  if (a.agency !== b.agency) return a.agency ? -1 : 1;
  const startA = a.startDate ?? '';
  const startB = b.startDate ?? '';
  if (startA !== startB) return startA < startB ? 1 : -1;
  return a.workerId < b.workerId ? 1 : a.workerId > b.workerId ? -1 : 0;
}

function removePosts(ws: Workspace, change: RemovePostsChange, index: number): Step {
  if (change.workerId !== undefined) {
    const worker = ws.workers.get(change.workerId);
    if (worker === undefined) return fail(noWorker(at(index, 'workerId'), change.workerId));
    removeWorker(ws, worker);
    return { applied: { summary: `Removed ${worker.workerId} (${describeRole(worker.role, 1)}) from team ${worker.teamId ?? '(none)'}`, workerIds: [worker.workerId] } };
  }
  const { team, role, fte } = change;
  if (team === undefined || role === undefined || fte === undefined) return fail(planningError(at(index, 'team'), 'is required'));
  if (findTeam(ws, team) === undefined) return fail(noTeam(at(index, 'team'), team));
  const count = change.count ?? 1;
  const candidates = [...ws.workers.values()]
    .filter((worker) => worker.teamId === team && worker.role === role && Math.abs(worker.fte - fte) < 1e-9 && inPost(ws, worker))
    .sort(removalOrder);
  if (candidates.length < count) {
    return fail(
      planningError(at(index, 'count'), `team "${team}" has ${describeRole(role, candidates.length)} of ${fte} FTE in post, fewer than the ${count} to remove`),
    );
  }
  const removed = candidates.slice(0, count);
  for (const worker of removed) removeWorker(ws, worker);
  return { applied: { summary: `Removed ${describeRole(role, count)} of ${fte} FTE from team ${team}`, workerIds: removed.map((worker) => worker.workerId) } };
}

function convertAgency(ws: Workspace, change: ConvertAgencyChange, index: number): Step {
  if (change.team !== undefined && findTeam(ws, change.team) === undefined) return fail(noTeam(at(index, 'team'), change.team));
  let chosen: Worker[];
  if (change.workerIds !== undefined) {
    const errors: PlanningError[] = [];
    chosen = [];
    change.workerIds.forEach((workerId, k) => {
      const path = at(index, `workerIds[${k}]`);
      const worker = ws.workers.get(workerId);
      if (worker === undefined) errors.push(noWorker(path, workerId));
      else if (!worker.agency) errors.push(planningError(path, `worker "${workerId}" is not an agency worker`));
      else if (change.team !== undefined && worker.teamId !== change.team) errors.push(planningError(path, `worker "${workerId}" is not in team "${change.team}"`));
      else chosen.push(worker);
    });
    if (errors.length > 0) return fail(...errors);
  } else {
    const candidates = [...ws.workers.values()].filter((worker) => worker.agency && inPost(ws, worker) && (change.team === undefined || worker.teamId === change.team));
    const where = change.team === undefined ? 'the local authority' : `team "${change.team}"`;
    if (candidates.length === 0) return fail(planningError(at(index, change.team === undefined ? 'type' : 'team'), `${where} has no agency workers in post to convert`));
    const count = change.count ?? candidates.length;
    if (count > candidates.length) {
      return fail(planningError(at(index, 'count'), `${where} has ${candidates.length} agency worker${candidates.length === 1 ? '' : 's'} in post, fewer than the ${count} to convert`));
    }
    chosen = candidates.slice(0, count);
  }
  for (const worker of chosen) ws.workers.set(worker.workerId, { ...worker, agency: false });
  const where = change.team === undefined ? '' : ` in team ${change.team}`;
  return { applied: { summary: `Made ${chosen.length} agency post${chosen.length === 1 ? '' : 's'}${where} permanent`, workerIds: chosen.map((worker) => worker.workerId) } };
}

function moveWorkers(ws: Workspace, change: MoveWorkersChange, index: number): Step {
  const errors: PlanningError[] = [];
  if (findTeam(ws, change.toTeam) === undefined) errors.push(noTeam(at(index, 'toTeam'), change.toTeam));
  const workers: Worker[] = [];
  change.workerIds.forEach((workerId, k) => {
    const worker = ws.workers.get(workerId);
    if (worker === undefined) errors.push(noWorker(at(index, `workerIds[${k}]`), workerId));
    else workers.push(worker);
  });
  if (errors.length > 0) return fail(...errors);
  for (const worker of workers) {
    if (worker.teamId === change.toTeam) continue;
    const moved = moveWorker(ws, worker, change.toTeam);
    ws.workers.set(moved.workerId, { ...moved, managerId: lineManagerFor(ws, change.toTeam, moved.role, moved.workerId) ?? moved.managerId });
  }
  return { applied: { summary: `Moved ${workers.length} worker${workers.length === 1 ? '' : 's'} to team ${change.toTeam}`, workerIds: workers.map((worker) => worker.workerId) } };
}

function moveTeam(ws: Workspace, change: MoveTeamChange, index: number): Step {
  const team = findTeam(ws, change.team);
  if (team === undefined) return fail(noTeam(at(index, 'team'), change.team));
  const parentId = change.toParent;
  if (parentId !== null) {
    if (findTeam(ws, parentId) === undefined) return fail(noTeam(at(index, 'toParent'), parentId));
    for (let cursor: string | null = parentId, steps = 0; cursor !== null && steps <= ws.teams.length; steps++) {
      if (cursor === team.teamId) return fail(planningError(at(index, 'toParent'), `"${parentId}" is "${team.teamId}" or sits beneath it, so the move would make a loop`, 'input', 'conflict'));
      cursor = findTeam(ws, cursor)?.parentId ?? null;
    }
  }
  ws.teams = ws.teams.map((candidate) => (candidate.teamId === team.teamId ? { ...candidate, parentId } : candidate));
  return { applied: { summary: `Moved team ${team.teamId} under ${parentId ?? 'the top of the hierarchy'}`, workerIds: [] } };
}

function splitTeam(ws: Workspace, change: SplitTeamChange, index: number): Step {
  const team = findTeam(ws, change.team);
  const errors: PlanningError[] = [];
  if (team === undefined) return fail(noTeam(at(index, 'team'), change.team));
  if (findTeam(ws, change.newTeam.teamId) !== undefined) errors.push(planningError(at(index, 'newTeam.teamId'), `there is already a team "${change.newTeam.teamId}"`));
  const moving: Worker[] = [];
  change.workerIds.forEach((workerId, k) => {
    const worker = ws.workers.get(workerId);
    const path = at(index, `workerIds[${k}]`);
    if (worker === undefined) errors.push(noWorker(path, workerId));
    else if (worker.teamId !== team.teamId) errors.push(planningError(path, `worker "${workerId}" is not in team "${team.teamId}"`));
    else moving.push(worker);
  });
  const managers = change.managers ?? [];
  managers.forEach((manager, k) => {
    if (manager.workerId !== undefined && !ws.workers.has(manager.workerId)) errors.push(noWorker(at(index, `managers[${k}].workerId`), manager.workerId));
  });
  if (errors.length > 0) return fail(...errors);

  const newTeamId = change.newTeam.teamId;
  const newTeam: Team = { teamId: newTeamId, name: change.newTeam.name, parentId: team.parentId, kind: team.kind };
  const position = ws.teams.findIndex((candidate) => candidate.teamId === team.teamId);
  ws.teams.splice(position + 1, 0, newTeam);
  const oldTeamManager = lineManagerFor(ws, team.teamId, 'team_manager', null);

  const touched: string[] = [];
  const created = new Set<string>();
  for (const worker of moving) touched.push(moveWorker(ws, worker, newTeamId).workerId);
  let ordinal = 0;
  for (const manager of managers) {
    const existing = manager.workerId === undefined ? undefined : ws.workers.get(manager.workerId);
    if (existing !== undefined) {
      touched.push(moveWorker(ws, existing, newTeamId).workerId);
    } else if (manager.role !== undefined) {
      ordinal += 1;
      const spec = { teamId: newTeamId, role: manager.role, fte: manager.fte ?? 1, agency: manager.agency ?? false, asye: false, supernumerary: false, startDate: manager.startDate };
      const post = addPost(ws, spec, index, ordinal);
      created.add(post.workerId);
      touched.push(post.workerId);
    }
  }
  for (const workerId of touched) {
    const worker = ws.workers.get(workerId);
    if (worker === undefined) continue;
    const isNewTeamManager = created.has(workerId) && worker.role === 'team_manager';
    if (!created.has(workerId) && worker.role === 'team_manager') continue;
    const managerId = isNewTeamManager ? oldTeamManager : (lineManagerFor(ws, newTeamId, worker.role, workerId) ?? worker.managerId);
    ws.workers.set(workerId, { ...worker, managerId });
  }

  const unallocated = new Map<string, number[]>();
  for (const openIndex of openAllocationsOfTeam(ws, team.teamId)) {
    const allocation = ws.allocations[openIndex];
    if (allocation === undefined || allocation.workerId !== null) continue;
    const list = unallocated.get(allocation.childId);
    if (list === undefined) unallocated.set(allocation.childId, [openIndex]);
    else list.push(openIndex);
  }
  const childIds = [...unallocated.keys()].sort();
  let movedChildren = 0;
  childIds.forEach((childId, k) => {
    if (k % 2 === 0) return;
    movedChildren += 1;
    for (const openIndex of unallocated.get(childId) ?? []) {
      const allocation = ws.allocations[openIndex];
      if (allocation !== undefined) setAllocation(ws, openIndex, { ...allocation, teamId: newTeamId });
    }
  });
  return {
    applied: {
      summary:
        `Split team ${team.teamId}: new team ${newTeamId} "${newTeam.name}" with ${moving.length} worker${moving.length === 1 ? '' : 's'} moved, ` +
        `${managers.length} manager${managers.length === 1 ? '' : 's'} (${created.size} new post${created.size === 1 ? '' : 's'}) and ${movedChildren} of ${childIds.length} unallocated children`,
      workerIds: touched,
    },
  };
}

function setProfile(ws: Workspace, change: SetProfileChange, index: number): Step {
  const profile = getPreset(change.profile);
  if (profile === undefined) return fail(planningError(at(index, 'profile'), `there is no preset "${change.profile}" (expected one of ${PRESET_NAMES.join(', ')})`, 'input', 'not_found'));
  ws.profile = profile;
  return { applied: { summary: `Measured against ${profile.name}: ${profile.label}`, workerIds: [] } };
}

function demand(ws: Workspace, change: DemandChange, index: number): Step {
  const team = findTeam(ws, change.team);
  if (team === undefined) return fail(noTeam(at(index, 'team'), change.team));
  if (team.kind !== 'team') return fail(planningError(at(index, 'team'), `"${change.team}" is a ${team.kind}; demand changes apply to a team`));
  // The service turns "forecast" into the forecast's factor before a scenario is applied.
  if (change.factor === 'forecast') return fail(planningError(at(index, 'factor'), 'the forecast was not worked out for this change'));
  const { before, after } = applyDemandFactor(ws, change.team, change.factor, index);
  return { applied: { summary: `Demand in team ${change.team} × ${change.factor}: ${before} children become ${after}`, workerIds: [] } };
}

function applyChange(ws: Workspace, change: ScenarioChange, index: number): Step {
  switch (change.type) {
    case 'add_posts':
      return addPosts(ws, change, index);
    case 'remove_posts':
      return removePosts(ws, change, index);
    case 'convert_agency':
      return convertAgency(ws, change, index);
    case 'move_workers':
      return moveWorkers(ws, change, index);
    case 'move_team':
      return moveTeam(ws, change, index);
    case 'split_team':
      return splitTeam(ws, change, index);
    case 'set_profile':
      return setProfile(ws, change, index);
    case 'demand':
      return demand(ws, change, index);
  }
}

function rejected(baseline: CaseloadInput, name: string, description: string | null, errors: PlanningError[]): ScenarioResult {
  return { ...evaluateBaseline(baseline), ok: false, name, description, newPosts: [], applied: [], errors };
}

/**
 * Applies a scenario's changes, in order, to a copy of the baseline and computes the caseload
 * snapshot on the changed inputs (the same computation as today's figures). A later change
 * sees the earlier ones: it can add posts to a team an earlier change created. Never throws:
 * when any change is invalid the result carries every error found, each naming its field
 * (`changes[2].team: there is no team "T99"`), and the baseline, with nothing applied.
 */
export function applyScenario(baseline: CaseloadInput, scenario: unknown): ScenarioResult {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) return rejected(baseline, '', null, parsed.errors);
  const { name, changes } = parsed.value;
  const description = parsed.value.description ?? null;
  const ws = createWorkspace(baseline, parsed.value.asOf ?? baseline.asOf);
  const errors: PlanningError[] = [];
  changes.forEach((change, index) => {
    const step = applyChange(ws, change, index);
    if ('errors' in step) errors.push(...step.errors);
    else ws.applied.push({ change: index, type: change.type, ...step.applied });
  });
  if (errors.length > 0) return rejected(baseline, name, description, errors);

  const everyone = [...ws.workers.values()];
  const inputs: CaseloadInput = {
    laCode: ws.laCode,
    asOf: ws.asOf,
    profile: ws.profile,
    teams: ws.teams,
    workers: everyone.filter((worker) => !ws.supernumerary.has(worker.workerId)),
    allocations: ws.allocations,
  };
  return {
    inputs,
    snapshot: computeCaseloadSnapshot(inputs),
    supernumerary: everyone.filter((worker) => ws.supernumerary.has(worker.workerId)),
    ok: true,
    name,
    description,
    newPosts: ws.newPosts,
    applied: ws.applied,
    errors: [],
  };
}
