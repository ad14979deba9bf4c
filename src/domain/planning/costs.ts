import { withoutFloatNoise } from '../caseload/rounding.ts';
import { financialYearOf, parsePeriod } from '../calendar/periods.ts';
import type { FinancialYear } from '../calendar/periods.ts';
import { daysBetween } from '../dates.ts';
import type { IsoDate } from '../dates.ts';
import type { Role, Worker } from '../workforce/types.ts';
import type { ScenarioResult } from './apply-scenario.ts';
import type { CostModel, PayGrade } from './cost-model.ts';
import { basisPoints, FTE_SCALE, fteUnits, PERCENT_SCALE, roundHalfUp, scale } from './money.ts';
import type { Fraction, Pence } from './money.ts';
import { postsInPost } from './plan-state.ts';
import type { PlanState } from './plan-state.ts';
import { planningError } from './planning-error.ts';
import type { Outcome, PlanningError } from './planning-error.ts';

/** What a post's cost depends on. */
export type CostedPost = Pick<Worker, 'role' | 'fte' | 'asye' | 'agency'>;

function gradeFor(model: CostModel, post: CostedPost): PayGrade | undefined {
  if (post.asye && model.asyeGrade !== null) return model.asyeGrade;
  return model.grades[post.role];
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Every rate the posts need, or one error per missing rate naming the role, so that a model
 * is never used half-complete.
 */
function coverage(model: CostModel, posts: readonly CostedPost[]): PlanningError[] {
  const missingGrade = new Map<Role, number>();
  const missingDayRate = new Map<Role, number>();
  let agencyPosts = 0;
  for (const post of posts) {
    if (post.agency) {
      agencyPosts += 1;
      if (model.agency?.basis === 'day_rate') {
        if (model.agency.dayRatePence[post.role] === undefined) missingDayRate.set(post.role, (missingDayRate.get(post.role) ?? 0) + 1);
        continue;
      }
      if (model.agency === null) continue;
    }
    if (gradeFor(model, post) === undefined) missingGrade.set(post.role, (missingGrade.get(post.role) ?? 0) + 1);
  }
  const errors: PlanningError[] = [];
  for (const [role, count] of missingGrade) {
    errors.push(planningError(`grades.${role}`, `the cost model has no pay grade for ${role}, needed for ${plural(count, 'post')}`, 'cost model', 'required'));
  }
  if (model.agency === null && agencyPosts > 0) {
    errors.push(planningError('agency', `the cost model has no agency rates, needed for ${plural(agencyPosts, 'agency post')}`, 'cost model', 'required'));
  }
  for (const [role, count] of missingDayRate) {
    errors.push(planningError(`agency.dayRatePence.${role}`, `the cost model has no agency day rate for ${role}, needed for ${plural(count, 'agency post')}`, 'cost model', 'required'));
  }
  return errors;
}

/**
 * A post's full-year cost as an exact fraction of pence, before the vacancy factor:
 * - permanent: salary × (1 + on-costs) × FTE;
 * - agency on a day rate: day rate × working days a year × FTE (the rate is all-in, no on-costs);
 * - agency on a premium: salary × (1 + on-costs) × (1 + premium) × FTE.
 * Callers check coverage first.
 */
function annualFraction(model: CostModel, post: CostedPost): Fraction {
  const fte = fteUnits(post.fte);
  if (post.agency && model.agency?.basis === 'day_rate') {
    const rate = BigInt(model.agency.dayRatePence[post.role] ?? 0);
    return { numerator: rate * BigInt(model.agency.workingDaysPerYear) * fte, denominator: FTE_SCALE };
  }
  const salary = BigInt(gradeFor(model, post)?.annualSalaryPence ?? 0);
  const withOnCosts: Fraction = { numerator: salary * (PERCENT_SCALE + basisPoints(model.onCostsPercent)) * fte, denominator: PERCENT_SCALE * FTE_SCALE };
  if (post.agency && model.agency?.basis === 'premium') return scale(withOnCosts, PERCENT_SCALE + basisPoints(model.agency.premiumPercent), PERCENT_SCALE);
  return withOnCosts;
}

/** Full-year pence of posts, worked out once per kind of post: a model prices a post by its role, ASYE, agency and FTE alone. */
function fullYearPricer(model: CostModel): (post: CostedPost) => Pence {
  const cache = new Map<string, Pence>();
  return (post) => {
    const key = `${post.role}|${post.asye}|${post.agency}|${post.fte}`;
    let pence = cache.get(key);
    if (pence === undefined) cache.set(key, (pence = roundHalfUp(annualFraction(model, post))));
    return pence;
  };
}

/** Days from `from` to 31 March of the financial year, both counted, and the days in that year. */
function daysToYearEnd(from: IsoDate, financialYear: FinancialYear): { days: number; yearDays: number } {
  const year = parsePeriod(financialYear);
  const yearDays = daysBetween(year.start, year.end) + 1;
  if (from > year.end) return { days: 0, yearDays };
  const start = from < year.start ? year.start : from;
  return { days: daysBetween(start, year.end) + 1, yearDays };
}

function partOfYear(amount: Fraction, from: IsoDate, financialYear: FinancialYear): Pence {
  const { days, yearDays } = daysToYearEnd(from, financialYear);
  return roundHalfUp(scale(amount, BigInt(days), BigInt(yearDays)));
}

/**
 * Full-year cost of one post in pence, rounded half up once at the end: salary plus on-costs
 * pro rata to FTE, or the agency cost for an agency post. The vacancy factor is not applied
 * here: it is an adjustment to a whole establishment.
 */
export function fullYearCost(post: CostedPost, model: CostModel): Outcome<Pence> {
  const errors = coverage(model, [post]);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: roundHalfUp(annualFraction(model, post)) };
}

