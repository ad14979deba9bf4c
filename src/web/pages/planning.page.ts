import type { Services } from '../../app.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { defaultCostModel, formatPence, MAX_OPTIONS, type Scenario } from '../../domain/planning/index.ts';
import type { Team } from '../../domain/workforce/types.ts';
import { AppError, isAppError } from '../../errors.ts';
import type { ReportFormat } from '../../reports/common/report-format.ts';
import type { ExportedBy } from '../../services/export.service.ts';
import type { PlanningRun, SavedScenario } from '../../services/planning.service.ts';
import type { Principal } from '../../domain/access/roles.ts';
import { formatNumber } from '../render.ts';
import { roleText } from './caseload-view.ts';
import { costFormFrom, costFormRoles, type CostForm } from './cost-model-form.ts';
import { beforeAfterRows, compareRows, costSummary, costTeamRows, describeChange, errorMap, issuesOf, money, ROLE_OPTIONS, type Cell, type FieldError } from './planning-view.ts';

type Body = Record<string, unknown>;

const NAME_MAX = 200;
/** `/planning/scenarios/new` is the form, so no scenario may be called that. */
const RESERVED_NAMES = new Set(['new']);

const FIGURE_HEAD = ['Children', 'Case-holding FTE', 'Average caseload per FTE', 'Unallocated children', 'Cases over capacity', 'FTE to max'];

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export function scenarioUrl(laCode: string, name: string, extra = ''): string {
  return `/planning/scenarios/${encodeURIComponent(name)}?la=${laCode}${extra}`;
}

/** A refusal the page shows with the form again, rather than an error page. */
export function isRejected(err: unknown): err is AppError {
  return isAppError(err) && (err.code === 'input_rejected' || err.code === 'bad_usage');
}

/** The planning index: saved scenarios (those chosen to compare ticked) and the cost model. */
export async function planningIndexPage(services: Services, _principal: Principal, q: { laCode: string; errors?: FieldError[]; chosen?: string[] }) {
  const { laCode } = q;
  const errors = q.errors ?? [];
  const [scenarios, costModel] = await Promise.all([services.planning.scenarios(laCode), services.planning.costModel(laCode)]);
  return {
    pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Planning`,
    laCode,
    scenarios: scenarios.map((s) => ({ ...s, href: scenarioUrl(laCode, s.name), checked: (q.chosen ?? []).includes(s.name) })),
    costModel,
    maxOptions: MAX_OPTIONS,
    errors,
  };
}

/** The scenarios to compare, or the reason they cannot be compared (none chosen, or too many). */
export function compareChoice(raw: string | string[] | undefined): { names: string[]; error: FieldError | null } {
  const names = [...new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((n) => n.trim()).filter((n) => n !== ''))];
  if (names.length === 0) return { names, error: { href: '#compare', text: 'Select at least one scenario to compare with today' } };
  if (names.length > MAX_OPTIONS) return { names, error: { href: '#compare', text: `Select at most ${MAX_OPTIONS} scenarios to compare` } };
  return { names, error: null };
}

/** Scenarios side by side with today: figures and costs. */
export async function comparePage(services: Services, _principal: Principal, q: { laCode: string; names: string[] }) {
  const { laCode, names } = q;
  const result = await services.planning.compare(laCode, names);
  const costs = result.runs.map((r) => ({ name: r.scenario.name, lines: costSummary(r), errors: r.costErrors.map((e) => e.message), hasModel: r.costModel !== null }));
  return {
    pageTitle: 'Compare scenarios',
    laCode,
    result,
    names,
    rows: compareRows(result.comparison),
    costs,
    costed: costs.some((c) => c.lines !== null),
    costHead: result.runs.map((r) => r.scenario.name),
    costRows: costComparisonRows(result.runs),
    links: names.map((n) => ({ name: n, href: scenarioUrl(laCode, n) })),
  };
}

/** The cost model: the saved one in tables, and the form to change it (prefilled with defaults when there is none). */
export async function costsPage(services: Services, _principal: Principal, q: { laCode: string; laName: string | null; errors?: FieldError[]; values?: CostForm; notice?: string | null }) {
  const { laCode } = q;
  const model = await services.planning.costModel(laCode);
  const m = model?.model;
  const gradeRows: Cell[][] = m ? Object.entries(m.grades).map(([role, g]) => [{ text: roleText(role) }, { text: g.grade ?? '–' }, money(g.annualSalaryPence)]) : [];
  if (m?.asyeGrade) gradeRows.push([{ text: 'Social worker in their ASYE' }, { text: m.asyeGrade.grade ?? '–' }, money(m.asyeGrade.annualSalaryPence)]);
  const agency =
    m?.agency === null || m?.agency === undefined
      ? null
      : m.agency.basis === 'premium'
        ? { basis: `A premium of ${percent(m.agency.premiumPercent)} over the permanent cost`, rows: [] as Cell[][] }
        : {
            basis: `Day rates, for ${m.agency.workingDaysPerYear} working days a year (all-in: no on-costs)`,
            rows: Object.entries(m.agency.dayRatePence).map(([role, pence]) => [{ text: roleText(role) }, money(pence)]),
          };
  const errors = q.errors ?? [];
  const values = q.values ?? costFormFrom(m ?? defaultCostModel(laCode, `${q.laName ?? `LA ${laCode}`} pay`));
  return {
    pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Cost model`,
    laCode,
    model,
    gradeRows,
    onCosts: m ? percent(m.onCostsPercent) : null,
    vacancyFactor: m ? percent(m.vacancyFactorPercent) : null,
    agency,
    incentive: m ? formatPence(m.recruitment.incentivePence) : null,
    retention: m ? formatPence(m.recruitment.retentionPence) : null,
    errors,
    errorFor: errorMap(errors),
    values,
    roleFields: costFormRoles(values),
    prefilledWithDefaults: m === undefined && q.values === undefined,
    notice: q.notice ?? null,
  };
}

