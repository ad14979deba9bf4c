import { monthEnds } from '../dates.ts';
import type { IsoDate } from '../dates.ts';
import type { StandardProfile } from '../standards/caseload-standard.ts';
import type { Allocation, Role, Team, TeamKind, Worker } from '../workforce/types.ts';
import { withoutFloatNoise } from './rounding.ts';
import { buildTeamTree, lineageOf, parentIndexes } from './team-tree.ts';
import { addCaseHolder, emptyTally, treeFigures } from './unit-figures.ts';
import type { UnitFigures, UnitTally } from './unit-figures.ts';
import { uniqueWorkers, workerStanding } from './worker-standing.ts';

export interface CaseloadSeriesInput {
  profile: StandardProfile;
  teams: readonly Team[];
  workers: readonly Worker[];
  allocations: readonly Allocation[];
  /** The series runs over the month ends from the month of `from` to the month of `to`. */
  from: IsoDate;
  to: IsoDate;
}

export interface UnitSeries {
  teamId: string;
  name: string;
  parent: string | null;
  kind: TeamKind;
  /** One entry per date, the same figures as a snapshot at that date. */
  figures: UnitFigures[];
}

export interface WorkerSeries {
  workerId: string;
  name: string;
  teamId: string | null;
  role: Role;
  caseload: number[];
  capacity: number[];
}

export interface CaseloadSeries {
  profile: string;
  dates: IsoDate[];
  teams: UnitSeries[];
  localities: UnitSeries[];
  services: UnitSeries[];
  /** Workers in post, or holding children, at one of the dates at least. */
  workers: WorkerSeries[];
  totals: UnitFigures[];
}

interface Spell {
  child: number;
  /** Node ids: team lineages, then the LA, then the worker's own node, then the "in a sub-unit of" nodes. */
  nodes: readonly number[];
  unitNodes: number;
  hasWorker: boolean;
  start: IsoDate;
  end: IsoDate | null;
}

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/**
 * Caseloads at each month end, by team, locality, service, worker and LA. One sweep over
 * allocation start and end events in date order keeps, per child, how many open allocations
 * tie it to each team and worker, so each month costs only the allocations that changed.
 */
