import type { ScenarioSummary } from '../db/planning.repository.ts';
import { formatPence, type ComparedFigures, type CostModel, type PostsNeededTotals, type ScenarioComparison, type TeamPostsNeeded } from '../domain/planning/index.ts';
import type { PlainTable } from '../services/caseload-tables.ts';
import type { PlanningComparison, PlanningRun, SavedCostModel } from '../services/planning.service.ts';

/*
 * What the `scenario` and `costs` commands print. The JSON shapes are a public contract
 * (docs/scenarios.md, "Command line"): built here field by field from the service's results so
 * that a change to an internal type cannot silently change what scripts read.
 */

export interface CaseloadFiguresJson {
  children: number;
  caseHoldingFte: number;
  averagePerFte: number | null;
  unallocated: number;
  casesOverCapacity: number;
  fteToMax: number;
  fteToMid: number;
}

export interface PostsNeededTotalsJson {
  fteToMax: number;
  fteToMid: number;
  postsToMax: number;
  postsToMid: number;
  managerPostsNeeded: number;
}

export interface CostTeamJson {
  teamId: string | null;
  name: string;
  todayPence: number;
  scenarioPence: number;
  fullYearPressurePence: number;
  inYearPressurePence: number;
  oneOffPence: number;
  newPermanentPosts: number;
}

export interface CostsJson {
  financialYear: string;
  establishment: { todayPence: number; scenarioPence: number };
  fullYearPressurePence: number;
  inYearPressurePence: number;
  oneOffPence: number;
  newPermanentPosts: number;
  agencySpendAvoided: { conversions: number; agencyPence: number; permanentPence: number; netSavingPence: number };
  teams: CostTeamJson[];
}

export interface ScenarioRunJson {
  la: string;
  asOf: string;
  profile: { before: string; after: string };
  scenario: { name: string; description: string | null; version: number | null };
  changes: string[];
  teams: { teamId: string; name: string; before: CaseloadFiguresJson | null; after: CaseloadFiguresJson | null }[];
  totals: { before: CaseloadFiguresJson; after: CaseloadFiguresJson };
  postsNeeded: {
    before: PostsNeededTotalsJson;
    after: PostsNeededTotalsJson;
    teams: { teamId: string; name: string; before: PostsNeededTotalsJson | null; after: PostsNeededTotalsJson | null }[];
  };
  costModel: { name: string; version: number } | null;
  costs: CostsJson | null;
  costErrors: { field: string; message: string }[];
}

export interface ScenarioCompareJson {
  la: string;
  asOf: string;
  scenarios: { name: string; description: string | null; version: number | null }[];
  teams: { teamId: string; name: string; today: CaseloadFiguresJson | null; scenarios: (CaseloadFiguresJson | null)[] }[];
  totals: { today: CaseloadFiguresJson; scenarios: CaseloadFiguresJson[] };
}

function figuresJson(f: ComparedFigures): CaseloadFiguresJson {
  return { children: f.children, caseHoldingFte: f.caseHoldingFte, averagePerFte: f.averagePerFte, unallocated: f.unallocated, casesOverCapacity: f.casesOverCapacity, fteToMax: f.fteRequiredToMax, fteToMid: f.fteRequiredToMid };
}

function postsJson(p: PostsNeededTotals | TeamPostsNeeded): PostsNeededTotalsJson {
  return { fteToMax: p.fteToMax, fteToMid: p.fteToMid, postsToMax: p.postsToMax, postsToMid: p.postsToMid, managerPostsNeeded: p.managerPostsNeeded };
}

function postsByTeam(run: PlanningRun): ScenarioRunJson['postsNeeded']['teams'] {
  const before = new Map(run.postsNeeded.baseline.teams.map((t) => [t.teamId, t]));
  const after = new Map(run.postsNeeded.scenario.teams.map((t) => [t.teamId, t]));
  const ids = [...new Set([...before.keys(), ...after.keys()])];
  return ids.map((teamId) => {
    const b = before.get(teamId);
    const a = after.get(teamId);
    return { teamId, name: a?.name ?? b?.name ?? teamId, before: b ? postsJson(b) : null, after: a ? postsJson(a) : null };
  });
}

