import { roundToOneDecimal, withoutFloatNoise } from '../caseload/rounding.ts';
import type { Role } from '../workforce/types.ts';
import { postsInPost } from './plan-state.ts';
import type { PlanState } from './plan-state.ts';

export type SpanStatus = 'low' | 'within' | 'high';

export interface ManagerSpan {
  workerId: string;
  name: string;
  role: Role;
  /** In-post workers (supernumerary posts included) whose managerId is this manager. */
  directReports: number;
  status: SpanStatus;
}

export interface TeamPostsNeeded {
  teamId: string;
  name: string;
  children: number;
  caseHoldingFte: number;
  capacity: number;
  casesOverCapacity: number;
  /** The team's fteRequiredToMax: social worker FTE to add so children fit within the maxima. */
  fteToMax: number;
  /** The team's fteRequiredToMid: social worker FTE to add to come down to the midpoints. */
  fteToMid: number;
  /** Whole full-time posts: fteToMax rounded up. */
  postsToMax: number;
  postsToMid: number;
  /** In-post members of the team not in a span-of-control role: the people managers supervise. */
  reports: number;
  /** In-post members of the team in a span-of-control role. */
  managers: number;
  /** reports ÷ managers, one decimal place; null with no manager. */
  reportsPerManager: number | null;
  /** max(0, ceil(reports ÷ span maximum) − managers). */
  managerPostsNeeded: number;
  spans: ManagerSpan[];
}

export interface PostsNeededTotals {
  fteToMax: number;
  fteToMid: number;
  postsToMax: number;
  postsToMid: number;
  managerPostsNeeded: number;
}

export interface PostsNeeded {
  profile: string;
  spanOfControl: { min: number; max: number };
  teams: TeamPostsNeeded[];
  /**
   * What it takes for every team to be within the standard on its own: spare capacity in one
   * team does not offset another's shortfall. FTE to max and to mid are the caseload snapshot's
   * LA totals (the sums of the team rows, plus any children open to no known team), so the
   * council has one figure everywhere; posts and manager posts are sums of the team rows.
   */
  total: PostsNeededTotals;
}

/**
 * Posts needed in each team (kind `team`) to bring its children within the standard's maxima
 * and midpoints, reusing the caseload snapshot's FTE required, and manager posts needed to
 * keep spans of control within range: ceil(reports ÷ span maximum) − managers, per team.
 */
export function postsNeeded(state: PlanState): PostsNeeded {
  const span = state.inputs.profile.spanOfControl;
  const posts = postsInPost(state);
  const reportsTo = new Map<string, number>();
  for (const worker of posts) {
    if (worker.managerId !== null && worker.managerId !== worker.workerId) reportsTo.set(worker.managerId, (reportsTo.get(worker.managerId) ?? 0) + 1);
  }
  const teams = state.snapshot.teams.map((team): TeamPostsNeeded => {
    const members = posts.filter((worker) => worker.teamId === team.teamId);
    const managerRows = members.filter((worker) => span.roles.includes(worker.role));
    const reports = members.length - managerRows.length;
    const managers = managerRows.length;
    return {
      teamId: team.teamId,
      name: team.name,
      children: team.children,
      caseHoldingFte: team.caseHoldingFte,
      capacity: team.capacity,
      casesOverCapacity: team.casesOverCapacity,
      fteToMax: team.fteRequiredToMax,
      fteToMid: team.fteRequiredToMid,
      postsToMax: Math.ceil(team.fteRequiredToMax),
      postsToMid: Math.ceil(team.fteRequiredToMid),
      reports,
      managers,
      reportsPerManager: managers > 0 ? roundToOneDecimal(reports / managers) : null,
      managerPostsNeeded: Math.max(0, Math.ceil(reports / span.max) - managers),
      spans: managerRows.map((manager) => {
        const directReports = reportsTo.get(manager.workerId) ?? 0;
        const status: SpanStatus = directReports < span.min ? 'low' : directReports > span.max ? 'high' : 'within';
        return { workerId: manager.workerId, name: manager.name, role: manager.role, directReports, status };
      }),
    };
  });
  const sum = (pick: (team: TeamPostsNeeded) => number): number => withoutFloatNoise(teams.reduce((acc, team) => acc + pick(team), 0));
  return {
    profile: state.inputs.profile.name,
    spanOfControl: { min: span.min, max: span.max },
    teams,
    total: {
      fteToMax: state.snapshot.totals.fteRequiredToMax,
      fteToMid: state.snapshot.totals.fteRequiredToMid,
      postsToMax: sum((team) => team.postsToMax),
      postsToMid: sum((team) => team.postsToMid),
      managerPostsNeeded: sum((team) => team.managerPostsNeeded),
    },
  };
}
