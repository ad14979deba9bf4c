import { roundToOneDecimal, withoutFloatNoise } from '../caseload/rounding.ts';
import { uniqueWorkers, workerStanding } from '../caseload/worker-standing.ts';
import type { Role } from '../workforce/types.ts';
import type { PlanState } from './plan-state.ts';

export interface RedistributedWorker {
  workerId: string;
  name: string;
  role: Role;
  asye: boolean;
  fte: number;
  /** Children allocated to the worker today. */
  caseload: number;
  /** The team's children ÷ the team's case-holding FTE × the worker's FTE, one decimal place. */
  evenShare: number;
  /** Range maximum × FTE (the ASYE range for an ASYE). */
  capacity: number;
  /** capacity − even share, one decimal place. */
  headroom: number;
  overMax: boolean;
}

export interface RedistributedTeam {
  teamId: string;
  name: string;
  children: number;
  caseHoldingFte: number;
  /** children ÷ case-holding FTE, one decimal place; null when the team has no case holder. */
  perFte: number | null;
  workers: RedistributedWorker[];
  workersOverMax: number;
}

export interface Redistribution {
  teams: RedistributedTeam[];
  workersOverMax: number;
}

/**
 * The planning assumption of council caseload reports: each team's children shared evenly
 * across its in-post case holders in proportion to FTE (children ÷ case-holding FTE × the
 * worker's FTE). Supernumerary posts hold no cases and take no share. Teams are those of kind
 * `team`; a worker's share is over the maximum when above their own capacity, so an ASYE at the
 * team average can be over their protected range while colleagues are within theirs.
 */
export function redistribute(state: PlanState): Redistribution {
  const { profile, asOf } = state.inputs;
  const caseload = new Map(state.snapshot.workers.map((row) => [row.workerId, row.caseload]));
  const byTeam = new Map<string, RedistributedWorker[]>();
  const fteByTeam = new Map<string, number>();
  const holders: { teamId: string; worker: RedistributedWorker }[] = [];
  for (const worker of uniqueWorkers(state.inputs.workers).values()) {
    const standing = workerStanding(worker, profile, asOf);
    if (!standing.caseHolding || worker.teamId === null) continue;
    fteByTeam.set(worker.teamId, (fteByTeam.get(worker.teamId) ?? 0) + worker.fte);
    holders.push({
      teamId: worker.teamId,
      worker: {
        workerId: worker.workerId,
        name: worker.name,
        role: worker.role,
        asye: worker.asye,
        fte: worker.fte,
        caseload: caseload.get(worker.workerId) ?? 0,
        evenShare: 0,
        capacity: withoutFloatNoise(standing.capacity),
        headroom: 0,
        overMax: false,
      },
    });
  }
  const children = new Map(state.snapshot.teams.map((team) => [team.teamId, team.children]));
  for (const { teamId, worker } of holders) {
    const fte = withoutFloatNoise(fteByTeam.get(teamId) ?? 0);
    const share = fte > 0 ? ((children.get(teamId) ?? 0) / fte) * worker.fte : 0;
    worker.evenShare = roundToOneDecimal(share);
    worker.headroom = roundToOneDecimal(worker.capacity - share);
    worker.overMax = withoutFloatNoise(share) > worker.capacity;
    let list = byTeam.get(teamId);
    if (list === undefined) byTeam.set(teamId, (list = []));
    list.push(worker);
  }
  const teams = state.snapshot.teams.map((team): RedistributedTeam => {
    const workers = byTeam.get(team.teamId) ?? [];
    const fte = withoutFloatNoise(fteByTeam.get(team.teamId) ?? 0);
    return {
      teamId: team.teamId,
      name: team.name,
      children: team.children,
      caseHoldingFte: fte,
      perFte: fte > 0 ? roundToOneDecimal(team.children / fte) : null,
      workers,
      workersOverMax: workers.filter((worker) => worker.overMax).length,
    };
  });
  return { teams, workersOverMax: teams.reduce((acc, team) => acc + team.workersOverMax, 0) };
}