function costsJson(run: PlanningRun): CostsJson | null {
  const cost = run.cost;
  if (!cost) return null;
  return {
    financialYear: cost.financialYear,
    establishment: { todayPence: cost.baseline.total.totalPence, scenarioPence: cost.scenario.total.totalPence },
    fullYearPressurePence: cost.total.pressurePence,
    inYearPressurePence: cost.total.inYearPence,
    oneOffPence: cost.total.oneOffPence,
    newPermanentPosts: cost.total.newPermanentPosts,
    agencySpendAvoided: { conversions: cost.agency.total.conversions, agencyPence: cost.agency.total.agencyPence, permanentPence: cost.agency.total.permanentPence, netSavingPence: cost.agency.total.netSavingPence },
    teams: cost.teams.map((t) => ({
      teamId: t.teamId,
      name: t.name,
      todayPence: t.baselinePence,
      scenarioPence: t.scenarioPence,
      fullYearPressurePence: t.pressurePence,
      inYearPressurePence: t.inYearPence,
      oneOffPence: t.oneOffPence,
      newPermanentPosts: t.newPermanentPosts,
    })),
  };
}

/** The documented JSON of `headroom scenario run`. */
export function scenarioRunJson(run: PlanningRun): ScenarioRunJson {
  const c = run.comparison;
  const after = (figures: readonly (ComparedFigures | null)[]): CaseloadFiguresJson | null => {
    const f = figures[0];
    return f ? figuresJson(f) : null;
  };
  const totalAfter = c.totals.options[0];
  if (!totalAfter) throw new Error('a scenario run compares exactly one option');
  return {
    la: run.laCode,
    asOf: run.asOf,
    profile: { before: run.baseline.snapshot.profile, after: run.result.snapshot.profile },
    scenario: { name: run.scenario.name, description: run.scenario.description ?? null, version: run.saved?.version ?? null },
    changes: run.result.applied.map((a) => a.summary),
    teams: c.teams.map((t) => ({ teamId: t.teamId, name: t.name, before: t.baseline ? figuresJson(t.baseline) : null, after: after(t.options) })),
    totals: { before: figuresJson(c.totals.baseline), after: figuresJson(totalAfter) },
    postsNeeded: { before: postsJson(run.postsNeeded.baseline.total), after: postsJson(run.postsNeeded.scenario.total), teams: postsByTeam(run) },
    costModel: run.costModel ? { name: run.costModel.name, version: run.costModel.version } : null,
    costs: costsJson(run),
    costErrors: run.costErrors.map((e) => ({ field: e.path, message: e.message })),
  };
}

/** The documented JSON of `headroom scenario compare`. */
export function scenarioCompareJson(compared: PlanningComparison): ScenarioCompareJson {
  const c = compared.comparison;
  return {
    la: compared.laCode,
    asOf: compared.asOf,
    scenarios: compared.runs.map((r) => ({ name: r.scenario.name, description: r.scenario.description ?? null, version: r.saved?.version ?? null })),
    teams: c.teams.map((t) => ({ teamId: t.teamId, name: t.name, today: t.baseline ? figuresJson(t.baseline) : null, scenarios: t.options.map((o) => (o ? figuresJson(o) : null)) })),
    totals: { today: figuresJson(c.totals.baseline), scenarios: c.totals.options.map(figuresJson) },
  };
}

const FIGURE_HEAD = ['Children', 'Case-holding FTE', 'Average caseload per FTE', 'Unallocated children', 'Cases over capacity', 'FTE to max'];

function figureCells(f: ComparedFigures | null): (number | string)[] {
  if (!f) return ['-', '-', '-', '-', '-', '-'];
  return [f.children, f.caseHoldingFte, f.averagePerFte ?? '-', f.unallocated, f.casesOverCapacity, f.fteRequiredToMax];
}

/** Team by team, a row for today and one for each option (the worked example's layout), then the total. */
export function comparisonTable(comparison: ScenarioComparison, labels: readonly string[]): PlainTable {
  const rows: PlainTable['rows'] = [];
  const block = (team: string, today: ComparedFigures | null, options: readonly (ComparedFigures | null)[]) => {
    rows.push([team, 'today', ...figureCells(today)]);
    options.forEach((o, i) => rows.push(['', labels[i] ?? `option ${i + 1}`, ...figureCells(o)]));
  };
  for (const t of comparison.teams) block(`${t.teamId} ${t.name}`, t.baseline, t.options);
  block('Total', comparison.totals.baseline, comparison.totals.options);
  return { head: ['Team', 'Position', ...FIGURE_HEAD], rows };
}

