import { SAVINGS_TERMS } from '../../domain/planning/cost-rollup.ts';
import type { CaseloadSeries } from '../../domain/caseload/caseload-series.ts';
import type { CaseloadSnapshot } from '../../domain/caseload/caseload-snapshot.ts';
import { withoutFloatNoise } from '../../domain/caseload/rounding.ts';
import { parsePeriod } from '../../domain/calendar/periods.ts';
import { daysBetween, type IsoDate } from '../../domain/dates.ts';
import type { ScenarioResult } from '../../domain/planning/apply-scenario.ts';
import { compareScenarios, type ComparedFigures } from '../../domain/planning/comparison.ts';
import type { CostModel } from '../../domain/planning/cost-model.ts';
import { fullYearCost, partYearCost, type ScenarioCost } from '../../domain/planning/costs.ts';
import { formatPence, type Pence } from '../../domain/planning/money.ts';
import { postsInPost, type PlanState } from '../../domain/planning/plan-state.ts';
import { postsNeeded, type PostsNeeded } from '../../domain/planning/posts-needed.ts';
import { redistribute } from '../../domain/planning/redistribution.ts';
import type { NewPost } from '../../domain/planning/workspace.ts';
import type { StandardProfile } from '../../domain/standards/caseload-standard.ts';
import type { Role, Worker } from '../../domain/workforce/types.ts';
import { SECURITY_MARKING } from '../common/marking.ts';
import { longDate, monthLabel } from '../common/text.ts';
import {
  blank,
  count,
  countText,
  decimal,
  fte,
  fteText,
  money,
  ROLE_LABELS,
  text,
  type BusinessCaseCell,
  type BusinessCaseTable,
} from './format.ts';

import type { BenchmarkTable } from '../common/benchmark-table.ts';

export interface BusinessCaseInput {
  la: { code: string; name: string };
  /** The date the caseload figures describe (the baseline's date). */
  asOf: IsoDate;
  /** Passed in rather than read from the clock, so the same input always gives the same document. */
  generatedOn: IsoDate;
  scenario: { name: string; description: string | null; version: number };
  baseline: PlanState;
  /** applyScenario(baseline.inputs, scenario): must have been accepted (`ok`). */
  result: ScenarioResult;
  /** scenarioCost(baseline, result, costModel). */
  cost: ScenarioCost;
  costModel: CostModel;
  /** Monthly caseloads for the last 12 months, for the trend; null leaves the trend out. */
  trend: CaseloadSeries | null;
  /** The service's own paragraphs on the risks of not investing; null gives a draft from the figures. */
  risks: string[] | null;
  /** When false, no worker name or id appears anywhere: teams and roles only. */
  withNames: boolean;
  /** The demand forecast with its interval and track record; absent or null leaves the section out. */
  forecast?: BusinessCaseForecast | null | undefined;
}

/** What the business case says of the demand forecast (docs/forecasting.md). */
export interface BusinessCaseForecast {
  origin: IsoDate;
  windowMonths: number;
  /** Each measure today and 12 months ahead (or the horizon's end), with the 80% interval. */
  lines: Array<{ label: string; today: number; date: IsoDate; forecast: number; lower: number; upper: number }>;
  /** Mean absolute percentage error 3 and 6 months ahead beside carrying today's figure forward; null where untested. */
  trackRecord: Array<{ label: string; horizonMonths: number; mape: number | null; persistenceMape: number | null; coverage: number | null }>;
  notes: string[];
}

export type BusinessCaseSectionId = 'summary' | 'pressure' | 'proposal' | 'effect' | 'posts-needed' | 'costs' | 'risks' | 'notes' | 'forecast';

export interface BusinessCaseSection {
  id: BusinessCaseSectionId;
  number: number;
  title: string;
  paragraphs: string[];
  /** Bulleted points, after the paragraphs. */
  bullets: string[];
  tables: BusinessCaseTable[];
}

/** The headline figures of section 1; every amount is whole pence taken from scenarioCost. */
export interface BusinessCaseSummary {
  financialYear: string;
  casesOverCapacity: { today: number; withProposal: number };
  /** Case holders over the maximum for their role today (their own caseloads). */
  workersOverMax: number;
  /** Case holders over their maximum with the proposal if each team's children were shared evenly. */
  workersOverMaxIfSharedEvenly: { today: number; withProposal: number };
  newPosts: { posts: number; fte: number };
  agencyPostsMadePermanent: number;
  postsRemoved: number;
  establishmentPence: { today: Pence; withProposal: Pence };
  /** The full-year (recurring) budget pressure: scenarioCost total.pressurePence. */
  fullYearPence: Pence;
  /** The part-year pressure to 31 March: scenarioCost total.inYearPence. */
  partYearPence: Pence;
  oneOffPence: Pence;
  /** Part-year pressure plus one-off payments: the cost to find in the financial year. */
  thisYearPence: Pence;
  agencySpendAvoidedPence: Pence;
  agencyNetSavingPence: Pence;
}