/**
 * Cost of one post from `startDate` to the end of that financial year (31 March), both days
 * counted: the full-year cost × days ÷ days in the financial year (365, or 366 with a 29
 * February), worked exactly and rounded half up to whole pence once at the end.
 */
export function partYearCost(post: CostedPost, model: CostModel, startDate: IsoDate): Outcome<Pence> {
  const errors = coverage(model, [post]);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: partOfYear(annualFraction(model, post), startDate, financialYearOf(startDate)) };
}

export interface CostFigures {
  posts: number;
  fte: number;
  /** Permanent posts: salary and on-costs, before the vacancy factor. */
  permanentPence: Pence;
  agencyPence: Pence;
  /** permanentPence × vacancy factor, rounded half up per team: taken off the total. */
  vacancyFactorPence: Pence;
  /** permanentPence + agencyPence − vacancyFactorPence. */
  totalPence: Pence;
}

export interface TeamCost extends CostFigures {
  /** Null for posts with no team. */
  teamId: string | null;
  name: string;
}

export interface EstablishmentCost {
  asOf: IsoDate;
  teams: TeamCost[];
  /** Sums of the team rows. */
  total: CostFigures;
}

const NO_TEAM = 'No team';

function teamNames(...states: PlanState[]): Map<string | null, string> {
  const names = new Map<string | null, string>();
  for (const state of states) for (const team of state.inputs.teams) if (!names.has(team.teamId)) names.set(team.teamId, team.name);
  return names;
}

function sumFigures(rows: readonly CostFigures[]): CostFigures {
  const total: CostFigures = { posts: 0, fte: 0, permanentPence: 0, agencyPence: 0, vacancyFactorPence: 0, totalPence: 0 };
  for (const row of rows) {
    total.posts += row.posts;
    total.fte = withoutFloatNoise(total.fte + row.fte);
    total.permanentPence += row.permanentPence;
    total.agencyPence += row.agencyPence;
    total.vacancyFactorPence += row.vacancyFactorPence;
    total.totalPence += row.totalPence;
  }
  return total;
}

/** Orders team ids as the teams list does, then any others, then posts with no team. */
function orderTeams(ids: Iterable<string | null>, names: Map<string | null, string>): (string | null)[] {
  const wanted = new Set(ids);
  const ordered: (string | null)[] = [...names.keys()].filter((teamId) => wanted.has(teamId));
  for (const teamId of wanted) if (teamId !== null && !names.has(teamId)) ordered.push(teamId);
  if (wanted.has(null)) ordered.push(null);
  return ordered;
}

