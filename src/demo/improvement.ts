import { stringify } from 'csv-stringify/sync';
import type { IsoDate } from '../domain/dates.ts';
import type { Allocation } from '../domain/workforce/types.ts';
import { Random } from './random.ts';

/**
 * Demoshire's improvement plan, case-file audits and risk register, tied to the pressures planted
 * in the simulation (docs/demo-data.md): the actions and risks name the measures that show those
 * pressures, so their RAG comes from the figures; the audits grade work in the overloaded teams
 * (Assessment Team 3, CIN South) lower, so the scatter of grade against team caseload shows it.
 */
export interface DemoImprovementFiles {
  plan: string;
  audits: string;
  risks: string;
}

const HEAD_OF_SERVICE = 'Head of Service, Assessment and CIN';
const PSW = 'Principal Social Worker';
const WORKFORCE_LEAD = 'Head of Workforce Development';
const FRONT_DOOR = 'Service Manager, Front Door';
const SAFEGUARDING = 'Head of Safeguarding and Quality Assurance';

/** A month end `months` before (negative) or after `end`, as a date. */
function monthsFrom(end: IsoDate, months: number): IsoDate {
  const y = Number(end.slice(0, 4));
  const m = Number(end.slice(5, 7)) - 1 + months;
  const last = new Date(Date.UTC(y, m + 1, 0));
  return last.toISOString().slice(0, 10);
}

export function demoPlanCsv(end: IsoDate): string {
  const rows: Array<[string, string, string, string, IsoDate, string, string, string, string, IsoDate, string]> = [
    ['1.1', 'Recommendation 1: manageable caseloads', 'Halve the cases over capacity (to 100 or fewer), starting with Assessment Team 3 and the reviewing officers', HEAD_OF_SERVICE, monthsFrom(end, 4), 'cases_over_capacity', '100', 'in progress', 'Two posts in Assessment Team 3 out to advert; agency cover agreed until they start.', monthsFrom(end, -6), ''],
    ['1.2', 'Recommendation 1: manageable caseloads', 'No team over capacity: move work from CIN South to CIN North while South recruits', HEAD_OF_SERVICE, monthsFrom(end, -1), 'cases_over_capacity', '0', 'in progress', 'Transfer protocol agreed; CIN South still well over capacity.', monthsFrom(end, -6), ''],
    ['1.3', 'Recommendation 1: manageable caseloads', 'Every child open to a team has an allocated social worker within 5 working days', HEAD_OF_SERVICE, monthsFrom(end, 2), 'unallocated_children', '10', 'in progress', 'Weekly unallocated list reviewed by service managers.', monthsFrom(end, -5), ''],
    ['2.1', 'Recommendation 2: timely assessments', 'Keep assessments authorised within 45 working days at 85% or more', HEAD_OF_SERVICE, monthsFrom(end, 3), 'assessments_within_45wd', '85', 'in progress', 'Timeliness reported to the weekly performance meeting.', monthsFrom(end, -9), ''],
    ['2.2', 'Recommendation 2: timely assessments', 'Initial child protection conferences within 15 working days for 85% of children', SAFEGUARDING, monthsFrom(end, -2), 'icpc_within_15wd', '85', 'in progress', 'Conference chair capacity increased by one day a week.', monthsFrom(end, -9), ''],
    ['3.1', 'Recommendation 3: a stable workforce', 'Reduce reliance on agency social workers to 10% of FTE', WORKFORCE_LEAD, monthsFrom(end, 9), 'agency_rate', '10', 'in progress', 'Market supplement approved for hard-to-fill teams.', monthsFrom(end, -8), ''],
    ['3.2', 'Recommendation 3: a stable workforce', 'Bring the social worker vacancy rate to 15% or below', WORKFORCE_LEAD, monthsFrom(end, 9), 'vacancy_rate', '15', 'in progress', 'Recruitment campaign launched with the regional partnership.', monthsFrom(end, -8), ''],
    ['3.3', 'Recommendation 3: a stable workforce', 'Protect ASYE caseloads within 12-15 in every team', PSW, monthsFrom(end, 1), '', '', 'in progress', 'Two ASYEs in CIN South above their protected caseload; reallocation under way.', monthsFrom(end, -4), 'amber'],
    ['4.1', 'Recommendation 4: management oversight', 'Appoint a practice manager to Child Protection Team 2 so the team manager supervises 8-10', HEAD_OF_SERVICE, monthsFrom(end, -1), '', '', 'in progress', 'Post evaluated and advertised; interviews next month.', monthsFrom(end, -6), 'red'],
    ['4.2', 'Recommendation 4: management oversight', 'Monthly case-file audit of 40 cases, with findings to practice week', PSW, monthsFrom(end, 0), '', '', 'complete', 'Audit programme running every month since it started.', monthsFrom(end, -12), 'green'],
    ['5.1', 'Recommendation 5: the front door', 'Keep re-referrals within 12 months at 20% or below', FRONT_DOOR, monthsFrom(end, 6), 'rereferrals_12m', '20', 'in progress', 'Step-down to early help reviewed for families re-referred.', monthsFrom(end, -6), ''],
    ['5.2', 'Recommendation 5: the front door', 'Reviewing officers hold no more than 70 children each', SAFEGUARDING, monthsFrom(end, 6), '', '', 'not started', 'Business case for two more IROs to go to the next budget round.', monthsFrom(end, -1), 'red'],
  ];
  return stringify([['ref', 'area', 'action', 'lead', 'due', 'measure', 'target', 'status', 'update', 'start', 'rag'], ...rows]);
}