export interface BusinessCaseReport {
  title: string;
  laCode: string;
  laName: string;
  asOf: IsoDate;
  generatedOn: IsoDate;
  marking: string;
  scenario: { name: string; description: string | null; version: number };
  withNames: boolean;
  summary: BusinessCaseSummary;
  /** True when the risks are Headroom's draft for the service to edit, not the service's own text. */
  risksDraft: boolean;
  /** In order: summary, pressure, proposal, effect, posts needed, costs, risks, notes. */
  sections: BusinessCaseSection[];
  /** England, region and statistical neighbours beside the council's workforce, when published. */
  benchmarks?: BenchmarkTable | null;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${countText(n)} ${n === 1 ? one : many}`;
const roleLabel = (role: Role): string => ROLE_LABELS[role];
const lowerRole = (role: Role): string => (role === 'iro' ? 'independent reviewing officer' : ROLE_LABELS[role].toLowerCase());
const rangeText = (range: { min: number; max: number }): string => `${range.min} to ${range.max}`;
const yesNo = (value: boolean): string => (value ? 'Yes' : 'No');

/** Case holders in the team above the maximum for their role today (the protected range for an ASYE). */
function overMax(snapshot: CaseloadSnapshot, teamId: string): number {
  return snapshot.workers.filter((w) => w.teamId === teamId && (w.flags.includes('over_max') || w.flags.includes('asye_over_protected'))).length;
}

/** Sum of the team rows, as for cases over capacity in the comparison: one team's spare capacity does not offset another's shortfall. */
function sumTeams(values: readonly number[]): number {
  return withoutFloatNoise(values.reduce((a, b) => a + b, 0));
}

/**
 * What each change did, from the scenario's own descriptions. A removed post is named by its
 * worker id there; without names it is described by its role only.
 */
function changeDescriptions(result: ScenarioResult, withNames: boolean): string[] {
  return result.applied.map((applied) => {
    if (withNames) return applied.summary;
    let summary = applied.summary;
    for (const id of applied.workerIds) {
      summary = summary.replace(new RegExp(`^Removed ${escapeRegExp(id)} \\(([^)]*)\\)`), 'Removed $1');
      summary = summary.replace(new RegExp(`(^|[^\\w-])${escapeRegExp(id)}(?![\\w-])`, 'g'), '$1a worker');
    }
    return summary;
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function teamNameMap(...states: PlanState[]): Map<string | null, string> {
  const names = new Map<string | null, string>();
  for (const state of states) for (const team of state.inputs.teams) if (!names.has(team.teamId)) names.set(team.teamId, team.name);
  return names;
}

const NO_TEAM = 'No team';

function postLabel(worker: Pick<Worker, 'role' | 'name' | 'workerId'>, withNames: boolean): string {
  return withNames ? `${roleLabel(worker.role)}: ${worker.name} (${worker.workerId})` : roleLabel(worker.role);
}

function section(id: BusinessCaseSectionId, number: number, title: string, parts: Partial<Pick<BusinessCaseSection, 'paragraphs' | 'bullets' | 'tables'>>): BusinessCaseSection {
  return { id, number, title, paragraphs: parts.paragraphs ?? [], bullets: parts.bullets ?? [], tables: parts.tables ?? [] };
}

interface Context {
  input: BusinessCaseInput;
  names: Map<string | null, string>;
  profile: StandardProfile;
  scenarioProfile: StandardProfile;
  before: PostsNeeded;
  after: PostsNeeded;
  evenBefore: Map<string, number>;
  evenAfter: Map<string, number>;
  yearStart: IsoDate;
  yearEnd: IsoDate;
}

function pressureSection(ctx: Context, summary: BusinessCaseSummary): BusinessCaseSection {
  const { input, profile } = ctx;
  const snapshot = input.baseline.snapshot;
  const sw = profile.roles.social_worker;
  const teams = snapshot.teams;
  const row = (name: string, f: { caseHoldingFte: number; children: number; averagePerFte: number | null; unallocated: number; capacity: number; casesOverCapacity: number }, over: number): BusinessCaseCell[] => [
    text(name),
    fte(f.caseHoldingFte),
    count(f.children),
    decimal(f.averagePerFte),
    count(f.unallocated),
    count(f.capacity),
    count(over),
    count(f.casesOverCapacity),
  ];
  const byTeam: BusinessCaseTable = {
    id: 'pressure-by-team',
    caption: `Caseloads by team on ${longDate(input.asOf)}, against ${profile.name} (social worker ${rangeText(sw)} children per full-time worker)`,
    columns: [
      { heading: 'Team', numeric: false },
      { heading: 'Case-holding FTE', numeric: true },
      { heading: 'Children', numeric: true },
      { heading: 'Average caseload per FTE', numeric: true },
      { heading: 'Unallocated children', numeric: true },
      { heading: `Capacity at the maximum`, numeric: true },
      { heading: 'Workers over the maximum', numeric: true },
      { heading: 'Cases over capacity', numeric: true },
    ],
    rows: teams.map((t) => row(t.name, t, overMax(snapshot, t.teamId))),
    totals: [
      row(
        'Total',
        snapshot.totals,
        summary.workersOverMax,
      ),
    ],
  };
  const tables = [byTeam];
  const paragraphs = [
    `On ${longDate(input.asOf)} ${plural(summary.workersOverMax, 'case-holding worker')} held more children than the maximum for their role, and the teams held ${plural(summary.casesOverCapacity.today, 'child', 'children')} above their capacity. The standard is ${profile.label} (social worker ${rangeText(sw)} children per full-time worker, ${rangeText(profile.asye)} for a worker in their assessed and supported year in employment).`,
  ];
  const trend = input.trend;
  if (trend !== null && trend.dates.length > 0) {
    tables.push({
      id: 'pressure-trend',
      caption: `Caseloads at the end of each month, ${monthLabel(trend.dates[0] ?? input.asOf)} to ${monthLabel(trend.dates[trend.dates.length - 1] ?? input.asOf)}`,
      columns: [
        { heading: 'Month', numeric: false },
        { heading: 'Children open', numeric: true },
        { heading: 'Case-holding FTE', numeric: true },
        { heading: 'Average caseload per FTE', numeric: true },
        { heading: 'Unallocated children', numeric: true },
        { heading: 'Cases over capacity', numeric: true },
      ],
      rows: trend.dates.map((date, i) => {
        const total = trend.totals[i];
        return [
          text(monthLabel(date)),
          count(total?.children ?? 0),
          fte(total?.caseHoldingFte ?? 0),
          decimal(total?.averagePerFte ?? null),
          count(total?.unallocated ?? 0),
          count(total?.casesOverCapacity ?? 0),
        ];
      }),
      totals: [],
    });
    paragraphs.push('The trend shows the whole local authority at the end of each month: children open to a worker or a team, the FTE holding cases, the average caseload per FTE (children held by case-holding workers, as the DfE counts it), the unallocated children, who are not in the average, and the cases over capacity added up over the teams.');
  }
  return section('pressure', 2, 'The pressure', { paragraphs, tables });
}

/** New posts of the same kind, team and start date, grouped into one row. */
interface ProposalRow extends Omit<NewPost, 'workerId' | 'change'> {
  posts: number;
  fullYearPence: Pence;
  partYearPence: Pence;
}

function proposalSection(ctx: Context): BusinessCaseSection {
  const { input, names } = ctx;
  const { result, costModel } = input;
  const grouped: ProposalRow[] = [];
  const fy = input.cost.financialYear;
  const priced = (post: NewPost): { full: Pence; part: Pence } => {
    const full = fullYearCost(post, costModel);
    const part = post.startDate > ctx.yearEnd ? { ok: true as const, value: 0 } : partYearCost(post, costModel, post.startDate < ctx.yearStart ? ctx.yearStart : post.startDate);
    return { full: full.ok ? full.value : 0, part: part.ok ? part.value : 0 };
  };
  for (const post of result.newPosts) {
    const same = grouped.find(
      (g) => g.teamId === post.teamId && g.role === post.role && g.fte === post.fte && g.agency === post.agency && g.asye === post.asye && g.supernumerary === post.supernumerary && g.startDate === post.startDate,
    );
    const { full, part } = priced(post);
    if (same) {
      same.posts += 1;
      same.fullYearPence += full;
      same.partYearPence += part;
    } else {
      grouped.push({ teamId: post.teamId, role: post.role, fte: post.fte, agency: post.agency, asye: post.asye, supernumerary: post.supernumerary, startDate: post.startDate, posts: 1, fullYearPence: full, partYearPence: part });
    }
  }
  const totalPosts = grouped.reduce((a, g) => a + g.posts, 0);
  const totalFte = withoutFloatNoise(grouped.reduce((a, g) => a + g.posts * g.fte, 0));
  const newPosts: BusinessCaseTable = {
    id: 'proposal-new-posts',
    caption: 'New posts proposed, by team and role',
    columns: [
      { heading: 'Team', numeric: false },
      { heading: 'Role', numeric: false },
      { heading: 'Posts', numeric: true },
      { heading: 'FTE', numeric: true },
      { heading: 'Permanent or agency', numeric: false },
      { heading: 'ASYE', numeric: false },
      { heading: 'Supernumerary', numeric: false },
      { heading: 'Start date', numeric: false },
      { heading: 'Full-year cost', numeric: true },
      { heading: `Part-year cost ${fy}`, numeric: true },
    ],
    rows: grouped.map((g) => [
      text(names.get(g.teamId) ?? g.teamId),
      text(roleLabel(g.role)),
      count(g.posts),
      fte(withoutFloatNoise(g.posts * g.fte)),
      text(g.agency ? 'Agency' : 'Permanent'),
      text(yesNo(g.asye)),
      text(yesNo(g.supernumerary)),
      text(longDate(g.startDate)),
      money(g.fullYearPence),
      money(g.partYearPence),
    ]),
    totals: [
      [
        text('Total new posts'),
        blank,
        count(totalPosts),
        fte(totalFte),
        blank,
        blank,
        blank,
        blank,
        money(grouped.reduce((a, g) => a + g.fullYearPence, 0)),
        money(grouped.reduce((a, g) => a + g.partYearPence, 0)),
      ],
    ],
  };

  const before = new Map(postsInPost(input.baseline).map((w) => [w.workerId, w]));
  const afterPosts = postsInPost(result);
  const after = new Map(afterPosts.map((w) => [w.workerId, w]));
  const other: BusinessCaseCell[][] = [];
  for (const w of afterPosts) {
    const was = before.get(w.workerId);
    if (was?.agency === true && !w.agency) other.push([text(names.get(w.teamId) ?? w.teamId ?? NO_TEAM), text(postLabel(w, input.withNames)), fte(w.fte), text('Agency post made permanent'), text(longDate(result.inputs.asOf))]);
  }
  for (const w of before.values()) {
    if (!after.has(w.workerId)) other.push([text(names.get(w.teamId) ?? w.teamId ?? NO_TEAM), text(postLabel(w, input.withNames)), fte(w.fte), text(w.agency ? 'Agency post removed' : 'Permanent post removed'), text(longDate(result.inputs.asOf))]);
  }
  const tables = [newPosts];
  if (other.length > 0) {
    tables.push({
      id: 'proposal-other-changes',
      caption: 'Other changes to posts',
      columns: [
        { heading: 'Team', numeric: false },
        { heading: 'Post', numeric: false },
        { heading: 'FTE', numeric: true },
        { heading: 'Change', numeric: false },
        { heading: 'From', numeric: false },
      ],
      rows: other,
      totals: [],
    });
  }
  const paragraphs = [
    input.scenario.description === null
      ? `The proposal is the scenario "${input.scenario.name}" (version ${input.scenario.version}).`
      : `The proposal is the scenario "${input.scenario.name}" (version ${input.scenario.version}): ${input.scenario.description}`,
    `It adds ${plural(totalPosts, 'post')} (${fteText(totalFte)} FTE). The costs in the table are each post's own cost before the vacancy factor; the costs section gives the budget pressure, which also counts posts made permanent, moved or removed, and the vacancy factor.`,
    'What each change does:',
  ];
  return section('proposal', 3, 'The proposal', { paragraphs, bullets: changeDescriptions(result, input.withNames), tables });
}

