import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { defaultCostModel, formatPence, MAX_OPTIONS, type Scenario } from '../../domain/planning/index.ts';
import type { Team } from '../../domain/workforce/types.ts';
import { AppError, isAppError } from '../../errors.ts';
import { isReportFormat, REPORT_MEDIA_TYPES } from '../../reports/common/report-format.ts';
import type { PlanningRun, SavedScenario } from '../../services/planning.service.ts';
import { canSeeLa } from '../../services/security/roles.ts';
import { ACCESS, exportedBy, principalOf } from '../auth/access.ts';
import { laContext, type LaContext } from '../la.ts';
import { formatNumber } from '../render.ts';
import { roleText } from '../pages/caseload-view.ts';
import { costFieldErrors, costFormFrom, costFormRoles, costModelFromForm, type CostForm } from '../pages/cost-model-form.ts';
import {
  beforeAfterRows,
  changeErrors,
  changeFromForm,
  compareRows,
  costSummary,
  costTeamRows,
  describeChange,
  errorLines,
  errorMap,
  money,
  ROLE_OPTIONS,
  type Cell,
  type FieldError,
} from '../pages/planning-view.ts';

type Body = Record<string, unknown>;

const NAME_MAX = 200;
/** `/planning/scenarios/new` is the form, so no scenario may be called that. */
const RESERVED_NAMES = new Set(['new']);

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function scenarioUrl(laCode: string, name: string, extra = ''): string {
  return `/planning/scenarios/${encodeURIComponent(name)}?la=${laCode}${extra}`;
}

/** The LA a form was posted for: one the user may see, else "not found", as for a council that does not exist. */
async function postedLa(request: FastifyRequest, services: Services): Promise<LaContext & { current: NonNullable<LaContext['current']> }> {
  const code = str((request.body as Body | undefined)?.la);
  const principal = principalOf(request);
  const all = (await services.system.las()).filter((l) => canSeeLa(principal, l.laCode));
  const current = all.find((l) => l.laCode === code);
  if (!current) throw new AppError('not_found', 'There is no such council.');
  return { current, all };
}

async function shownLa(request: FastifyRequest, services: Services): Promise<(LaContext & { current: NonNullable<LaContext['current']> }) | null> {
  const la = await laContext(request, services);
  return la.current ? { current: la.current, all: la.all } : null;
}

function actor(request: FastifyRequest): { actor: string; actorRole: string } {
  const p = principalOf(request);
  return { actor: p.username, actorRole: p.role };
}