export function demoRisksCsv(end: IsoDate): string {
  const review = monthsFrom(end, 3);
  const rows = [
    ['R1', 'Caseloads in Assessment Team 3 and CIN South stay above the local standard, so practice quality falls', 'Director of Children’s Services', '4', '5', 'Agency cover, transfer protocol, recruitment (actions 1.1, 1.2)', 'cases_over_capacity', '100', review],
    ['R2', 'Continued reliance on agency social workers destabilises relationships with children and the budget', 'Head of Workforce Development', '4', '4', 'Market supplement, regional agency pay cap', 'agency_rate', '10', review],
    ['R3', 'The rise in contacts overwhelms the front door and assessment teams', 'Service Manager, Front Door', '4', '4', 'Daily MASH triage, weekly demand review', 'contact_conversion', '<= 60', review],
    ['R4', 'Reviewing officers cannot review care plans on time at about 85 children each', 'Head of Safeguarding and Quality Assurance', '3', '4', 'Prioritise reviews for children new to care; business case for two more IROs', '', '', review],
    ['R5', 'Newly qualified social workers leave in their first year because their caseloads are not protected', 'Principal Social Worker', '3', '3', 'ASYE caseload reports each month; protected caseload checked at supervision', '', '', review],
    ['R6', 'Gaps in recording mean the figures reported to Cabinet are wrong', 'Head of Performance', '2', '3', 'Monthly data quality report from Headroom import issues', '', '', review],
  ];
  return stringify([['ref', 'risk', 'owner', 'likelihood', 'impact', 'mitigations', 'measure', 'target', 'review date'], ...rows]);
}

const PRESSURED = new Set(['T-ASS3', 'T-CIN-S']);
const AUDITORS = ['QA Officer 1', 'QA Officer 2', 'Principal Social Worker', 'Service Manager (peer audit)'];
const THEMES = ['management oversight', 'voice of the child', 'planning', 'risk assessment', 'recording', 'direct work'];

/**
 * About 40 case-file audits a month for the twelve months to `end`, each of a child open to a
 * social work team on the 15th. Grades in the two overloaded teams are weaker (inadequate in about
 * 43%, as in the audits that prompted this work), elsewhere mostly good or requiring improvement.
 */
export function demoAuditsCsv(end: IsoDate, allocations: readonly Allocation[], seed: number): string {
  const rng = new Random(seed ^ 0x5a17_c0de);
  const rows: string[][] = [];
  const auditTeams = (teamId: string | null): teamId is string => teamId !== null && teamId.startsWith('T-') && !['T-IRO', 'T-CL', 'T-MASH'].includes(teamId);
  for (let back = 11; back >= 0; back--) {
    const month = monthsFrom(end, -back);
    const on = `${month.slice(0, 8)}15`;
    if (on > end) continue;
    const open = allocations.flatMap((a) => (a.workerId !== null && auditTeams(a.teamId) && a.startDate <= on && (a.endDate === null || a.endDate > on) ? [{ ...a, teamId: a.teamId }] : []));
    const seen = new Set<string>();
    let picked = 0;
    for (let tries = 0; picked < 40 && tries < 400 && open.length > 0; tries++) {
      const a = open[rng.int(0, open.length - 1)];
      if (!a || seen.has(a.childId)) continue;
      seen.add(a.childId);
      picked += 1;
      // Over the year the better-staffed teams improve a little; the overloaded ones do not.
      const improving = (11 - back) / 11;
      const weights = PRESSURED.has(a.teamId) ? [1, 22, 34, 43] : [5, 45 + 10 * improving, 36 - 6 * improving, 14 - 4 * improving];
      const grade = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'][rng.weighted(weights)] ?? 'Good';
      const themes = THEMES.filter(() => rng.chance(grade === 'Inadequate' ? 0.35 : 0.12));
      if (grade === 'Inadequate' && !themes.includes('management oversight') && rng.chance(0.6)) themes.unshift('management oversight');
      rows.push([a.childId, a.teamId, a.workerId ?? '', on, rng.pick(AUDITORS), grade, themes.join('; ')]);
    }
  }
  return stringify([['child', 'team', 'worker', 'audit date', 'auditor', 'grade', 'themes'], ...rows]);
}