function effectSection(ctx: Context, summary: BusinessCaseSummary): BusinessCaseSection {
  const { input } = ctx;
  const comparison = compareScenarios(input.baseline, [input.result]);
  if (!comparison.ok) throw new RangeError(comparison.errors.map((e) => e.message).join('; '));
  const figures = (f: ComparedFigures | null | undefined): BusinessCaseCell[] => (f ? [count(f.children), fte(f.caseHoldingFte), decimal(f.averagePerFte), count(f.unallocated), count(f.casesOverCapacity)] : [blank, blank, blank, blank, blank]);
  const pair = (today: ComparedFigures | null | undefined, after: ComparedFigures | null | undefined, evenToday: number | null, evenAfter: number | null): BusinessCaseCell[] => {
    const a = figures(today);
    const b = figures(after);
    return [a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], evenToday === null ? blank : count(evenToday), evenAfter === null ? blank : count(evenAfter)].map((c) => c ?? blank);
  };
  const rows = comparison.value.teams.map((t) => [
    text(t.name),
    ...pair(t.baseline, t.options[0], t.baseline ? (ctx.evenBefore.get(t.teamId) ?? 0) : null, t.options[0] ? (ctx.evenAfter.get(t.teamId) ?? 0) : null),
  ]);
  const table: BusinessCaseTable = {
    id: 'effect-by-team',
    caption: `Caseloads by team today and with the proposal, against ${ctx.scenarioProfile.name}`,
    columns: [
      { heading: 'Team', numeric: false },
      { heading: 'Children today', numeric: true },
      { heading: 'Children with the proposal', numeric: true },
      { heading: 'Case-holding FTE today', numeric: true },
      { heading: 'Case-holding FTE with the proposal', numeric: true },
      { heading: 'Average caseload per FTE today', numeric: true },
      { heading: 'Average caseload per FTE with the proposal', numeric: true },
      { heading: 'Unallocated children today', numeric: true },
      { heading: 'Unallocated children with the proposal', numeric: true },
      { heading: 'Cases over capacity today', numeric: true },
      { heading: 'Cases over capacity with the proposal', numeric: true },
      { heading: 'Workers over the maximum if shared evenly today', numeric: true },
      { heading: 'Workers over the maximum if shared evenly with the proposal', numeric: true },
    ],
    rows,
    totals: [[text('Total'), ...pair(comparison.value.totals.baseline, comparison.value.totals.options[0], summary.workersOverMaxIfSharedEvenly.today, summary.workersOverMaxIfSharedEvenly.withProposal)]],
  };
  const paragraphs = [
    `With the proposal, cases over capacity would go from ${countText(summary.casesOverCapacity.today)} to ${countText(summary.casesOverCapacity.withProposal)}. New posts are counted as filled, so the figures show the position once every change has taken effect.`,
    `If each team's children were shared evenly across its case holders (in proportion to FTE), ${plural(summary.workersOverMaxIfSharedEvenly.today, 'worker')} would be over their maximum today and ${countText(summary.workersOverMaxIfSharedEvenly.withProposal)} with the proposal. New posts start with no children: reaching these figures means moving children to them, so the even share is a planning assumption, not a plan for any child.`,
    'In the total row children, FTE and the average are the whole local authority\u2019s, each child counted once; the average caseload counts the children held by case-holding workers, with unallocated children beside it; cases over capacity and workers over the maximum add up the team rows.',
  ];
  return section('effect', 4, 'The effect', { paragraphs, tables: [table] });
}

