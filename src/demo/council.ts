import type { IsoDate } from '../domain/dates.ts';
import type { Role, Team, Worker } from '../domain/workforce/types.ts';
import { plusDays } from './days.ts';
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
  /** Case-holding posts: social workers (some senior or advanced practitioners, some ASYEs), or IROs or personal advisers. */
  caseHolders: number;
  holderRole: Role;
  familyWorkers: number;
  practiceManagers: number;
  /** Case-holding posts empty at the end date. */
  vacantAtEnd: number;
  /** Case-holding posts covered by an agency worker at the end date. */
  agencyAtEnd: number;
  /** Case-holding posts held by an ASYE (a social worker in the first year after qualifying) at the end date. */
  asyeAtEnd: number;
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
  { teamId: 'T-MASH', name: 'MASH', parentId: 'S-FD', caseHolders: 12, holderRole: 'social_worker', familyWorkers: 6, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 1, asyeAtEnd: 0 },
  { teamId: 'T-ASS1', name: 'Assessment Team 1', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 1, practiceManagers: 0, vacantAtEnd: 0, agencyAtEnd: 2, asyeAtEnd: 1 },
  { teamId: 'T-ASS2', name: 'Assessment Team 2', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 1, practiceManagers: 0, vacantAtEnd: 1, agencyAtEnd: 2, asyeAtEnd: 1 },
  { teamId: 'T-ASS3', name: 'Assessment Team 3', parentId: 'S-ASS', caseHolders: 6, holderRole: 'social_worker', familyWorkers: 1, practiceManagers: 0, vacantAtEnd: 0, agencyAtEnd: 2, asyeAtEnd: 1 },
  { teamId: 'T-ASS4', name: 'Assessment Team 4', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 1, practiceManagers: 0, vacantAtEnd: 1, agencyAtEnd: 1, asyeAtEnd: 0 },
  { teamId: 'T-ASS5', name: 'Assessment Team 5', parentId: 'S-ASS', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 1, practiceManagers: 0, vacantAtEnd: 0, agencyAtEnd: 2, asyeAtEnd: 1 },
  { teamId: 'T-CIN-N', name: 'CIN North', parentId: 'L-CIN-N', caseHolders: 15, holderRole: 'social_worker', familyWorkers: 3, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 3, asyeAtEnd: 1 },
  { teamId: 'T-CIN-S', name: 'CIN South', parentId: 'L-CIN-S', caseHolders: 10, holderRole: 'social_worker', familyWorkers: 6, practiceManagers: 1, vacantAtEnd: 0, agencyAtEnd: 3, asyeAtEnd: 2 },
  { teamId: 'T-CP1', name: 'Child Protection Team 1', parentId: 'S-CP', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 8, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 2, asyeAtEnd: 1 },
  { teamId: 'T-CP2', name: 'Child Protection Team 2', parentId: 'S-CP', caseHolders: 10, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 0, vacantAtEnd: 0, agencyAtEnd: 2, asyeAtEnd: 0 },
  { teamId: 'T-CP3', name: 'Child Protection Team 3', parentId: 'S-CP', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 8, practiceManagers: 1, vacantAtEnd: 0, agencyAtEnd: 1, asyeAtEnd: 1 },
  { teamId: 'T-CP4', name: 'Court Team', parentId: 'S-CP', caseHolders: 9, holderRole: 'social_worker', familyWorkers: 8, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 1, asyeAtEnd: 0 },
  { teamId: 'T-CIC1', name: 'Children in Care Team 1', parentId: 'S-CIC', caseHolders: 17, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 2, asyeAtEnd: 1 },
  { teamId: 'T-CIC2', name: 'Children in Care Team 2', parentId: 'S-CIC', caseHolders: 17, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 2, asyeAtEnd: 1 },
  { teamId: 'T-CIC3', name: 'Children in Care Team 3', parentId: 'S-CIC', caseHolders: 17, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 2, asyeAtEnd: 0 },
  { teamId: 'T-CL', name: 'Care Leavers Team', parentId: 'S-CL', caseHolders: 18, holderRole: 'personal_adviser', familyWorkers: 0, practiceManagers: 1, vacantAtEnd: 1, agencyAtEnd: 1, asyeAtEnd: 0 },
  { teamId: 'T-DC', name: "Disabled Children's Team", parentId: 'S-DC', caseHolders: 8, holderRole: 'social_worker', familyWorkers: 2, practiceManagers: 0, vacantAtEnd: 0, agencyAtEnd: 1, asyeAtEnd: 1 },
  { teamId: 'T-IRO', name: 'Independent Reviewing Officers', parentId: 'S-SU', caseHolders: 16, holderRole: 'iro', familyWorkers: 0, practiceManagers: 1, vacantAtEnd: 0, agencyAtEnd: 0, asyeAtEnd: 0 },
];

/** Teams that also host a social work student on placement. */
const STUDENT_TEAMS = new Set(['T-ASS3', 'T-CIN-S']);

