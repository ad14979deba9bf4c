import { addMonths } from '../calendar/index.ts';
import type { CaseloadInput } from '../caseload/caseload-snapshot.ts';
import { monthEnd, type IsoDate } from '../dates.ts';
import type { CaseType } from '../workforce/types.ts';
import type { FamilyPoint } from './forecast.ts';
import type { StateFamily } from './states.ts';

/** The case type of an allocation that holds a child of each family. */
const FAMILY_CASE_TYPES: Record<StateFamily, readonly CaseType[]> = {
  assessment: ['assessment', 'referral'],
  cin: ['cin'],
  cp: ['cp'],
  cla: ['cla'],
  care_leaver: ['care_leaver'],
};

export interface WorkforceAssumptions {
  /** Share of case-holding staff expected to leave in a year (percent) and where the figure comes from. */
  turnoverPercent: number;
  turnoverSource: string;
  /** Months from deciding to recruit to a new worker holding cases. */
  recruitmentLeadMonths: number;
  /** Share of new posts filled by newly qualified workers in their ASYE (percent). */
  asyeSharePercent: number;
  /** Full-year cost in pence of one FTE: permanent social worker, ASYE, agency social worker; null without a cost model. */
  costPerFte: { permanent: number; asye: number; agency: number } | null;
}

export interface WorkforceRow {
  date: IsoDate;
  teamId: string;
  teamName: string;
  serviceName: string | null;
  /** Forecast children held by the team: each family's forecast × the team's share of that family today. */
  children: number;
  fteRequired: number;
  /** Case-holding FTE in post today, less expected turnover to this date (no replacements). */
  fteInPost: number;
  /** fteRequired − fteInPost: positive is a shortfall. */
  gap: number;
}

export interface RecruitmentQuarter {
  quarterEnd: IsoDate;
  teamId: string;
  teamName: string;
  /** Posts to start recruiting in the quarter so they hold cases when the shortfall arrives. */
  postsToRecruit: number;
  asyeIntake: number;
  /** Agency FTE to cover the shortfall not yet met by new starters, on average over the quarter's end. */
  agencyCoverFte: number;
  /** Cost in the quarter of the new starters in post and the agency cover; null without a cost model. */
  costPence: number | null;
}