/** Plain text columns: numbers right-aligned, the rest left-aligned, two spaces between. */
export function renderPlainTable(table: PlainTable, indent = ''): string {
  const text = (v: string | number | boolean | null): string => (v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  const cells = [table.head, ...table.rows.map((r) => r.map(text))];
  const numeric = table.head.map((_, i) => table.rows.length > 0 && table.rows.every((r) => typeof r[i] === 'number' || r[i] === '-' || r[i] === '' || /^-?£[\d,.]+$/.test(String(r[i]))));
  const widths = table.head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      `${indent}${r
        .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd()}`,
    )
    .join('\n');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function postsSection(run: PlanningRun): string[] {
  const b = run.postsNeeded.baseline.total;
  const a = run.postsNeeded.scenario.total;
  const lines = ['Posts needed (every team within the standard on its own)'];
  lines.push(
    renderPlainTable(
      {
        head: ['', 'Today', 'With scenario'],
        rows: [
          ['Social worker FTE to reach the maximum', b.fteToMax, a.fteToMax],
          ['Social worker FTE to reach the midpoint', b.fteToMid, a.fteToMid],
          ['Full-time posts to reach the maximum', b.postsToMax, a.postsToMax],
          ['Full-time posts to reach the midpoint', b.postsToMid, a.postsToMid],
          ['Manager posts for spans of control', b.managerPostsNeeded, a.managerPostsNeeded],
        ],
      },
      '  ',
    ),
  );
  const nonZero = (p: PostsNeededTotalsJson | null) => p !== null && (p.fteToMax > 0 || p.fteToMid > 0 || p.managerPostsNeeded > 0);
  const teams = postsByTeam(run).filter((t) => nonZero(t.before) || nonZero(t.after));
  if (teams.length > 0) {
    const cell = (p: PostsNeededTotalsJson | null, pick: (p: PostsNeededTotalsJson) => number) => (p ? pick(p) : '-');
    lines.push('', '  By team:');
    lines.push(
      renderPlainTable(
        {
          head: ['Team', 'FTE to max today', 'with scenario', 'FTE to mid today', 'with scenario', 'Manager posts today', 'with scenario'],
          rows: teams.map((t) => [
            `${t.teamId} ${t.name}`,
            cell(t.before, (p) => p.fteToMax),
            cell(t.after, (p) => p.fteToMax),
            cell(t.before, (p) => p.fteToMid),
            cell(t.after, (p) => p.fteToMid),
            cell(t.before, (p) => p.managerPostsNeeded),
            cell(t.after, (p) => p.managerPostsNeeded),
          ]),
        },
        '  ',
      ),
    );
  } else {
    lines.push('', '  No team needs posts, today or with the scenario.');
  }
  return lines;
}

function costsSection(run: PlanningRun): string[] {
  if (!run.costModel) {
    return [`Costs: LA ${run.laCode} has no cost model, so costs are not shown. Set one with: headroom costs set FILE.json --la ${run.laCode}`];
  }
  const model = `cost model "${run.costModel.name}", version ${run.costModel.version}`;
  const costs = costsJson(run);
  if (!costs) {
    return [`Costs could not be worked out: the ${model} lacks rates the posts need.`, ...run.costErrors.map((e) => `  - ${e.message}`)];
  }
  const avoided = costs.agencySpendAvoided;
  const lines = [`Costs (${model}; in-year to 31 March of ${costs.financialYear})`];
  lines.push(
    renderPlainTable(
      {
        head: ['', 'Amount'],
        rows: [
          ['Establishment today', formatPence(costs.establishment.todayPence)],
          ['Establishment with scenario', formatPence(costs.establishment.scenarioPence)],
          ['Full-year pressure', formatPence(costs.fullYearPressurePence)],
          ['In-year pressure', formatPence(costs.inYearPressurePence)],
          [`One-off payments (${plural(costs.newPermanentPosts, 'new permanent post')})`, formatPence(costs.oneOffPence)],
          [`Agency spend avoided a year (${plural(avoided.conversions, 'post')} made permanent)`, formatPence(avoided.agencyPence)],
          ['Net saving on those posts a year', formatPence(avoided.netSavingPence)],
        ],
      },
      '  ',
    ),
  );
  lines.push('', '  By team:');
  lines.push(
    renderPlainTable(
      {
        head: ['Team', 'Today', 'With scenario', 'Full-year pressure', 'In-year pressure', 'One-off'],
        rows: costs.teams.map((t) => [
          t.teamId === null ? t.name : `${t.teamId} ${t.name}`,
          formatPence(t.todayPence),
          formatPence(t.scenarioPence),
          formatPence(t.fullYearPressurePence),
          formatPence(t.inYearPressurePence),
          formatPence(t.oneOffPence),
        ]),
      },
      '  ',
    ),
  );
  return lines;
}

/** The terminal report of `headroom scenario run`: changes, caseloads, posts needed, costs. */
export function scenarioRunText(run: PlanningRun): string {
  const saved = run.saved ? `version ${run.saved.version}` : 'not saved';
  const before = run.baseline.snapshot.profile;
  const after = run.result.snapshot.profile;
  const lines = [
    `Scenario "${run.scenario.name}" (${saved}) for LA ${run.laCode} at ${run.asOf}, against ${before === after ? before : `${before} today and ${after} with the scenario`}.`,
  ];
  if (run.scenario.description) lines.push(run.scenario.description);
  lines.push('', 'Changes');
  if (run.result.applied.length === 0) lines.push('  (none)');
  run.result.applied.forEach((a, i) => lines.push(`  ${i + 1}. ${a.summary}`));
  lines.push('', 'Caseloads', renderPlainTable(comparisonTable(run.comparison, ['scenario']), '  '));
  lines.push('', ...postsSection(run));
  lines.push('', ...costsSection(run));
  return lines.join('\n');
}

/** The terminal report of `headroom scenario compare`. */
export function scenarioCompareText(compared: PlanningComparison): string {
  const labels = compared.runs.map((_, i) => `option ${i + 1}`);
  const lines = [`Today against ${plural(compared.runs.length, 'saved scenario')} for LA ${compared.laCode} at ${compared.asOf}:`];
  compared.runs.forEach((r, i) => lines.push(`  ${labels[i]}: "${r.scenario.name}"${r.saved ? ` (version ${r.saved.version})` : ''}`));
  lines.push('', renderPlainTable(comparisonTable(compared.comparison, labels), '  '));
  return lines.join('\n');
}

export function scenarioListText(laCode: string, list: readonly ScenarioSummary[]): string {
  if (list.length === 0) return `LA ${laCode} has no saved scenarios. Save one with: headroom scenario save FILE.json --la ${laCode}`;
  return renderPlainTable({
    head: ['Name', 'Version', 'Saved by', 'Saved at', 'Description'],
    rows: list.map((s) => [s.name, s.version, s.savedBy, s.savedAt.slice(0, 16).replace('T', ' '), s.description ?? '']),
  });
}

/** A cost model written back as the JSON `costs set` accepts: defaults shown, nothing null. */
export function costModelJson(model: CostModel): Record<string, unknown> {
  const grade = (g: { grade: string | null; annualSalaryPence: number }) => (g.grade === null ? { annualSalaryPence: g.annualSalaryPence } : { grade: g.grade, annualSalaryPence: g.annualSalaryPence });
  const out: Record<string, unknown> = { name: model.name };
  if (model.laCode !== null) out.laCode = model.laCode;
  out.grades = Object.fromEntries(Object.entries(model.grades).map(([role, g]) => [role, grade(g)]));
  if (model.asyeGrade !== null) out.asyeGrade = grade(model.asyeGrade);
  out.onCostsPercent = model.onCostsPercent;
  if (model.agency !== null) out.agency = model.agency;
  out.recruitment = model.recruitment;
  out.vacancyFactorPercent = model.vacancyFactorPercent;
  return out;
}

export function costModelText(laCode: string, saved: SavedCostModel): string {
  const m = saved.model;
  const lines = [`Cost model "${saved.name}" for LA ${laCode}, version ${saved.version}, saved by ${saved.savedBy} at ${saved.savedAt.slice(0, 16).replace('T', ' ')}.`, '', 'Pay grades (full-time annual salary):'];
  const gradeRows: PlainTable['rows'] = Object.entries(m.grades).map(([role, g]) => [role.replace(/_/g, ' '), g.grade ?? '', formatPence(g.annualSalaryPence)]);
  if (m.asyeGrade) gradeRows.push(['ASYE', m.asyeGrade.grade ?? '', formatPence(m.asyeGrade.annualSalaryPence)]);
  lines.push(renderPlainTable({ head: ['Role', 'Grade', 'Salary'], rows: gradeRows }, '  '));
  lines.push('', `On-costs: ${m.onCostsPercent}% of salary`);
  if (m.agency === null) lines.push('Agency: no rates');
  else if (m.agency.basis === 'premium') lines.push(`Agency: ${m.agency.premiumPercent}% over the permanent cost`);
  else {
    const rates = Object.entries(m.agency.dayRatePence).map(([role, p]) => `${role.replace(/_/g, ' ')} ${formatPence(p)}`);
    lines.push(`Agency day rates (${m.agency.workingDaysPerYear} working days a year): ${rates.length > 0 ? rates.join(', ') : 'none'}`);
  }
  lines.push(`Recruitment: incentive ${formatPence(m.recruitment.incentivePence)}, retention ${formatPence(m.recruitment.retentionPence)} per new permanent post`);
  lines.push(`Vacancy factor: ${m.vacancyFactorPercent}%`);
  return lines.join('\n');
}