export function computeCaseloadSeries(input: CaseloadSeriesInput): CaseloadSeries {
  const { profile } = input;
  const dates = monthEnds(input.from, input.to);
  const tree = buildTeamTree(input.teams);
  const la = tree.teams.length;
  const workers = [...uniqueWorkers(input.workers).values()];
  const workerNode = new Map<string, number>(workers.map((worker, index) => [worker.workerId, la + 1 + index]));
  const parentOf = parentIndexes(tree, la);
  // Node coveredBase + u counts the children of unit u that are also in one of its direct sub-units.
  const coveredBase = la + 1 + workers.length;
  const nodeCount = coveredBase + la + 1;
  const workerTeams = new Map<string, string | null>(workers.map((worker) => [worker.workerId, worker.teamId]));

  const childIndex = new Map<string, number>();
  const spells: Spell[] = [];
  for (const allocation of input.allocations) {
    if (allocation.endDate !== null && allocation.endDate <= allocation.startDate) continue;
    let child = childIndex.get(allocation.childId);
    if (child === undefined) childIndex.set(allocation.childId, (child = childIndex.size));
    const nodes: number[] = [...lineageOf(tree, allocation.teamId)];
    const node = allocation.workerId === null ? undefined : workerNode.get(allocation.workerId);
    if (allocation.workerId !== null) {
      for (const unit of lineageOf(tree, workerTeams.get(allocation.workerId) ?? null)) if (!nodes.includes(unit)) nodes.push(unit);
    }
    nodes.push(la);
    const unitNodes = nodes.length;
    if (node !== undefined) nodes.push(node);
    const covered = new Set<number>();
    for (const unit of nodes.slice(0, unitNodes)) if (unit !== la) covered.add(coveredBase + (parentOf[unit] ?? la));
    nodes.push(...covered);
    spells.push({ child, nodes, unitNodes, hasWorker: allocation.workerId !== null, start: allocation.startDate, end: allocation.endDate });
  }
  const opens = [...spells].sort(byKey((spell) => spell.start));
  const closes = spells.filter((spell) => spell.end !== null).sort(byKey((spell) => spell.end ?? ''));

  const distinct = new Int32Array(nodeCount);
  const unallocated = new Int32Array(la + 1);
  const workerSpells = new Int32Array(childIndex.size);
  const childNodes: Map<number, number>[] = Array.from({ length: childIndex.size }, () => new Map());
  const workerChildren: Set<number>[] = workers.map(() => new Set());
  const isWorkerNode = (node: number): boolean => node > la && node < coveredBase;

  const setUnallocated = (child: number, delta: number): void => {
    for (const node of childNodes[child]?.keys() ?? []) if (node <= la) unallocated[node] = (unallocated[node] ?? 0) + delta;
  };
  const open = (spell: Spell): void => {
    const counts = childNodes[spell.child];
    if (counts === undefined) return;
    if (spell.hasWorker) {
      const before = workerSpells[spell.child] ?? 0;
      workerSpells[spell.child] = before + 1;
      if (before === 0) setUnallocated(spell.child, -1);
    }
    const unallocatedNow = workerSpells[spell.child] === 0;
    spell.nodes.forEach((node, position) => {
      const count = counts.get(node) ?? 0;
      counts.set(node, count + 1);
      if (count > 0) return;
      distinct[node] = (distinct[node] ?? 0) + 1;
      if (isWorkerNode(node)) workerChildren[node - la - 1]?.add(spell.child);
      if (unallocatedNow && position < spell.unitNodes) unallocated[node] = (unallocated[node] ?? 0) + 1;
    });
  };
  const close = (spell: Spell): void => {
    const counts = childNodes[spell.child];
    if (counts === undefined) return;
    const unallocatedNow = workerSpells[spell.child] === 0;
    spell.nodes.forEach((node, position) => {
      const count = counts.get(node) ?? 0;
      if (count > 1) {
        counts.set(node, count - 1);
        return;
      }
      counts.delete(node);
      distinct[node] = (distinct[node] ?? 0) - 1;
      if (isWorkerNode(node)) workerChildren[node - la - 1]?.delete(spell.child);
      if (unallocatedNow && position < spell.unitNodes) unallocated[node] = (unallocated[node] ?? 0) - 1;
    });
    if (spell.hasWorker) {
      const after = (workerSpells[spell.child] ?? 0) - 1;
      workerSpells[spell.child] = after;
      if (after === 0) setUnallocated(spell.child, 1);
    }
  };

  const workerLineage = workers.map((worker) => [...lineageOf(tree, worker.teamId), la]);
  const unitFiguresByDate: UnitFigures[][] = Array.from({ length: la + 1 }, () => []);
  const caseloads: number[][] = workers.map(() => []);
  const capacities: number[][] = workers.map(() => []);
  const seen = workers.map(() => false);
  const socialWorker = profile.roles.social_worker;
  const stamps = new Int32Array(childIndex.size);
  let stamp = 0;
  let nextOpen = 0;
  let nextClose = 0;

  for (const date of dates) {
    for (let spell = opens[nextOpen]; spell !== undefined && spell.start <= date; spell = opens[++nextOpen]) open(spell);
    for (let spell = closes[nextClose]; spell !== undefined && (spell.end ?? '') <= date; spell = closes[++nextClose]) close(spell);

    const tallies: UnitTally[] = Array.from({ length: la + 1 }, (_, unit) => ({
      ...emptyTally(),
      children: distinct[unit] ?? 0,
      ownChildren: (distinct[unit] ?? 0) - (distinct[coveredBase + unit] ?? 0),
      unallocated: unallocated[unit] ?? 0,
    }));
    const holdersByUnit: number[][] = tallies.map(() => []);
    workers.forEach((worker, index) => {
      const standing = workerStanding(worker, profile, date);
      const caseload = distinct[la + 1 + index] ?? 0;
      caseloads[index]?.push(caseload);
      capacities[index]?.push(withoutFloatNoise(standing.capacity));
      if (standing.inPost || caseload > 0) seen[index] = true;
      if (!standing.caseHolding) return;
      const lineage = workerLineage[index] ?? [];
      for (const unit of lineage) {
        const tally = tallies[unit];
        if (tally !== undefined) addCaseHolder(tally, worker.fte, standing.capacity, standing.capacityAtMid, unit === lineage[0]);
        holdersByUnit[unit]?.push(index);
      }
    });
    // Children held by each unit's case holders, each child once: a stamp per unit visit.
    holdersByUnit.forEach((holders, unit) => {
      stamp += 1;
      let held = 0;
      for (const index of holders) {
        for (const child of workerChildren[index] ?? []) {
          if (stamps[child] === stamp) continue;
          stamps[child] = stamp;
          held += 1;
        }
      }
      const tally = tallies[unit];
      if (tally !== undefined) tally.heldChildren = held;
    });
    treeFigures(tallies, parentOf, socialWorker).forEach((figures, unit) => unitFiguresByDate[unit]?.push(figures));
  }

  const rows = (kind: TeamKind): UnitSeries[] =>
    tree.teams.flatMap((team, index) =>
      team.kind === kind
        ? [{ teamId: team.teamId, name: team.name, parent: team.parentId, kind, figures: unitFiguresByDate[index] ?? [] }]
        : [],
    );

  return {
    profile: profile.name,
    dates,
    teams: rows('team'),
    localities: rows('locality'),
    services: rows('service'),
    workers: workers.flatMap((worker, index) =>
      seen[index]
        ? [{ workerId: worker.workerId, name: worker.name, teamId: worker.teamId, role: worker.role, caseload: caseloads[index] ?? [], capacity: capacities[index] ?? [] }]
        : [],
    ),
    totals: unitFiguresByDate[la] ?? [],
  };
}