const FIRST = ['Alex', 'Sam', 'Jordan', 'Priya', 'Tomasz', 'Aisha', 'Chloe', 'Daniel', 'Fatima', 'Grace', 'Hannah', 'Imran', 'Jade', 'Kieran', 'Leah', 'Mohammed', 'Nadia', 'Olivia', 'Patrick', 'Rhys', 'Sophie', 'Tariq', 'Usha', 'Vikram', 'Wendy', 'Yusuf', 'Zara', 'Beth', 'Connor', 'Deborah', 'Eleanor', 'Farah', 'Gareth', 'Holly', 'Isaac', 'Joanne', 'Kamal', 'Lucy', 'Martin', 'Niamh', 'Amara', 'Ben', 'Carys', 'Dev', 'Esther', 'Femi', 'Gemma', 'Harjit', 'Ioana', 'Jamal', 'Kate', 'Liam', 'Maya', 'Nathan', 'Oscar', 'Poppy', 'Ruth', 'Simon', 'Tom', 'Yasmin'];
const LAST = ['Ahmed', 'Baker', 'Clarke', 'Davies', 'Evans', 'Foster', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Novak', 'Okafor', 'Patel', 'Quinn', 'Roberts', 'Shah', 'Taylor', 'Underwood', 'Vaughan', 'Walker', 'Young', 'Zielinski', 'Bennett', 'Carter', 'Dixon', 'Ellis', 'Fletcher', 'Adeyemi', 'Brooks', 'Chowdhury', 'Doyle', 'Edwards', 'Fraser', 'Gill', 'Hassan', 'Kowalski', 'Murphy'];

export interface Workforce {
  teams: Team[];
  workers: Worker[];
  /** Case-holding workers in post at some time, by team, for allocating work. */
  holdersByTeam: Map<string, Worker[]>;
}

/**
 * Builds the workforce over the five years. Each case-holding post is filled by a series of
 * workers, generated backwards from its planned state at the end date (vacant, agency, ASYE or
 * permanent; TEAM_PLANS), so the end-date picture is the same for every seed: permanent staff
 * stay about six years (turnover about 18% a year in the census return: a pressured county,
 * against 12% nationally), agency workers about two and a half, and posts stand vacant for
 * about three months between holders. Team managers, practice managers, service managers and
 * a head of service stay throughout. Team managers have 8-10 direct reports at the end date, except Child
 * Protection Team 2's, who has no practice manager and 12.
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
    const w: Worker = { workerId: `W${String(++n).padStart(4, '0')}`, name: name(), teamId, role, fte: 1, asye: false, agency: false, startDate: plusDays(start, -rng.int(200, 3000)), endDate: null, managerId: null, ...over };
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
  const holderRole = (plan: TeamPlan): Role => {
    if (plan.holderRole !== 'social_worker') return plan.holderRole;
    const r = rng.next();
    return r < 0.18 ? 'senior_practitioner' : r < 0.23 ? 'advanced_practitioner' : 'social_worker';
  };
  const stay = (agency: boolean) => (agency ? rng.int(300, 1500) : rng.int(600, 4000));
  for (const plan of TEAM_PLANS) {
    const tm = worker(plan.teamId, 'team_manager', { managerId: serviceManagers.get(serviceOf(plan.teamId))?.workerId ?? head.workerId });
    const managers = [tm, ...Array.from({ length: plan.practiceManagers }, () => worker(plan.teamId, 'practice_manager', { managerId: tm.workerId }))];
    const holders: Worker[] = [];
    const posts: Array<'vacant' | 'agency' | 'asye' | 'permanent'> = Array.from({ length: plan.caseHolders }, (_, i) =>
      i < plan.vacantAtEnd ? 'vacant' : i < plan.vacantAtEnd + plan.agencyAtEnd ? 'agency' : i < plan.vacantAtEnd + plan.agencyAtEnd + plan.asyeAtEnd ? 'asye' : 'permanent',
    );
    for (const state of posts) {
      const role = state === 'asye' ? 'social_worker' : holderRole(plan);
      const chain: Worker[] = [];
      // `before`: the earliest day covered so far; `until`: when the next holder back in time left (exclusive).
      let before: IsoDate;
      let until: IsoDate;
      if (state === 'vacant') {
        before = plusDays(end, -rng.int(14, 150));
        until = before;
      } else {
        const agency = state === 'agency' && role !== 'iro';
        const from = plusDays(end, -(state === 'asye' ? rng.int(20, 340) : rng.int(10, stay(agency))));
        chain.push(worker(plan.teamId, role, { startDate: from, endDate: null, agency, asye: state === 'asye', fte: state === 'permanent' && rng.chance(0.12) ? 0.8 : 1 }));
        before = from;
        // A newly qualified worker often fills a post that has been hard to recruit to.
        until = plusDays(from, -(state === 'asye' ? rng.int(60, 500) : rng.int(20, 180)));
      }
      while (before > start) {
        const agency = role !== 'iro' && rng.chance(0.33);
        const from = plusDays(until, -stay(agency));
        chain.push(worker(plan.teamId, role, { startDate: from, endDate: until, agency, fte: !agency && rng.chance(0.12) ? 0.8 : 1 }));
        before = from;
        until = plusDays(from, -rng.int(20, 180));
      }
      holders.push(...chain.reverse());
    }
    const reports: Worker[] = [...holders];
    for (let i = 0; i < plan.familyWorkers; i++) reports.push(worker(plan.teamId, 'family_worker'));
    if (STUDENT_TEAMS.has(plan.teamId)) reports.push(worker(plan.teamId, 'student', { startDate: plusDays(end, -200) }));
    // In-post reports are shared between the team manager and any practice managers (who
    // report to the team manager); leavers are recorded against the team manager.
    const inPostAtEnd = reports.filter((w) => w.endDate === null);
    inPostAtEnd.forEach((w, i) => {
      w.managerId = (managers[i % managers.length] ?? tm).workerId;
    });
    for (const w of reports.filter((x) => x.endDate !== null)) w.managerId = tm.workerId;
    holdersByTeam.set(plan.teamId, holders);
  }
  return { teams, workers, holdersByTeam };
}