/** The new-scenario form as posted: the scenario to save, or the errors to show with the form again. */
export async function newScenarioForm(services: Services, laCode: string, body: Body): Promise<{ scenario: Scenario | null; errors: FieldError[]; form: Record<string, string> }> {
  const name = str(body.name);
  const description = str(body.description);
  const errors: FieldError[] = [];
  if (name === '') errors.push({ href: '#name', text: 'Enter a name for the scenario' });
  else if (name.length > NAME_MAX) errors.push({ href: '#name', text: `Name must be ${NAME_MAX} characters or fewer` });
  else if (RESERVED_NAMES.has(name.toLowerCase())) errors.push({ href: '#name', text: `Name cannot be "${name}": choose another` });
  else if ((await services.planning.scenarios(laCode)).some((s) => s.name === name)) errors.push({ href: '#name', text: `There is already a scenario called "${name}": choose another name, or open it from the list` });
  const date = dateFromParts(body, 'asOf');
  if (date.error) errors.push({ href: '#asOf-day', text: date.error });
  const form = { name, description, 'asOf-day': str(body['asOf-day']), 'asOf-month': str(body['asOf-month']), 'asOf-year': str(body['asOf-year']) };
  if (errors.length > 0) return { scenario: null, errors, form };
  return { scenario: { name, changes: [], ...(description !== '' ? { description } : {}), ...(date.date ? { asOf: date.date } : {}) }, errors, form };
}