function postsNeededSection(ctx: Context): BusinessCaseSection {
  const { input, names, before, after } = ctx;
  const ids: string[] = [...after.teams.map((t) => t.teamId)];
  for (const t of before.teams) if (!ids.includes(t.teamId)) ids.push(t.teamId);
  const b = new Map(before.teams.map((t) => [t.teamId, t]));
  const a = new Map(after.teams.map((t) => [t.teamId, t]));
  const table: BusinessCaseTable = {
    id: 'posts-needed-by-team',
    caption: 'Social worker FTE needed to bring each team within the standard, and manager posts needed for spans of control',
    columns: [
      { heading: 'Team', numeric: false },
      { heading: 'FTE to the maximum today', numeric: true },
      { heading: 'FTE to the midpoint today', numeric: true },
      { heading: 'Manager posts needed today', numeric: true },
      { heading: 'FTE to the maximum with the proposal', numeric: true },
      { heading: 'FTE to the midpoint with the proposal', numeric: true },
      { heading: 'Posts to the maximum with the proposal', numeric: true },
      { heading: 'Posts to the midpoint with the proposal', numeric: true },
      { heading: 'Reports per manager with the proposal', numeric: true },
      { heading: 'Manager posts needed with the proposal', numeric: true },
    ],
    rows: ids.map((id) => {
      const x = b.get(id);
      const y = a.get(id);
      return [
        text(names.get(id) ?? id),
        x ? fte(x.fteToMax) : blank,
        x ? fte(x.fteToMid) : blank,
        x ? count(x.managerPostsNeeded) : blank,
        y ? fte(y.fteToMax) : blank,
        y ? fte(y.fteToMid) : blank,
        y ? count(y.postsToMax) : blank,
        y ? count(y.postsToMid) : blank,
        y ? decimal(y.reportsPerManager) : blank,
        y ? count(y.managerPostsNeeded) : blank,
      ];
    }),
    totals: [
      [
        text('Total'),
        fte(before.total.fteToMax),
        fte(before.total.fteToMid),
        count(before.total.managerPostsNeeded),
        fte(after.total.fteToMax),
        fte(after.total.fteToMid),
        count(after.total.postsToMax),
        count(after.total.postsToMid),
        blank,
        count(after.total.managerPostsNeeded),
      ],
    ],
  };
  const spanRows = (state: 'Today' | 'With the proposal', p: PostsNeeded): BusinessCaseCell[][] =>
    p.teams.flatMap((t) =>
      t.spans.map((s) => [
        text(t.name),
        text(state),
        text(input.withNames ? `${roleLabel(s.role)}: ${s.name} (${s.workerId})` : roleLabel(s.role)),
        count(s.directReports),
        text(s.status === 'within' ? 'Within the range' : s.status === 'high' ? 'Above the range' : 'Below the range'),
      ]),
    );
  const spans: BusinessCaseTable = {
    id: 'posts-needed-spans',
    caption: `Managers' direct reports, against a span of control of ${rangeText(after.spanOfControl)}`,
    columns: [
      { heading: 'Team', numeric: false },
      { heading: 'Position', numeric: false },
      { heading: 'Manager', numeric: false },
      { heading: 'Direct reports', numeric: true },
      { heading: 'Against the range', numeric: false },
    ],
    rows: [...spanRows('Today', before), ...spanRows('With the proposal', after)],
    totals: [],
  };
  const paragraphs = [
    `Today the teams need ${fteText(before.total.fteToMax)} social worker FTE to bring every team within the maximum of the standard and ${fteText(before.total.fteToMid)} FTE to reach its midpoint. With the proposal they would need ${fteText(after.total.fteToMax)} FTE and ${fteText(after.total.fteToMid)} FTE.`,
    'Totals are sums of the team rows: what it takes for every team to be within the standard on its own, since spare capacity in one team does not take children from another.',
  ];
  const tables = spans.rows.length > 0 ? [table, spans] : [table];
  return section('posts-needed', 5, 'Posts needed', { paragraphs, tables });
}

