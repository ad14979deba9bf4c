import type { IsoDate } from '../domain/dates.ts';
import { addDays } from '../domain/dates.ts';
import type { Role, Team, Worker } from '../domain/workforce/types.ts';
import type { Random } from './random.ts';

/**
 * Demoshire's structure: services, localities and teams as docs/demo-data.md describes, and
 * how many case holders each team has. The planted pressures come from routing more work to
 * some teams than their staff can hold (see routing in simulate.ts).
 */
export interface TeamPlan {
  teamId: string;
  name: string;
  parentId: string;
  /** Social workers, senior practitioners and ASYEs who hold cases. */
  caseHolders: number;
  holderRole: Role;
  familyWorkers: number;
  practiceManagers: number;
}

export const SERVICES: ReadonlyArray<Team> = [
  { teamId: 'S-FD', name: 'Front Door and MASH', parentId: null, kind: 'service' },
  { teamId: 'S-ASS', name: 'Assessment', parentId: null, kind: 'service' },
  { teamId: 'S-CIN', name: 'Child in Need', parentId: null, kind: 'service' },
  { teamId: 'L-CIN-N', name: 'North locality', parentId: 'S-CIN', kind: 'locality' },
  { teamId: 'L-CIN-S', name: 'South locality', parentId: 'S-CIN', kind: 'locality' },
  { teamId: 'S-CP', name: 'Child Protection and Court', parentId: null, kind: 'service' },
  { teamId: 'S-CIC', name: 'Children in Care', parentId: null, kind: 'service' },
  { teamId: 'S-CL', name: 'Care Leavers', parentId: null, kind: 'service' },
  { teamId: 'S-DC', name: 'Disabled Children', parentId: null, kind: 'service' },
  { teamId: 'S-SU', name: 'Safeguarding Unit', parentId: null, kind: 'service' },
];

export const TEAM_PLANS: ReadonlyArray<TeamPlan> = [
  { teamId: 'T-MASH', name: 'MASH', parentId: 'S-FD', caseHolders: 10, holderRole: 'social_worker', familyWorkers: 0, practiceManagers: 0 },
  { teamId: 'T-ASS1', name: 'Assessment Team 1', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 0, practiceManagers: 0 },
  { teamId: 'T-ASS2', name: 'Assessment Team 2', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 0, practiceManagers: 0 },
  { teamId: 'T-ASS3', name: 'Assessment Team 3', parentId: 'S-ASS', caseHolders: 6, holderRole: 'social_worker', familyWorkers: 0, practiceManagers: 0 },
  { teamId: 'T-ASS4', name: 'Assessment Team 4', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 0, practiceManagers: 0 },
  { teamId: 'T-ASS5', name: 'Assessment Team 5', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 0, practiceManagers: 0 },
  { teamId: 'T-CIN-N', name: 'CIN North', parentId: 'L-CIN-N', caseHolders: 15, holderRole: 'social_worker', familyWorkers: 3, practiceManagers: 1 },
  { teamId: 'T-CIN-S', name: 'CIN South', parentId: 'L-CIN-S', caseHolders: 10, holderRole: 'social_worker', familyWorkers: 6, practiceManagers: 1 },
  { teamId: 'T-CP1', name: 'Child Protection Team 1', parentId: 'S-CP', caseHolders: 8, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 0 },
  { teamId: 'T-CP2', name: 'Child Protection Team 2', parentId: 'S-CP', caseHolders: 10, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 0 },
  { teamId: 'T-CP3', name: 'Child Protection Team 3', parentId: 'S-CP', caseHolders: 8, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 0 },
  { teamId: 'T-CP4', name: 'Court Team', parentId: 'S-CP', caseHolders: 8, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 0 },
  { teamId: 'T-CIC1', name: 'Children in Care Team 1', parentId: 'S-CIC', caseHolders: 13, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 1 },
  { teamId: 'T-CIC2', name: 'Children in Care Team 2', parentId: 'S-CIC', caseHolders: 13, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 1 },
  { teamId: 'T-CIC3', name: 'Children in Care Team 3', parentId: 'S-CIC', caseHolders: 13, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 1 },
  { teamId: 'T-CL', name: 'Care Leavers Team', parentId: 'S-CL', caseHolders: 16, holderRole: 'personal_adviser', familyWorkers: 0, practiceManagers: 1 },
  { teamId: 'T-DC', name: "Disabled Children's Team", parentId: 'S-DC', caseHolders: 8, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 0 },
  { teamId: 'T-IRO', name: 'Independent Reviewing Officers', parentId: 'S-SU', caseHolders: 18, holderRole: 'iro', familyWorkers: 0, practiceManagers: 1 },
];