/** The new-scenario form page, blank or with the errors of a posted one. */
export function newScenarioPage(laCode: string, form: Record<string, string> = {}, errors: FieldError[] = []) {
  return { pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Create a scenario`, laCode, form, errors, errorFor: errorMap(errors) };
}

/** Date from the GOV.UK date input: null when left blank, an error message when not a real date. */
function dateFromParts(body: Body, prefix: string): { date: string | null; error: string | null } {
  const d = str(body[`${prefix}-day`]);
  const m = str(body[`${prefix}-month`]);
  const y = str(body[`${prefix}-year`]);
  if (d === '' && m === '' && y === '') return { date: null, error: null };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { date: null, error: 'Date must be a real date, with a day, month and 4-digit year' };
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isIsoDate(date) ? { date, error: null } : { date: null, error: 'Date must be a real date' };
}

export interface ScenarioPageOptions {
  version?: number | undefined;
  errors?: FieldError[];
  /** The change form that was posted, to open it again with its values. */
  form?: { type: string; values: Record<string, string> };
  risksText?: string;
  notice?: string | null;
}

/** A saved scenario (the latest version, or an older one read-only): its changes, effect, posts, redistribution and costs. */
export async function scenarioPage(services: Services, _principal: Principal, q: { laCode: string; name: string } & ScenarioPageOptions) {
  const { planning } = services;
  const { laCode, name } = q;
  const versions = await planning.versions(laCode, name);
  const latest = versions[0]!;
  const shown: SavedScenario | undefined = q.version === undefined ? latest : versions.find((v) => v.version === q.version);
  if (!shown) throw new AppError('not_found', `There is no version ${q.version} of the scenario "${name}".`);
  const readOnly = shown.version !== latest.version;
  let run: PlanningRun | null = null;
  let runErrors: FieldError[] = [];
  try {
    run = await planning.runSaved(laCode, name, { version: shown.version });
  } catch (err) {
    if (!isRejected(err)) throw err;
    runErrors = issuesOf(err).map((i) => ({ href: '#changes', text: i.message }));
  }
  const units = run ? run.result.inputs.teams : (await services.caseloads.input(laCode, await services.caseloads.defaultDate(laCode))).teams;
  const teams = unitOptions(units.filter((t) => t.kind === 'team'));
  const parents = unitOptions(units.filter((t) => t.kind !== 'team'));
  const applied = run?.result.applied ?? [];
  const changes = shown.scenario.changes.map((c, i) => ({ index: i, text: withTeamNames(applied[i]?.summary ?? describeChange(c), units) }));
  const posts = run?.postsNeeded.scenario;
  const postRows: Cell[][] = posts
    ? [
        ...posts.teams.map((t) => [{ text: t.name }, num(t.fteToMax, 1), num(t.postsToMax, 0), num(t.fteToMid, 1), num(t.postsToMid, 0), num(t.managerPostsNeeded, 0)]),
        [{ html: '<strong>Total</strong>' }, num(posts.total.fteToMax, 1), num(posts.total.postsToMax, 0), num(posts.total.fteToMid, 1), num(posts.total.postsToMid, 0), num(posts.total.managerPostsNeeded, 0)],
      ]
    : [];
  const before = new Map((run?.redistribution.baseline.teams ?? []).map((t) => [t.teamId, t]));
  const redistributionRows: Cell[][] = (run?.redistribution.scenario.teams ?? []).map((t) => [{ text: t.name }, num(before.get(t.teamId)?.perFte ?? null, 1), num(t.perFte, 1), num(t.workersOverMax, 0)]);
  const errors = [...runErrors, ...(q.errors ?? [])];
  return {
    pageTitle: `${errors.length > 0 ? 'Error: ' : ''}${name}`,
    laCode,
    saved: shown,
    latestVersion: latest.version,
    readOnly,
    versions,
    run,
    changes,
    beforeAfterHead: FIGURE_HEAD,
    beforeAfterRows: run ? beforeAfterRows(run.comparison) : [],
    postRows,
    redistributionRows,
    costs: run ? costSummary(run) : null,
    costTeamRows: run ? costTeamRows(run) : [],
    costErrors: run?.costErrors.map((e) => e.message) ?? [],
    teams,
    parents,
    roles: ROLE_OPTIONS,
    profiles: services.standards.presets().map((p) => ({ value: p.name, text: p.label })),
    errors,
    errorFor: errorMap(q.errors ?? []),
    form: q.form ?? { type: '', values: {} },
    risksText: q.risksText ?? (shown.risks ?? []).join('\n\n'),
    notice: q.notice ?? null,
    urlName: encodeURIComponent(name),
    businessCaseQuery: `la=${laCode}${readOnly ? `&version=${shown.version}` : ''}`,
  };
}

/**
 * A scenario's business case as a file, or why it cannot be costed (no cost model: no lines;
 * else the service's reasons).
 */
export async function businessCaseFile(
  services: Services,
  by: ExportedBy,
  q: { laCode: string; name: string; version?: number | undefined; format: ReportFormat },
): Promise<{ bytes: Buffer; fileName: string } | { unavailable: { name: string; href: string; lines: string[]; hasModel: boolean } }> {
  const { laCode, name } = q;
  await services.planning.scenario(laCode, name, q.version);
  const unavailable = (lines: string[]) => ({ unavailable: { name, href: scenarioUrl(laCode, name), lines, hasModel: lines.length > 0 } });
  if ((await services.planning.costModel(laCode)) === null) return unavailable([]);
  try {
    const { bytes, report } = await services.exports.businessCase(by, { laCode, scenario: name, version: q.version, format: q.format });
    const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'scenario';
    return { bytes, fileName: `business-case-${laCode}-${slug}-v${report.scenario.version}.${q.format}` };
  } catch (err) {
    if (!isRejected(err)) throw err;
    return unavailable(issuesOf(err).map((i) => i.message));
  }
}

/** Units by name; the id is added only where two share a name. */
function unitOptions(units: readonly Team[]): { value: string; text: string }[] {
  const count = new Map<string, number>();
  for (const u of units) count.set(u.name, (count.get(u.name) ?? 0) + 1);
  return units.map((u) => ({ value: u.teamId, text: (count.get(u.name) ?? 0) > 1 ? `${u.name} (${u.teamId})` : u.name }));
}

/** A change's summary with the units it names by id ("to team T-ASS3") named as people know them ("to Assessment Team 3"). */
function withTeamNames(summary: string, units: readonly Team[]): string {
  let out = summary;
  for (const u of [...units].sort((a, b) => b.teamId.length - a.teamId.length)) {
    const id = u.teamId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`\\b(team|under) ${id}(?![\\w-])`, 'g'), (_m, word: string) => (word === 'under' ? `under ${u.name}` : u.name));
  }
  return out;
}

function num(value: number | null | undefined, digits?: number): Cell {
  return { text: formatNumber(value, digits), format: 'numeric' };
}

/** Cost model percentages are read to two decimal places; shown without trailing zeros. */
function percent(value: number): string {
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
}

/** One row per cost figure, one column per costed option. */
function costComparisonRows(runs: readonly PlanningRun[]): Cell[][] {
  const summaries = runs.map((r) => costSummary(r));
  const first = summaries.find((s) => s !== null);
  if (!first) return [];
  return first.map((line, i) => [{ text: line.label.replace(/ \(.*\)$/, '') }, ...summaries.map((s): Cell => ({ text: s?.[i]?.value ?? 'Not costed', format: 'numeric' }))]);
}