function costsSection(ctx: Context, summary: BusinessCaseSummary): BusinessCaseSection {
  const { input, names } = ctx;
  const { cost } = input;
  const fy = cost.financialYear;
  const agencyByTeam = new Map(cost.agency.teams.map((t) => [t.teamId, t]));
  const byTeam: BusinessCaseTable = {
    id: 'costs-by-team',
    caption: `Costs by team: the establishment today and with the proposal, the full-year and ${fy} part-year pressure`,
    columns: [
      { heading: 'Team', numeric: false },
      { heading: 'Establishment cost today', numeric: true },
      { heading: 'Establishment cost with the proposal', numeric: true },
      { heading: 'Full-year pressure', numeric: true },
      { heading: `Part-year pressure ${fy}`, numeric: true },
      { heading: 'One-off payments', numeric: true },
      { heading: `${SAVINGS_TERMS.gross} (full year)`, numeric: true },
    ],
    rows: cost.teams.map((t) => [
      text(t.name),
      money(t.baselinePence),
      money(t.scenarioPence),
      money(t.pressurePence),
      money(t.inYearPence),
      money(t.oneOffPence),
      money(agencyByTeam.get(t.teamId)?.agencyPence ?? 0),
    ]),
    totals: [
      [
        text('Total'),
        money(cost.total.baselinePence),
        money(cost.total.scenarioPence),
        money(cost.total.pressurePence),
        money(cost.total.inYearPence),
        money(cost.total.oneOffPence),
        money(cost.agency.total.agencyPence),
      ],
    ],
  };
  const makeUpRow = (label: string, position: string, f: { posts: number; fte: number; permanentPence: Pence; agencyPence: Pence; vacancyFactorPence: Pence; totalPence: Pence }): BusinessCaseCell[] => [
    text(label),
    text(position),
    count(f.posts),
    fte(f.fte),
    money(f.permanentPence),
    money(f.agencyPence),
    money(-f.vacancyFactorPence),
    money(f.totalPence),
  ];
  const teamIds: (string | null)[] = [];
  for (const t of [...cost.baseline.teams, ...cost.scenario.teams]) if (!teamIds.includes(t.teamId)) teamIds.push(t.teamId);
  const makeUp: BusinessCaseTable = {
    id: 'costs-establishment',
    caption: 'How the establishment cost is made up: full-year cost of every post in post, permanent and agency, less the vacancy factor',
    columns: [
      { heading: 'Team', numeric: false },
      { heading: 'Position', numeric: false },
      { heading: 'Posts', numeric: true },
      { heading: 'FTE', numeric: true },
      { heading: 'Permanent (salary and on-costs)', numeric: true },
      { heading: 'Agency', numeric: true },
      { heading: 'Less vacancy factor', numeric: true },
      { heading: 'Establishment cost', numeric: true },
    ],
    rows: teamIds.flatMap((id) => {
      const rows: BusinessCaseCell[][] = [];
      const b = cost.baseline.teams.find((t) => t.teamId === id);
      const s = cost.scenario.teams.find((t) => t.teamId === id);
      const name = s?.name ?? b?.name ?? names.get(id) ?? NO_TEAM;
      if (b) rows.push(makeUpRow(name, 'Today', b));
      if (s) rows.push(makeUpRow(name, 'With the proposal', s));
      return rows;
    }),
    totals: [makeUpRow('Total', 'Today', cost.baseline.total), makeUpRow('Total', 'With the proposal', cost.scenario.total)],
  };
  const tables = [byTeam, makeUp];
  const workers = new Map([...input.baseline.inputs.workers, ...input.baseline.supernumerary].map((w) => [w.workerId, w]));
  if (cost.agency.conversions.length > 0) {
    tables.push({
      id: 'costs-agency',
      caption: `Agency posts made permanent: ${SAVINGS_TERMS.gross.toLowerCase()}, ${SAVINGS_TERMS.newPosts.toLowerCase()} and ${SAVINGS_TERMS.net.toLowerCase()}, full year, before the vacancy factor`,
      columns: [
        { heading: 'Team', numeric: false },
        { heading: 'Post', numeric: false },
        { heading: 'FTE', numeric: true },
        { heading: SAVINGS_TERMS.gross, numeric: true },
        { heading: SAVINGS_TERMS.newPosts, numeric: true },
        { heading: SAVINGS_TERMS.net, numeric: true },
      ],
      rows: cost.agency.conversions.map((c) => {
        const w = workers.get(c.workerId);
        return [
          text(names.get(c.teamId) ?? c.teamId ?? NO_TEAM),
          text(w ? postLabel(w, input.withNames) : roleLabel(c.role)),
          fte(c.fte),
          money(c.agencyPence),
          money(c.permanentPence),
          money(c.netSavingPence),
        ];
      }),
      totals: [[text('Total'), blank, fte(withoutFloatNoise(cost.agency.conversions.reduce((a, c) => a + c.fte, 0))), money(cost.agency.total.agencyPence), money(cost.agency.total.permanentPence), money(cost.agency.total.netSavingPence)]],
    });
  }
  const pressureWord = summary.fullYearPence < 0 ? 'a saving' : 'a budget pressure';
  const paragraphs = [
    `The establishment costs ${formatPence(summary.establishmentPence.today)} a year today and would cost ${formatPence(summary.establishmentPence.withProposal)} with the proposal: ${pressureWord} of ${formatPence(Math.abs(summary.fullYearPence))} in a full year.`,
    `In ${fy}, from the date each change takes effect to ${longDate(ctx.yearEnd)}, the part-year pressure is ${formatPence(summary.partYearPence)}; with one-off recruitment and retention payments of ${formatPence(summary.oneOffPence)}, the cost in ${fy} is ${formatPence(summary.thisYearPence)}.`,
    summary.agencyPostsMadePermanent > 0
      ? `Making ${plural(summary.agencyPostsMadePermanent, 'agency post')} permanent: ${SAVINGS_TERMS.gross.toLowerCase()} ${formatPence(summary.agencySpendAvoidedPence)} a year, less the ${SAVINGS_TERMS.newPosts.toLowerCase()} ${formatPence(summary.agencySpendAvoidedPence - summary.agencyNetSavingPence)}, a ${SAVINGS_TERMS.net.toLowerCase()} of ${formatPence(summary.agencyNetSavingPence)} a year; the net saving is already counted in the pressure.`
      : 'The proposal makes no agency post permanent, so it avoids no agency spend directly.',
    'A positive pressure is a cost to the budget, a negative one a saving. Team figures are sums of their posts\u2019 whole pence and totals are sums of the team figures, so every table adds up exactly.',
  ];
  return section('costs', 6, 'The costs', { paragraphs, tables });
}