export interface WorkforcePlan {
  origin: IsoDate;
  rows: WorkforceRow[];
  quarters: RecruitmentQuarter[];
  assumptions: WorkforceAssumptions;
  /** Children allocated to no team today: in the forecast, but in no team's share. */
  unallocatedShare: number;
  notes: string[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Forecast children per team → case-holding FTE required at the council's standard → less
 * FTE in post after turnover → posts to recruit each quarter (ahead by the lead time), with ASYE
 * intake at protected caseloads, agency cover until starters arrive, and the cost.
 */
export function planWorkforce(origin: IsoDate, families: readonly FamilyPoint[], input: CaseloadInput, assumptions: WorkforceAssumptions): WorkforcePlan {
  const notes: string[] = [];
  const openAt = (a: { startDate: IsoDate; endDate: IsoDate | null }) => a.startDate <= origin && (a.endDate === null || a.endDate > origin);
  const workerTeam = new Map(input.workers.map((w) => [w.workerId, w.teamId]));
  const teamName = new Map(input.teams.map((t) => [t.teamId, t.name]));
  const parentOf = new Map(input.teams.map((t) => [t.teamId, t.parentId]));
  const serviceOf = (teamId: string): string | null => {
    let id: string | null | undefined = parentOf.get(teamId);
    let last: string | null = null;
    while (id !== null && id !== undefined) { last = id; id = parentOf.get(id); }
    return last === null ? null : (teamName.get(last) ?? last);
  };
  // Today's children by team and family (each child once per team and family).
  const seen = new Set<string>();
  const byTeamFamily = new Map<string, number>();
  const familyTotals = new Map<StateFamily, number>();
  let unallocated = 0;
  let allocated = 0;
  const familyOf = (type: CaseType): StateFamily | null => (Object.keys(FAMILY_CASE_TYPES) as StateFamily[]).find((f) => FAMILY_CASE_TYPES[f].includes(type)) ?? null;
  for (const a of input.allocations) {
    if (!openAt(a)) continue;
    const family = familyOf(a.caseType);
    if (family === null) continue;
    const team = a.teamId ?? (a.workerId === null ? null : (workerTeam.get(a.workerId) ?? null));
    const key = `${team ?? ''}|${family}|${a.childId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (team === null) { unallocated++; continue; }
    allocated++;
    byTeamFamily.set(`${team}|${family}`, (byTeamFamily.get(`${team}|${family}`) ?? 0) + 1);
    // A child held by two teams (a children in care team and the reviewing officers) counts once in the family.
    const childKey = `${family}|${a.childId}`;
    if (!seen.has(childKey)) {
      seen.add(childKey);
      familyTotals.set(family, (familyTotals.get(family) ?? 0) + 1);
    }
  }
  if (allocated === 0) notes.push(`No children are allocated to a team on ${origin}, so the forecast cannot be shared out between teams. Import allocations or an Annex A extract with allocated teams.`);
  const sw = input.profile.roles.social_worker.max;
  const pa = input.profile.roles.personal_adviser?.max ?? sw;
  const asyeRatio = input.profile.asye.max / sw;
  const perFamilyMax = (f: StateFamily) => (f === 'care_leaver' ? pa : sw);
  // Case-holding FTE in post today by team, and the team's children per FTE at the standard
  // (its holders' upper bounds weighted by FTE: 70 for reviewing officers, 15 for an ASYE).
  const inPostFte = new Map<string, number>();
  const capacity = new Map<string, number>();
  for (const w of input.workers) {
    const range = input.profile.roles[w.role];
    if (w.teamId === null || range === undefined) continue;
    if ((w.startDate !== null && w.startDate > origin) || (w.endDate !== null && w.endDate <= origin)) continue;
    inPostFte.set(w.teamId, (inPostFte.get(w.teamId) ?? 0) + w.fte);
    capacity.set(w.teamId, (capacity.get(w.teamId) ?? 0) + w.fte * (w.asye ? input.profile.asye.max : range.max));
  }
  const perFte = (teamId: string, family: StateFamily) => {
    const fte = inPostFte.get(teamId) ?? 0;
    return fte > 0 ? (capacity.get(teamId) ?? 0) / fte : perFamilyMax(family);
  };
  const teams = [...new Set([...byTeamFamily.keys()].map((k) => k.split('|')[0] ?? ''))].sort();
  const dates = [...new Set(families.map((f) => f.date))].sort();
  const forecastAt = new Map(families.map((f) => [`${f.date}|${f.family}`, f.children]));
  const monthsFrom = (date: IsoDate) => (Date.parse(date) - Date.parse(origin)) / (365.25 / 12 * 86_400_000);
  const keep = 1 - assumptions.turnoverPercent / 100;
  const rows: WorkforceRow[] = [];
  const gapAt = new Map<string, number>();
  for (const date of dates) {
    for (const teamId of teams) {
      let children = 0;
      let fteRequired = 0;
      for (const family of Object.keys(FAMILY_CASE_TYPES) as StateFamily[]) {
        const share = (byTeamFamily.get(`${teamId}|${family}`) ?? 0) / Math.max(1, familyTotals.get(family) ?? 0);
        const c = (forecastAt.get(`${date}|${family}`) ?? 0) * share;
        children += c;
        fteRequired += c / perFte(teamId, family);
      }
      const fteInPost = (inPostFte.get(teamId) ?? 0) * keep ** (monthsFrom(date) / 12);
      const gap = fteRequired - fteInPost;
      gapAt.set(`${teamId}|${date}`, gap);
      rows.push({ date, teamId, teamName: teamName.get(teamId) ?? teamId, serviceName: serviceOf(teamId), children: round1(children), fteRequired: round1(fteRequired), fteInPost: round1(fteInPost), gap: round1(gap) });
    }
  }
  // Quarters: recruit in quarter q for the shortfall expected when starters arrive (q + lead time).
  const quarters: RecruitmentQuarter[] = [];
  const horizonEnd = dates[dates.length - 1] ?? origin;
  const quarterEnds: IsoDate[] = [];
  for (let q = 1; monthEnd(addMonths(origin, 3 * q)) <= horizonEnd; q++) quarterEnds.push(closestDate(dates, monthEnd(addMonths(origin, 3 * q))));
  const capacityPerPost = (1 - assumptions.asyeSharePercent / 100) + (assumptions.asyeSharePercent / 100) * asyeRatio;
  for (const teamId of teams) {
    let recruitedPosts = 0;
    const starts: Array<{ at: IsoDate; posts: number }> = [];
    for (const quarterEnd of quarterEnds) {
      const arrival = closestDate(dates, monthEnd(addMonths(quarterEnd, assumptions.recruitmentLeadMonths)));
      const needed = Math.max(0, gapAt.get(`${teamId}|${arrival}`) ?? 0) / capacityPerPost;
      const posts = Math.max(0, Math.ceil(needed - recruitedPosts - 1e-9));
      recruitedPosts += posts;
      starts.push({ at: addMonths(quarterEnd, assumptions.recruitmentLeadMonths), posts });
      const started = starts.filter((s) => s.at <= quarterEnd).reduce((a, s) => a + s.posts, 0);
      const agencyCoverFte = Math.max(0, (gapAt.get(`${teamId}|${quarterEnd}`) ?? 0) - started * capacityPerPost);
      const asyeIntake = Math.round(posts * (assumptions.asyeSharePercent / 100));
      const c = assumptions.costPerFte;
      const startedAsye = started * (assumptions.asyeSharePercent / 100);
      const costPence = c === null ? null : Math.round(((started - startedAsye) * c.permanent + startedAsye * c.asye + agencyCoverFte * c.agency) / 4);
      quarters.push({ quarterEnd, teamId, teamName: teamName.get(teamId) ?? teamId, postsToRecruit: posts, asyeIntake, agencyCoverFte: round1(agencyCoverFte), costPence });
    }
  }
  if (assumptions.costPerFte === null) notes.push('No cost model with social worker, ASYE and agency rates is set, so the plan is not costed (headroom costs set FILE.json).');
  return { origin, rows, quarters, assumptions, unallocatedShare: allocated + unallocated === 0 ? 0 : unallocated / (allocated + unallocated), notes };
}

function closestDate(sorted: readonly IsoDate[], target: IsoDate): IsoDate {
  let best = sorted[0] ?? target;
  for (const d of sorted) if (d <= target) best = d;
  return best;
}