function vacancyReduction(model: CostModel, permanentPence: Pence): Pence {
  return roundHalfUp({ numerator: BigInt(permanentPence) * basisPoints(model.vacancyFactorPercent), denominator: PERCENT_SCALE });
}

function costEstablishment(state: PlanState, model: CostModel, names: Map<string | null, string>, price = fullYearPricer(model)): EstablishmentCost {
  const rows = new Map<string | null, TeamCost>();
  for (const post of postsInPost(state)) {
    let row = rows.get(post.teamId);
    if (row === undefined) {
      row = { teamId: post.teamId, name: names.get(post.teamId) ?? post.teamId ?? NO_TEAM, posts: 0, fte: 0, permanentPence: 0, agencyPence: 0, vacancyFactorPence: 0, totalPence: 0 };
      rows.set(post.teamId, row);
    }
    const pence = price(post);
    row.posts += 1;
    row.fte = withoutFloatNoise(row.fte + post.fte);
    if (post.agency) row.agencyPence += pence;
    else row.permanentPence += pence;
  }
  const teams = orderTeams(rows.keys(), names).flatMap((teamId) => {
    const row = rows.get(teamId);
    if (row === undefined) return [];
    row.vacancyFactorPence = vacancyReduction(model, row.permanentPence);
    row.totalPence = row.permanentPence + row.agencyPence - row.vacancyFactorPence;
    return [row];
  });
  return { asOf: state.inputs.asOf, teams, total: sumFigures(teams) };
}

function checkModel(model: CostModel, states: readonly PlanState[]): PlanningError[] {
  const errors: PlanningError[] = [];
  const laCode = states[0]?.inputs.laCode;
  if (model.laCode !== null && laCode !== undefined && model.laCode !== laCode) {
    errors.push(planningError('laCode', `the cost model is for local authority ${model.laCode}, not ${laCode}`, 'cost model', 'conflict'));
  }
  const posts = new Map<string, Worker>();
  for (const post of states.flatMap((state) => postsInPost(state))) posts.set(`${post.workerId}|${post.role}|${post.asye}|${post.agency}`, post);
  return [...errors, ...coverage(model, [...posts.values()])];
}

/**
 * Full-year cost of the establishment in post at the state's date (supernumerary posts
 * included), per team and in total. Totals are sums of the team rows, so costs add up across
 * teams exactly. Nothing is computed when the model lacks a rate a post needs.
 */
export function establishmentCost(state: PlanState, model: CostModel): Outcome<EstablishmentCost> {
  const errors = checkModel(model, [state]);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: costEstablishment(state, model, teamNames(state)) };
}

export interface TeamPressure {
  teamId: string | null;
  name: string;
  baselinePence: Pence;
  scenarioPence: Pence;
  /** scenario − baseline: positive is a pressure on the budget, negative a saving. */
  pressurePence: Pence;
}

export interface BudgetPressure {
  teams: TeamPressure[];
  total: Omit<TeamPressure, 'teamId' | 'name'>;
}

/** Full-year budget pressure, team by team: the scenario's establishment cost less the baseline's. */
export function budgetPressure(baseline: EstablishmentCost, scenario: EstablishmentCost): BudgetPressure {
  const before = new Map(baseline.teams.map((team) => [team.teamId, team]));
  const after = new Map(scenario.teams.map((team) => [team.teamId, team]));
  const ids: (string | null)[] = [
    ...scenario.teams.map((team) => team.teamId).filter((teamId) => teamId !== null),
    ...baseline.teams.map((team) => team.teamId).filter((teamId) => teamId !== null && !after.has(teamId)),
  ];
  if (before.has(null) || after.has(null)) ids.push(null);
  const teams = ids.map((teamId): TeamPressure => {
    const b = before.get(teamId);
    const s = after.get(teamId);
    const baselinePence = b?.totalPence ?? 0;
    const scenarioPence = s?.totalPence ?? 0;
    return { teamId, name: s?.name ?? b?.name ?? NO_TEAM, baselinePence, scenarioPence, pressurePence: scenarioPence - baselinePence };
  });
  const total = { baselinePence: 0, scenarioPence: 0, pressurePence: 0 };
  for (const team of teams) {
    total.baselinePence += team.baselinePence;
    total.scenarioPence += team.scenarioPence;
    total.pressurePence += team.pressurePence;
  }
  return { teams, total };
}