/** Plain-English paragraphs from the figures, for the service to edit: Headroom cannot know the local evidence. */
function draftRisks(ctx: Context, summary: BusinessCaseSummary): string[] {
  const { input, profile, before } = ctx;
  const snapshot = input.baseline.snapshot;
  const teamIds = new Set(snapshot.teams.map((t) => t.teamId));
  const caseHolders = snapshot.workers.filter((w) => w.capacity > 0 && w.teamId !== null && teamIds.has(w.teamId)).length;
  const baselinePosts = postsInPost(input.baseline);
  const agencyPosts = baselinePosts.filter((w) => w.agency);
  const agencyPence = input.cost.baseline.total.agencyPence;
  const highSpans = before.teams.flatMap((t) => t.spans).filter((s) => s.status === 'high').length;
  const out = [
    'Draft for the service to edit: Headroom wrote these paragraphs from the figures in this business case. Check them, add the local evidence (inspection findings, audits, complaints, staff surveys, leavers) and remove this note before the paper goes forward.',
  ];
  out.push(
    summary.workersOverMax > 0 || summary.casesOverCapacity.today > 0
      ? `Caseloads stay too high. On ${longDate(input.asOf)} ${countText(summary.workersOverMax)} of ${plural(caseHolders, 'case-holding worker')} held more children than the maximum for their role under ${profile.label}, and the teams held ${plural(summary.casesOverCapacity.today, 'child', 'children')} above their capacity. Without more posts these children stay with workers who have less time for visits, assessments and plans, and the risk grows that a child's needs are missed or acted on late.`
      : `Caseloads are within the standard today (${profile.label}), but without the proposal there is no headroom to absorb a rise in demand or the loss of staff.`,
  );
  if (before.total.fteToMax > 0 || before.total.fteToMid > 0) {
    out.push(`Bringing every team within the maximum today would take ${fteText(before.total.fteToMax)} social worker FTE, and reaching the midpoint of the standard ${fteText(before.total.fteToMid)} FTE. Those posts would otherwise have to be found by stretching the existing workforce further.`);
  }
  if (agencyPosts.length > 0) {
    const avoided =
      summary.agencyPostsMadePermanent > 0
        ? ` The proposal would make ${countText(summary.agencyPostsMadePermanent)} of them permanent: a ${SAVINGS_TERMS.gross.toLowerCase()} of ${formatPence(summary.agencySpendAvoidedPence)} a year and a ${SAVINGS_TERMS.net.toLowerCase()} of ${formatPence(summary.agencyNetSavingPence)}; without it, that spend continues.`
        : '';
    out.push(
      `The service relies on agency staff: ${plural(agencyPosts.length, 'agency post')} in post today, costing ${formatPence(agencyPence)} a year. Agency workers cost more than permanent staff and tend to move on sooner, which breaks children's relationships with their social worker.${avoided}`,
    );
  } else {
    out.push('The service has no agency posts in post today. Without the proposal, covering caseloads above the standard is likely to need agency workers, at a higher cost than permanent posts.');
  }
  out.push(
    'Ofsted inspections of local authority children\u2019s services look at whether social workers have manageable caseloads and the time to know their children well. Caseloads above the standard put the inspection judgement and the council\u2019s improvement plans at risk.',
  );
  out.push(
    `High caseloads are one of the main reasons social workers give for leaving. Each leaver adds to the caseloads of those who stay and costs the council the time and money of recruiting again${summary.oneOffPence > 0 ? ` (this proposal budgets ${formatPence(summary.oneOffPence)} for recruitment and retention payments)` : ''}.`,
  );
  if (highSpans > 0) {
    out.push(`${plural(highSpans, 'manager')} ${highSpans === 1 ? 'supervises' : 'supervise'} more than ${profile.spanOfControl.max} people today, above the span of control of ${rangeText(profile.spanOfControl)}. Stretched supervision makes it harder to oversee decisions about children and to support newly qualified staff.`);
  }
  return out;
}