function isRejected(err: unknown): err is AppError {
  return isAppError(err) && (err.code === 'input_rejected' || err.code === 'bad_usage');
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

interface ScenarioPageOptions {
  version?: number | undefined;
  errors?: FieldError[];
  /** The change form that was posted, to open it again with its values. */
  form?: { type: string; values: Record<string, string> };
  risksText?: string;
  notice?: string | null;
  status?: number;
}

/**
 * The business case as a web page is standalone, with its own inline styles and no script: it
 * gets that policy and nothing else, while the page saying it cannot be costed keeps the site's.
 */
const REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const FIGURE_HEAD = ['Children', 'Case-holding FTE', 'Average caseload per FTE', 'Unallocated children', 'Cases over capacity', 'FTE to max'];

export function registerPlanningRoutes(app: FastifyInstance, services: Services): void {
  const { planning } = services;

  async function unitsAt(laCode: string, run: PlanningRun | null): Promise<readonly Team[]> {
    if (run) return run.result.inputs.teams;
    return (await services.caseloads.input(laCode, await services.caseloads.defaultDate(laCode))).teams;
  }

  async function renderScenario(reply: FastifyReply, la: LaContext & { current: NonNullable<LaContext['current']> }, name: string, options: ScenarioPageOptions = {}) {
    const laCode = la.current.laCode;
    const versions = await planning.versions(laCode, name);
    const latest = versions[0]!;
    const shown: SavedScenario | undefined = options.version === undefined ? latest : versions.find((v) => v.version === options.version);
    if (!shown) throw new AppError('not_found', `There is no version ${options.version} of the scenario "${name}".`);
    const readOnly = shown.version !== latest.version;
    let run: PlanningRun | null = null;
    let runErrors: FieldError[] = [];
    try {
      run = await planning.runSaved(laCode, name, { version: shown.version });
    } catch (err) {
      if (!isRejected(err)) throw err;
      runErrors = errorLines(err.message).map((text) => ({ href: '#changes', text }));
    }
    const units = await unitsAt(laCode, run);
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
    const redistributionRows: Cell[][] = (run?.redistribution.scenario.teams ?? []).map((t) => [
      { text: t.name },
      num(before.get(t.teamId)?.perFte ?? null, 1),
      num(t.perFte, 1),
      num(t.workersOverMax, 0),
    ]);
    const errors = [...runErrors, ...(options.errors ?? [])];
    return reply.code(options.status ?? 200).view('pages/planning/scenario.njk', {
      pageTitle: `${errors.length > 0 ? 'Error: ' : ''}${name}`,
      la,
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
      errorFor: errorMap(options.errors ?? []),
      form: options.form ?? { type: '', values: {} },
      risksText: options.risksText ?? (shown.risks ?? []).join('\n\n'),
      notice: options.notice ?? null,
      urlName: encodeURIComponent(name),
      businessCaseQuery: `la=${laCode}${readOnly ? `&version=${shown.version}` : ''}`,
    });
  }

  async function renderIndex(reply: FastifyReply, la: LaContext & { current: NonNullable<LaContext['current']> }, errors: FieldError[] = [], chosen: string[] = []) {
    const laCode = la.current.laCode;
    const [scenarios, costModel] = await Promise.all([planning.scenarios(laCode), planning.costModel(laCode)]);
    return reply.code(errors.length > 0 ? 400 : 200).view('pages/planning/index.njk', {
      pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Planning`,
      la,
      laCode,
      scenarios: scenarios.map((s) => ({ ...s, href: scenarioUrl(laCode, s.name), checked: chosen.includes(s.name) })),
      costModel,
      maxOptions: MAX_OPTIONS,
      errors,
    });
  }

  app.get('/planning', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    return renderIndex(reply, la);
  });

  app.get<{ Querystring: { name?: string | string[] } }>('/planning/compare', { config: { access: ACCESS.planning, repeatableQuery: ['name'] } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) throw new AppError('not_found', 'There is no data yet.');
    const raw = request.query.name;
    const names = [...new Set((Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((n) => n.trim()).filter((n) => n !== ''))];
    if (names.length === 0 || names.length > MAX_OPTIONS) {
      const text = names.length === 0 ? 'Select at least one scenario to compare with today' : `Select at most ${MAX_OPTIONS} scenarios to compare`;
      return renderIndex(reply, la, [{ href: '#compare', text }], names);
    }
    const result = await planning.compare(la.current.laCode, names);
    const costs = result.runs.map((r) => ({ name: r.scenario.name, lines: costSummary(r), errors: r.costErrors.map((e) => e.message), hasModel: r.costModel !== null }));
    return reply.view('pages/planning/compare.njk', {
      pageTitle: 'Compare scenarios',
      la,
      laCode: la.current.laCode,
      result,
      names,
      rows: compareRows(result.comparison),
      costs,
      costed: costs.some((c) => c.lines !== null),
      costHead: result.runs.map((r) => r.scenario.name),
      costRows: costComparisonRows(result.runs),
      links: names.map((n) => ({ name: n, href: scenarioUrl(la.current.laCode, n) })),
    });
  });

  app.get('/planning/costs', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const saved = (request.query as Body).saved === '1';
    return renderCosts(reply, la, { notice: saved ? 'The cost model has been saved.' : null });
  });

  async function renderCosts(
    reply: FastifyReply,
    la: LaContext & { current: NonNullable<LaContext['current']> },
    options: { errors?: FieldError[]; values?: CostForm; notice?: string | null } = {},
  ) {
    const laCode = la.current.laCode;
    const model = await planning.costModel(laCode);
    const m = model?.model;
    const gradeRows: Cell[][] = m
      ? Object.entries(m.grades).map(([role, g]) => [{ text: roleText(role) }, { text: g.grade ?? '–' }, money(g.annualSalaryPence)])
      : [];
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
    const errors = options.errors ?? [];
    const values = options.values ?? costFormFrom(m ?? defaultCostModel(laCode, `${la.current.laName ?? `LA ${laCode}`} pay`));
    return reply.code(errors.length > 0 ? 400 : 200).view('pages/planning/costs.njk', {
      pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Cost model`,
      la,
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
      prefilledWithDefaults: m === undefined && options.values === undefined,
      notice: options.notice ?? null,
    });
  }

  app.post('/planning/costs', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await postedLa(request, services);
    const form = costModelFromForm(request.body as Body, la.current.laCode);
    if (form.errors.length > 0) return renderCosts(reply, la, { values: form.values, errors: form.errors });
    const saved = await planning.saveCostModel(la.current.laCode, form.json, actor(request));
    if (!saved.ok) return renderCosts(reply, la, { values: form.values, errors: costFieldErrors(saved.errors) });
    return reply.redirect(`/planning/costs?la=${la.current.laCode}&saved=1`, 303);
  });

  app.get('/planning/scenarios/new', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    return reply.view('pages/planning/new.njk', { pageTitle: 'Create a scenario', la, laCode: la.current.laCode, form: {}, errors: [], errorFor: {} });
  });

  app.post('/planning/scenarios', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await postedLa(request, services);
    const laCode = la.current.laCode;
    const body = request.body as Body;
    const name = str(body.name);
    const description = str(body.description);
    const errors: FieldError[] = [];
    if (name === '') errors.push({ href: '#name', text: 'Enter a name for the scenario' });
    else if (name.length > NAME_MAX) errors.push({ href: '#name', text: `Name must be ${NAME_MAX} characters or fewer` });
    else if (RESERVED_NAMES.has(name.toLowerCase())) errors.push({ href: '#name', text: `Name cannot be "${name}": choose another` });
    else if ((await planning.scenarios(laCode)).some((s) => s.name === name)) errors.push({ href: '#name', text: `There is already a scenario called "${name}": choose another name, or open it from the list` });
    const date = dateFromParts(body, 'asOf');
    if (date.error) errors.push({ href: '#asOf-day', text: date.error });
    const form = { name, description, 'asOf-day': str(body['asOf-day']), 'asOf-month': str(body['asOf-month']), 'asOf-year': str(body['asOf-year']) };
    const render = (errs: FieldError[]) => reply.code(400).view('pages/planning/new.njk', { pageTitle: 'Error: Create a scenario', la, laCode, form, errors: errs, errorFor: errorMap(errs) });
    if (errors.length > 0) return render(errors);
    const scenario: Scenario = { name, changes: [], ...(description !== '' ? { description } : {}), ...(date.date ? { asOf: date.date } : {}) };
    try {
      await planning.saveScenario(laCode, scenario, actor(request));
    } catch (err) {
      if (isRejected(err)) return render(errorLines(err.message).map((text) => ({ href: text.startsWith('asOf') ? '#asOf-day' : '#name', text })));
      throw err;
    }
    return reply.redirect(scenarioUrl(laCode, name, '&saved=created'), 303);
  });

  app.get<{ Params: { name: string }; Querystring: { version?: string; saved?: string } }>('/planning/scenarios/:name', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) throw new AppError('not_found', 'There is no data yet.');
    const version = versionOf(request.query.version);
    const notices: Record<string, string> = {
      created: 'The scenario has been created. Add the changes it makes below.',
      change: 'The change has been added and saved as a new version.',
      removed: 'The change has been removed and the scenario saved as a new version.',
      risks: 'The risks of not investing have been saved.',
      unchanged: 'Nothing had changed, so no new version was saved.',
    };
    return renderScenario(reply, la, request.params.name, { version, notice: notices[request.query.saved ?? ''] ?? null });
  });

  /** Saves the latest version with changes edited by `edit`; a rejection shows the page again with the errors and saves nothing. */
  async function saveEdited(
    request: FastifyRequest<{ Params: { name: string } }>,
    reply: FastifyReply,
    /** The edited scenario as JSON: the service validates it (a change from a form may be anything). */
    edit: (latest: SavedScenario) => { scenario: unknown; risks?: string[] },
    onRejected: (lines: string[], latest: SavedScenario) => ScenarioPageOptions,
    notice: string,
  ) {
    const la = await postedLa(request, services);
    const laCode = la.current.laCode;
    const name = request.params.name;
    const latest = await planning.scenario(laCode, name);
    const body = request.body as Body;
    // A form from an older page would silently drop or shift changes saved since: refuse it.
    const from = versionOf(str(body.version));
    if (from !== undefined && from !== latest.version) {
      return renderScenario(reply, la, name, { status: 409, errors: [{ href: '#changes', text: `The scenario was saved again (version ${latest.version}) after you opened it (version ${from}). Check the changes below and try again.` }] });
    }
    const edited = edit(latest);
    try {
      const result = await planning.saveScenario(laCode, edited.scenario, actor(request), edited.risks === undefined ? {} : { risks: edited.risks });
      return reply.redirect(scenarioUrl(laCode, name, `&saved=${result.unchanged ? 'unchanged' : notice}`), 303);
    } catch (err) {
      if (!isRejected(err)) throw err;
      return renderScenario(reply, la, name, { status: 400, ...onRejected(errorLines(err.message), latest) });
    }
  }

  app.post<{ Params: { name: string } }>('/planning/scenarios/:name/changes', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const { type, change, values } = changeFromForm(request.body as Body);
    let index = 0;
    return saveEdited(
      request,
      reply,
      (latest) => {
        index = latest.scenario.changes.length;
        return { scenario: { ...latest.scenario, changes: [...latest.scenario.changes, change] } };
      },
      (lines) => ({ errors: changeErrors(lines, index, type), form: { type, values } }),
      'change',
    );
  });

  app.post<{ Params: { name: string; index: string } }>('/planning/scenarios/:name/changes/:index/remove', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const index = Number(request.params.index);
    return saveEdited(
      request,
      reply,
      (latest) => {
        if (!Number.isInteger(index) || index < 0 || index >= latest.scenario.changes.length) throw new AppError('not_found', `The scenario has no change numbered ${request.params.index}.`);
        return { scenario: { ...latest.scenario, changes: latest.scenario.changes.filter((_, i) => i !== index) } };
      },
      (lines) => ({ errors: lines.map((text) => ({ href: '#changes', text: `Change ${index + 1} cannot be removed on its own: ${text}` })) }),
      'removed',
    );
  });

  app.post<{ Params: { name: string } }>('/planning/scenarios/:name/risks', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const text = typeof (request.body as Body).risks === 'string' ? ((request.body as Body).risks as string).replace(/\r\n?/g, '\n') : '';
    const risks = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
    return saveEdited(
      request,
      reply,
      (latest) => ({ scenario: latest.scenario, risks }),
      (lines) => ({ errors: lines.map((t) => ({ href: '#risks', text: t })), risksText: text }),
      'risks',
    );
  });

  app.get<{ Params: { name: string }; Querystring: { format?: string; version?: string } }>(
    '/planning/scenarios/:name/business-case',
    { config: { access: ACCESS.planning } },
    async (request, reply) => {
      const la = await shownLa(request, services);
      if (!la) throw new AppError('not_found', 'There is no data yet.');
      const laCode = la.current.laCode;
      const name = request.params.name;
      const format = request.query.format;
      if (!isReportFormat(format)) throw new AppError('bad_usage', 'Choose the business case as Word (docx), Excel (xlsx) or a web page (html).');
      const version = versionOf(request.query.version);
      const saved = await planning.scenario(laCode, name, version);
      const unavailable = (lines: string[]) =>
        reply.code(409).view('pages/planning/no-business-case.njk', { pageTitle: 'The business case cannot be costed', la, laCode, name, href: scenarioUrl(laCode, name), lines, hasModel: lines.length > 0 });
      if ((await planning.costModel(laCode)) === null) return unavailable([]);
      let bytes;
      try {
        ({ bytes } = await services.exports.businessCase(exportedBy(request, 'business-case'), { laCode, scenario: name, version, format }));
      } catch (err) {
        if (!isRejected(err)) throw err;
        return unavailable(errorLines(err.message));
      }
      const file = `business-case-${laCode}-${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'scenario'}-v${saved.version}.${format}`;
      reply.type(REPORT_MEDIA_TYPES[format]);
      if (format === 'html') reply.header('content-security-policy', REPORT_POLICY);
      else reply.header('content-disposition', `attachment; filename="${file}"`);
      return reply.send(bytes);
    },
  );
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

function versionOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new AppError('not_found', `There is no version "${raw}".`);
  return n;
}

/** One row per cost figure, one column per costed option. */
function costComparisonRows(runs: readonly PlanningRun[]): Cell[][] {
  const summaries = runs.map((r) => costSummary(r));
  const first = summaries.find((s) => s !== null);
  if (!first) return [];
  return first.map((line, i) => [{ text: line.label.replace(/ \(.*\)$/, '') }, ...summaries.map((s): Cell => ({ text: s?.[i]?.value ?? 'Not costed', format: 'numeric' }))]);
}