const FIRST = ['Alex', 'Sam', 'Jordan', 'Priya', 'Tomasz', 'Aisha', 'Chloe', 'Daniel', 'Fatima', 'Grace', 'Hannah', 'Imran', 'Jade', 'Kieran', 'Leah', 'Mohammed', 'Nadia', 'Olivia', 'Patrick', 'Rhys', 'Sophie', 'Tariq', 'Usha', 'Vikram', 'Wendy', 'Yusuf', 'Zara', 'Beth', 'Connor', 'Deborah', 'Eleanor', 'Farah', 'Gareth', 'Holly', 'Isaac', 'Joanne', 'Kamal', 'Lucy', 'Martin', 'Niamh'];
const LAST = ['Ahmed', 'Baker', 'Clarke', 'Davies', 'Evans', 'Foster', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Novak', 'Okafor', 'Patel', 'Quinn', 'Roberts', 'Shah', 'Taylor', 'Underwood', 'Vaughan', 'Walker', 'Young', 'Zielinski', 'Bennett', 'Carter', 'Dixon', 'Ellis', 'Fletcher'];

export interface Workforce {
  teams: Team[];
  workers: Worker[];
  /** Case-holding workers in post at some time, by team, for allocating work. */
  holdersByTeam: Map<string, Worker[]>;
}

/**
 * Builds the workforce over the five years: each case-holding post is filled by a series of
 * workers (starters and leavers), about 15% agency, some ASYEs; team managers, practice
 * managers, service managers and a head of service. One team manager (Child Protection Team 2)
 * has more direct reports than the 8-10 norm.
 */
export function buildWorkforce(rng: Random, start: IsoDate, end: IsoDate): Workforce {
  const teams: Team[] = [...SERVICES, ...TEAM_PLANS.map((p) => ({ teamId: p.teamId, name: p.name, parentId: p.parentId, kind: 'team' as const }))];
  const workers: Worker[] = [];
  const holdersByTeam = new Map<string, Worker[]>();
  let n = 0;
  const usedNames = new Set<string>();
  const name = () => {
    for (;;) {
      const candidate = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      if (!usedNames.has(candidate)) {
        usedNames.add(candidate);
        return candidate;
      }
    }
  };
  const worker = (teamId: string | null, role: Role, over: Partial<Worker> = {}): Worker => {
    const w: Worker = { workerId: `W${String(++n).padStart(4, '0')}`, name: name(), teamId, role, fte: 1, asye: false, agency: false, startDate: addDays(start, -rng.int(200, 3000)), endDate: null, managerId: null, ...over };
    workers.push(w);
    return w;
  };
  const head = worker(null, 'head_of_service');
  const serviceManagers = new Map<string, Worker>();
  for (const s of SERVICES.filter((x) => x.kind === 'service')) serviceManagers.set(s.teamId, worker(s.teamId, 'service_manager', { managerId: head.workerId }));
  const serviceOf = (teamId: string): string => {
    const parent = teams.find((t) => t.teamId === teamId)?.parentId ?? '';
    return parent.startsWith('L-') ? (teams.find((t) => t.teamId === parent)?.parentId ?? parent) : parent;
  };
  for (const plan of TEAM_PLANS) {
    const tm = worker(plan.teamId, 'team_manager', { managerId: serviceManagers.get(serviceOf(plan.teamId))?.workerId ?? head.workerId });
    const managers = [tm, ...Array.from({ length: plan.practiceManagers }, () => worker(plan.teamId, 'practice_manager', { managerId: tm.workerId }))];
    const holders: Worker[] = [];
    const reports: Worker[] = [];
    for (let i = 0; i < plan.caseHolders; i++) {
      // Each post is held by a series of workers; turnover is about 15% a year.
      let from = addDays(start, -rng.int(100, 2500));
      const agency = rng.chance(0.15);
      const role: Role = plan.holderRole === 'social_worker' ? (rng.chance(0.2) ? 'senior_practitioner' : 'social_worker') : plan.holderRole;
      for (;;) {
        const stay = rng.int(400, 3600);
        const until = addDays(from, stay);
        const asye = role === 'social_worker' && from > addDays(end, -365) && rng.chance(0.6);
        const w = worker(plan.teamId, role, { startDate: from, endDate: until <= end ? until : null, agency, asye, fte: rng.chance(0.12) ? 0.8 : 1 });
        holders.push(w);
        reports.push(w);
        if (until > end) break;
        from = addDays(until, rng.int(0, 60));
        if (from > end) break;
      }
    }
    for (let i = 0; i < plan.familyWorkers; i++) reports.push(worker(plan.teamId, 'family_worker'));
    if (plan.teamId === 'T-ASS2' || plan.teamId === 'T-CIC1') reports.push(worker(plan.teamId, 'student', { startDate: addDays(end, -200) }));
    const inPostAtEnd = reports.filter((w) => w.endDate === null);
    // Reports are shared evenly between the team manager and any practice managers (who report
    // to the team manager). Child Protection Team 2 has no deputy: its manager has 12 reports.
    inPostAtEnd.forEach((w, i) => {
      w.managerId = (managers[i % managers.length] ?? tm).workerId;
    });
    for (const w of reports.filter((x) => x.endDate !== null)) w.managerId = tm.workerId;
    holdersByTeam.set(plan.teamId, holders);
  }
  return { teams, workers, holdersByTeam };
}