export interface AgencyConversion {
  workerId: string;
  teamId: string | null;
  role: Role;
  fte: number;
  /** Full-year agency cost no longer paid. */
  agencyPence: Pence;
  /** Full-year cost of the post as permanent, before the vacancy factor. */
  permanentPence: Pence;
  /** agencyPence − permanentPence. */
  netSavingPence: Pence;
}

export interface AgencySpendAvoided {
  conversions: AgencyConversion[];
  teams: { teamId: string | null; name: string; conversions: number; agencyPence: Pence; permanentPence: Pence; netSavingPence: Pence }[];
  total: { conversions: number; agencyPence: Pence; permanentPence: Pence; netSavingPence: Pence };
}

function conversionsOf(baseline: PlanState, scenario: PlanState, names: Map<string | null, string>, price: (post: CostedPost) => Pence): AgencySpendAvoided {
  const before = new Map(postsInPost(baseline).map((post) => [post.workerId, post]));
  const conversions: AgencyConversion[] = [];
  for (const post of postsInPost(scenario)) {
    const was = before.get(post.workerId);
    if (was === undefined || !was.agency || post.agency) continue;
    const agencyPence = price(was);
    const permanentPence = price(post);
    conversions.push({ workerId: post.workerId, teamId: post.teamId, role: post.role, fte: post.fte, agencyPence, permanentPence, netSavingPence: agencyPence - permanentPence });
  }
  const teams = orderTeams(
    conversions.map((conversion) => conversion.teamId),
    names,
  ).map((teamId) => {
    const mine = conversions.filter((conversion) => conversion.teamId === teamId);
    const sum = (pick: (conversion: AgencyConversion) => number) => mine.reduce((acc, conversion) => acc + pick(conversion), 0);
    return {
      teamId,
      name: names.get(teamId) ?? teamId ?? NO_TEAM,
      conversions: mine.length,
      agencyPence: sum((c) => c.agencyPence),
      permanentPence: sum((c) => c.permanentPence),
      netSavingPence: sum((c) => c.netSavingPence),
    };
  });
  const sum = (pick: (team: AgencySpendAvoided['teams'][number]) => number) => teams.reduce((acc, team) => acc + pick(team), 0);
  return {
    conversions,
    teams,
    total: { conversions: conversions.length, agencyPence: sum((t) => t.agencyPence), permanentPence: sum((t) => t.permanentPence), netSavingPence: sum((t) => t.netSavingPence) },
  };
}

/**
 * Agency spend avoided by making agency posts permanent: each post in post in both positions,
 * agency in the baseline and permanent in the scenario, with its full-year agency cost, the
 * cost of the permanent post and the difference (the net saving).
 */
export function agencySpendAvoided(baseline: PlanState, scenario: PlanState, model: CostModel): Outcome<AgencySpendAvoided> {
  const errors = checkModel(model, [baseline, scenario]);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: conversionsOf(baseline, scenario, teamNames(scenario, baseline), fullYearPricer(model)) };
}

export interface ScenarioTeamCost extends TeamPressure {
  /**
   * Change in cost between the scenario date and 31 March: each added, removed, moved or
   * re-based post pro rata from when it takes effect (a new post from its startDate, anything
   * else from the scenario date), less the vacancy factor on the permanent part.
   */
  inYearPence: Pence;
  /** Recruitment incentives and retention payments for the new permanent posts. */
  oneOffPence: Pence;
  newPermanentPosts: number;
}

export interface ScenarioCost {
  /** The financial year of the scenario date, for the in-year figures. */
  financialYear: FinancialYear;
  baseline: EstablishmentCost;
  scenario: EstablishmentCost;
  teams: ScenarioTeamCost[];
  total: Omit<ScenarioTeamCost, 'teamId' | 'name'>;
  agency: AgencySpendAvoided;
}

function sameCost(a: Worker, b: Worker): boolean {
  return a.teamId === b.teamId && a.role === b.role && a.fte === b.fte && a.asye === b.asye && a.agency === b.agency;
}