function notesSection(ctx: Context): BusinessCaseSection {
  const { input, profile, scenarioProfile, yearEnd } = ctx;
  const model = input.costModel;
  const fy = input.cost.financialYear;
  const year = parsePeriod(fy);
  const yearDays = daysBetween(year.start, year.end) + 1;
  const bullets = [
    `Caseload figures are for ${longDate(input.asOf)}. A caseload is the number of distinct children allocated to a worker (each sibling counts), as the Department for Education counts it.`,
    `Standard: ${profile.name}, ${profile.label}. Source: ${profile.source}. Social worker ${rangeText(profile.roles.social_worker)} children per full-time worker; a worker in their assessed and supported year in employment (ASYE) ${rangeText(profile.asye)}; span of control ${rangeText(profile.spanOfControl)} direct reports per manager.`,
    ...(scenarioProfile.name !== profile.name ? [`With the proposal, caseloads are measured against ${scenarioProfile.name}, ${scenarioProfile.label}.`] : []),
    'Capacity is the maximum of each case holder\u2019s range \u00d7 their FTE. Cases over capacity are the children above a team\u2019s capacity. FTE to the maximum is cases over capacity \u00f7 the social worker maximum, and FTE to the midpoint the children above capacity at the midpoints \u00f7 the social worker midpoint, each up to the next 0.1; posts are those rounded up to whole full-time posts.',
    'Sharing children evenly (redistribution) is a planning assumption: each team\u2019s children divided across its case holders in proportion to FTE. It shows what the posts make possible, not a plan for any child.',
    'New posts are counted as filled in the caseload figures, which show the position once every change has taken effect; their start dates drive the part-year cost only.',
    `Cost model: ${model.name}. On-costs (employer\u2019s National Insurance and pension) ${model.onCostsPercent}% of salary. Vacancy factor ${model.vacancyFactorPercent}% of the permanent establishment of each team, never applied to agency cost or to one post.`,
    model.agency === null
      ? 'Agency rates: none in the cost model.'
      : model.agency.basis === 'day_rate'
        ? `Agency rates: all-in day rates (no on-costs) for ${model.agency.workingDaysPerYear} working days a year: ${
            Object.entries(model.agency.dayRatePence)
              .map(([role, pence]) => `${lowerRole(role as Role)} ${formatPence(pence ?? 0)} a day`)
              .join(', ') || 'none'
          }.`
        : `Agency rates: the permanent cost of the post with on-costs plus a premium of ${model.agency.premiumPercent}%.`,
    `Recruitment: an incentive of ${formatPence(model.recruitment.incentivePence)} and a retention payment of ${formatPence(model.recruitment.retentionPence)} for each new permanent post, including an agency post made permanent.`,
    `Financial year ${fy}: ${longDate(year.start)} to ${longDate(yearEnd)}, ${yearDays} days. Part-year costs run from the day each change takes effect (a new post from its start date, anything else from ${longDate(input.result.inputs.asOf)}) to ${longDate(yearEnd)}, both days counted.`,
    'Each post\u2019s cost is worked out exactly and rounded half up to whole pence once; team figures are sums of their posts and totals sums of the teams. Amounts are shown in pounds and pence.',
    input.withNames ? 'This version names workers: keep it within the service.' : 'No worker or child is named in this document: figures are by team and role only.',
  ];
  const gradeRows: BusinessCaseCell[][] = Object.entries(model.grades).flatMap(([role, grade]) =>
    grade === undefined ? [] : [[text(roleLabel(role as Role)), text(grade.grade ?? ''), money(grade.annualSalaryPence)]],
  );
  if (model.asyeGrade !== null) gradeRows.push([text('Social worker in their ASYE'), text(model.asyeGrade.grade ?? ''), money(model.asyeGrade.annualSalaryPence)]);
  const grades: BusinessCaseTable = {
    id: 'notes-grades',
    caption: `Pay grades in the cost model (full-time annual salary, before on-costs)`,
    columns: [
      { heading: 'Role', numeric: false },
      { heading: 'Grade', numeric: false },
      { heading: 'Annual salary', numeric: true },
    ],
    rows: gradeRows,
    totals: [],
  };
  return section('notes', 8, 'Notes and assumptions', { bullets, tables: [grades] });
}

/**
 * The business case for a scenario, as a head of service takes it to Cabinet: the pressure,
 * the proposal, its effect, the posts still needed, the costs, the risks of not investing and
 * the assumptions. Pure: every figure comes from the domain objects passed in, so the same
 * input always gives the same report. Throws a RangeError for a rejected scenario (callers
 * check `result.ok` first).
 */
export function buildBusinessCase(input: BusinessCaseInput): BusinessCaseReport {
  if (!input.result.ok) throw new RangeError(`the scenario "${input.result.name}" was rejected, so there is no business case to build`);
  const { baseline, result, cost } = input;
  const before = postsNeeded(baseline);
  const after = postsNeeded(result);
  const evenBefore = redistribute(baseline);
  const evenAfter = redistribute(result);
  const ctx: Context = {
    input,
    names: teamNameMap(result, baseline),
    profile: baseline.inputs.profile,
    scenarioProfile: result.inputs.profile,
    before,
    after,
    evenBefore: new Map(evenBefore.teams.map((t) => [t.teamId, t.workersOverMax])),
    evenAfter: new Map(evenAfter.teams.map((t) => [t.teamId, t.workersOverMax])),
    yearStart: parsePeriod(cost.financialYear).start,
    yearEnd: parsePeriod(cost.financialYear).end,
  };
  const casesOver = (state: PlanState) => state.snapshot.totals.casesOverCapacity;
  const thisYear = cost.total.inYearPence + cost.total.oneOffPence;
  const summary: BusinessCaseSummary = {
    financialYear: cost.financialYear,
    casesOverCapacity: { today: casesOver(baseline), withProposal: casesOver(result) },
    workersOverMax: sumTeams(baseline.snapshot.teams.map((t) => overMax(baseline.snapshot, t.teamId))),
    workersOverMaxIfSharedEvenly: { today: evenBefore.workersOverMax, withProposal: evenAfter.workersOverMax },
    newPosts: { posts: result.newPosts.length, fte: withoutFloatNoise(result.newPosts.reduce((a, p) => a + p.fte, 0)) },
    agencyPostsMadePermanent: cost.agency.total.conversions,
    postsRemoved: (() => {
      const kept = new Set(postsInPost(result).map((w) => w.workerId));
      return postsInPost(baseline).filter((w) => !kept.has(w.workerId)).length;
    })(),
    establishmentPence: { today: cost.total.baselinePence, withProposal: cost.total.scenarioPence },
    fullYearPence: cost.total.pressurePence,
    partYearPence: cost.total.inYearPence,
    oneOffPence: cost.total.oneOffPence,
    thisYearPence: thisYear,
    agencySpendAvoidedPence: cost.agency.total.agencyPence,
    agencyNetSavingPence: cost.agency.total.netSavingPence,
  };

  const risksDraft = input.risks === null;
  const sections: BusinessCaseSection[] = [
    summarySection(ctx, summary),
    pressureSection(ctx, summary),
    proposalSection(ctx),
    effectSection(ctx, summary),
    postsNeededSection(ctx),
    costsSection(ctx, summary),
    section('risks', 7, 'Risks of not investing', { paragraphs: input.risks ?? draftRisks(ctx, summary) }),
    notesSection(ctx),
    ...(input.forecast ? [forecastSection(input.forecast)] : []),
  ];
  return {
    title: `Business case: ${input.scenario.name}`,
    laCode: input.la.code,
    laName: input.la.name,
    asOf: input.asOf,
    generatedOn: input.generatedOn,
    marking: SECURITY_MARKING,
    scenario: input.scenario,
    withNames: input.withNames,
    summary,
    risksDraft,
    sections,
  };
}

function summarySection(ctx: Context, s: BusinessCaseSummary): BusinessCaseSection {
  const fy = s.financialYear;
  const headline = [
    `Today the teams hold ${plural(s.casesOverCapacity.today, 'child', 'children')} above their capacity under the standard in use (${ctx.profile.label}), and ${plural(s.workersOverMax, 'case-holding worker')} ${s.workersOverMax === 1 ? 'is' : 'are'} over the maximum for their role.`,
    `The proposal adds ${plural(s.newPosts.posts, 'post')} (${fteText(s.newPosts.fte)} FTE)${s.agencyPostsMadePermanent > 0 ? ` and makes ${plural(s.agencyPostsMadePermanent, 'agency post')} permanent` : ''}${s.postsRemoved > 0 ? `, and removes ${plural(s.postsRemoved, 'post')}` : ''}. Cases over capacity would go from ${countText(s.casesOverCapacity.today)} to ${countText(s.casesOverCapacity.withProposal)}.`,
    `The full-year cost is ${formatPence(s.fullYearPence)}${s.fullYearPence < 0 ? ' (a saving)' : ''}; the part-year cost in ${fy} is ${formatPence(s.partYearPence)}, or ${formatPence(s.thisYearPence)} with one-off payments.${s.agencySpendAvoidedPence > 0 ? ` ${SAVINGS_TERMS.gross}: ${formatPence(s.agencySpendAvoidedPence)} a year; ${SAVINGS_TERMS.net.toLowerCase()} after the ${SAVINGS_TERMS.newPosts.toLowerCase()}: ${formatPence(s.agencyNetSavingPence)} a year.` : ''}`,
  ];
  const rows: BusinessCaseCell[][] = [
    [text('Cases over capacity today'), count(s.casesOverCapacity.today)],
    [text('Cases over capacity with the proposal'), count(s.casesOverCapacity.withProposal)],
    [text('Case-holding workers over the maximum today'), count(s.workersOverMax)],
    [text('Workers over the maximum with the proposal, if children are shared evenly'), count(s.workersOverMaxIfSharedEvenly.withProposal)],
    [text('New posts proposed'), count(s.newPosts.posts)],
    [text('New posts proposed (FTE)'), fte(s.newPosts.fte)],
    [text('Agency posts made permanent'), count(s.agencyPostsMadePermanent)],
    [text('Establishment cost today (full year)'), money(s.establishmentPence.today)],
    [text('Establishment cost with the proposal (full year)'), money(s.establishmentPence.withProposal)],
    [text('Full-year cost (budget pressure)'), money(s.fullYearPence)],
    [text(`Part-year cost ${fy}`), money(s.partYearPence)],
    [text('One-off recruitment and retention payments'), money(s.oneOffPence)],
    [text(`Budget pressure ${fy} (part-year cost and one-off payments)`), money(s.thisYearPence)],
    [text(`${SAVINGS_TERMS.gross} (full year)`), money(s.agencySpendAvoidedPence)],
    [text(`${SAVINGS_TERMS.newPosts} (full year)`), money(s.agencySpendAvoidedPence - s.agencyNetSavingPence)],
    [text(`${SAVINGS_TERMS.net} from agency posts made permanent (full year)`), money(s.agencyNetSavingPence)],
  ];
  return section('summary', 1, 'Summary', {
    paragraphs: headline,
    tables: [{ id: 'summary-figures', caption: 'The business case in figures', columns: [{ heading: 'Measure', numeric: false }, { heading: 'Figure', numeric: true }], rows, totals: [] }],
  });
}

/** The demand forecast after the notes (so the numbering of the standard sections does not move). */
function forecastSection(f: BusinessCaseForecast): BusinessCaseSection {
  const first = f.lines[0];
  return section('forecast', 9, 'Demand forecast and its track record', {
    paragraphs: [
      `Headroom's forecast from ${f.origin}, with rates from the ${f.windowMonths} months before it, is shown with the range the figure should fall in four times out of five (80%).${first ? ` ${first.label}: ${countText(Math.round(first.today))} today, ${countText(Math.round(first.forecast))} forecast on ${first.date} (${countText(Math.round(first.lower))} to ${countText(Math.round(first.upper))}).` : ''}`,
      'The track record is how far the forecast was out when made from earlier dates using only what was known then, beside carrying that day\'s figure forward.',
      ...f.notes,
    ],
    tables: [
      {
        id: 'forecast-figures',
        caption: 'Forecast with its 80% interval',
        columns: [{ heading: 'Measure', numeric: false }, { heading: 'Today', numeric: true }, { heading: 'Date', numeric: false }, { heading: 'Forecast', numeric: true }, { heading: 'Lower', numeric: true }, { heading: 'Upper', numeric: true }],
        rows: f.lines.map((l) => [text(l.label), count(Math.round(l.today)), text(l.date), count(Math.round(l.forecast)), count(Math.round(l.lower)), count(Math.round(l.upper))]),
        totals: [],
      },
      {
        id: 'forecast-track-record',
        caption: 'Track record: mean absolute percentage error',
        columns: [{ heading: 'Measure', numeric: false }, { heading: 'Months ahead', numeric: true }, { heading: 'Forecast error (%)', numeric: true }, { heading: 'Carrying today forward (%)', numeric: true }, { heading: 'Inside the interval (%)', numeric: true }],
        rows: f.trackRecord.map((r) => [text(r.label), count(r.horizonMonths), decimal(r.mape), decimal(r.persistenceMape), decimal(r.coverage === null ? null : r.coverage * 100)]),
        totals: [],
      },
    ],
  });
}