/**
 * The cost of the baseline establishment and the scenario's, the full-year pressure, the
 * in-year pressure to 31 March and one-off payments per team, and agency spend avoided.
 * A post is new when its id is not in post in the baseline: added posts, and any other
 * worker who joins; it is a new permanent post when it is not agency, or when an agency post
 * is made permanent. Nothing is computed when the model lacks a rate a post needs.
 */
export function scenarioCost(baseline: PlanState, scenario: ScenarioResult, model: CostModel): Outcome<ScenarioCost> {
  const errors = checkModel(model, [baseline, scenario]);
  if (errors.length > 0) return { ok: false, errors };
  const names = teamNames(scenario, baseline);
  const price = fullYearPricer(model);
  const before = costEstablishment(baseline, model, names, price);
  const after = costEstablishment(scenario, model, names, price);
  const pressure = budgetPressure(before, after);
  const asOf = scenario.inputs.asOf;
  const financialYear = financialYearOf(asOf);
  const starts = new Map(scenario.newPosts.map((post) => [post.workerId, post.startDate]));
  const oneOffEach = model.recruitment.incentivePence + model.recruitment.retentionPence;

  interface InYear {
    permanent: Pence;
    agency: Pence;
    newPermanent: number;
  }
  const inYear = new Map<string | null, InYear>();
  const bucket = (teamId: string | null): InYear => {
    let entry = inYear.get(teamId);
    if (entry === undefined) inYear.set(teamId, (entry = { permanent: 0, agency: 0, newPermanent: 0 }));
    return entry;
  };
  const baselinePosts = new Map(postsInPost(baseline).map((post) => [post.workerId, post]));
  const scenarioPosts = new Map(postsInPost(scenario).map((post) => [post.workerId, post]));
  for (const [workerId, post] of scenarioPosts) {
    const was = baselinePosts.get(workerId);
    if (was !== undefined && sameCost(was, post)) continue;
    const from = starts.get(workerId) ?? asOf;
    const entry = bucket(post.teamId);
    const part = partOfYear(annualFraction(model, post), from, financialYear);
    if (post.agency) entry.agency += part;
    else entry.permanent += part;
    if (!post.agency && (was === undefined || was.agency)) entry.newPermanent += 1;
    if (was !== undefined) {
      const old = bucket(was.teamId);
      const oldPart = partOfYear(annualFraction(model, was), from, financialYear);
      if (was.agency) old.agency -= oldPart;
      else old.permanent -= oldPart;
    }
  }
  for (const [workerId, was] of baselinePosts) {
    if (scenarioPosts.has(workerId)) continue;
    const entry = bucket(was.teamId);
    const part = partOfYear(annualFraction(model, was), asOf, financialYear);
    if (was.agency) entry.agency -= part;
    else entry.permanent -= part;
  }

  const ids = pressure.teams.map((team) => team.teamId);
  for (const teamId of inYear.keys()) if (!ids.includes(teamId)) ids.push(teamId);
  const teams = ids.map((teamId): ScenarioTeamCost => {
    const row = pressure.teams.find((team) => team.teamId === teamId);
    const entry = inYear.get(teamId) ?? { permanent: 0, agency: 0, newPermanent: 0 };
    return {
      teamId,
      name: row?.name ?? names.get(teamId) ?? teamId ?? NO_TEAM,
      baselinePence: row?.baselinePence ?? 0,
      scenarioPence: row?.scenarioPence ?? 0,
      pressurePence: row?.pressurePence ?? 0,
      inYearPence: entry.permanent - vacancyReduction(model, entry.permanent) + entry.agency,
      oneOffPence: entry.newPermanent * oneOffEach,
      newPermanentPosts: entry.newPermanent,
    };
  });
  const total = { ...pressure.total, inYearPence: 0, oneOffPence: 0, newPermanentPosts: 0 };
  for (const team of teams) {
    total.inYearPence += team.inYearPence;
    total.oneOffPence += team.oneOffPence;
    total.newPermanentPosts += team.newPermanentPosts;
  }
  return { ok: true, value: { financialYear, baseline: before, scenario: after, teams, total, agency: conversionsOf(baseline, scenario, names, price) } };
}
