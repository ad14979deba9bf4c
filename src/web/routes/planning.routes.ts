import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { REPORT_FORMATS, REPORT_MEDIA_TYPES } from '../../reports/common/report-format.ts';
import type { SavedScenario } from '../../services/planning.service.ts';
import { canSeeLa } from '../../domain/access/roles.ts';
import { ACCESS, exportedBy, principalOf } from '../auth/access.ts';
import { laContext, type LaContext } from '../la.ts';
import { costFieldErrors, costModelFromForm, type CostForm } from '../pages/cost-model-form.ts';
import {
  businessCaseFile,
  compareChoice,
  comparePage,
  costsPage,
  isRejected,
  newScenarioForm,
  newScenarioPage,
  planningIndexPage,
  scenarioPage,
  scenarioUrl,
  type ScenarioPageOptions,
} from '../pages/planning.page.ts';
import { changeErrors, changeFromForm, issuesOf, type FieldError } from '../pages/planning-view.ts';
import type { Issue } from '../../domain/issue.ts';

type Body = Record<string, unknown>;
type ShownLa = LaContext & { current: NonNullable<LaContext['current']> };

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** A scenario version as the query or a form gives it; any other text is "not found", as for a version that does not exist. */
const Version = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) {
      ctx.addIssue({ code: 'custom', message: `There is no version "${raw}".` });
      return z.NEVER;
    }
    return n;
  });

const ScenarioQuery = z.object({ version: Version, saved: z.string().optional() });
const BusinessCaseQuery = z.object({
  format: z.enum(REPORT_FORMATS, { error: 'Choose the business case as Word (docx), Excel (xlsx) or a web page (html).' }),
  version: Version,
});

function versionOf(raw: unknown): number | undefined {
  const parsed = Version.safeParse(typeof raw === 'string' ? raw : undefined);
  if (!parsed.success) throw new AppError('not_found', parsed.error.issues[0]?.message ?? 'There is no such version.');
  return parsed.data;
}

/** The LA a form was posted for: one the user may see, else "not found", as for a council that does not exist. */
async function postedLa(request: FastifyRequest, services: Services): Promise<ShownLa> {
  const code = str((request.body as Body | undefined)?.la);
  const principal = principalOf(request);
  const all = (await services.system.las()).filter((l) => canSeeLa(principal, l.laCode));
  const current = all.find((l) => l.laCode === code);
  if (!current) throw new AppError('not_found', 'There is no such council.');
  return { current, all };
}

async function shownLa(request: FastifyRequest, services: Services): Promise<ShownLa | null> {
  const la = await laContext(request, services);
  return la.current ? { current: la.current, all: la.all } : null;
}

function actor(request: FastifyRequest): { actor: string; actorRole: string } {
  const p = principalOf(request);
  return { actor: p.username, actorRole: p.role };
}

/**
 * The business case as a web page is standalone, with its own inline styles and no script: it
 * gets that policy and nothing else, while the page saying it cannot be costed keeps the site's.
 */
const REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const NOTICES: Record<string, string> = {
  created: 'The scenario has been created. Add the changes it makes below.',
  change: 'The change has been added and saved as a new version.',
  removed: 'The change has been removed and the scenario saved as a new version.',
  risks: 'The risks of not investing have been saved.',
  unchanged: 'Nothing had changed, so no new version was saved.',
};

export function registerPlanningRoutes(app: FastifyInstance, services: Services): void {
  const { planning } = services;

  async function renderScenario(request: FastifyRequest, reply: FastifyReply, la: ShownLa, name: string, options: ScenarioPageOptions & { status?: number } = {}) {
    const { status, ...rest } = options;
    const model = await scenarioPage(services, principalOf(request), { laCode: la.current.laCode, name, ...rest });
    return reply.code(status ?? 200).view('pages/planning/scenario.njk', { la, ...model });
  }

  async function renderIndex(request: FastifyRequest, reply: FastifyReply, la: ShownLa, errors: FieldError[] = [], chosen: string[] = []) {
    const model = await planningIndexPage(services, principalOf(request), { laCode: la.current.laCode, errors, chosen });
    return reply.code(errors.length > 0 ? 400 : 200).view('pages/planning/index.njk', { la, ...model });
  }

  async function renderCosts(request: FastifyRequest, reply: FastifyReply, la: ShownLa, options: { errors?: FieldError[]; values?: CostForm; notice?: string | null } = {}) {
    const model = await costsPage(services, principalOf(request), { laCode: la.current.laCode, laName: la.current.laName, ...options });
    return reply.code(model.errors.length > 0 ? 400 : 200).view('pages/planning/costs.njk', { la, ...model });
  }

  app.get('/planning', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    return renderIndex(request, reply, la);
  });

  app.get<{ Querystring: { name?: string | string[] } }>('/planning/compare', { config: { access: ACCESS.planning, repeatableQuery: ['name'] } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) throw new AppError('not_found', 'There is no data yet.');
    const { names, error } = compareChoice(request.query.name);
    if (error) return renderIndex(request, reply, la, [error], names);
    return reply.view('pages/planning/compare.njk', { la, ...(await comparePage(services, principalOf(request), { laCode: la.current.laCode, names })) });
  });

  app.get('/planning/costs', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const saved = (request.query as Body).saved === '1';
    return renderCosts(request, reply, la, { notice: saved ? 'The cost model has been saved.' : null });
  });

  app.post('/planning/costs', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await postedLa(request, services);
    const form = costModelFromForm(request.body as Body, la.current.laCode);
    if (form.errors.length > 0) return renderCosts(request, reply, la, { values: form.values, errors: form.errors });
    const saved = await planning.saveCostModel(la.current.laCode, form.json, actor(request));
    if (!saved.ok) return renderCosts(request, reply, la, { values: form.values, errors: costFieldErrors(saved.errors) });
    return reply.redirect(`/planning/costs?la=${la.current.laCode}&saved=1`, 303);
  });

  app.get('/planning/scenarios/new', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    return reply.view('pages/planning/new.njk', { la, ...newScenarioPage(la.current.laCode) });
  });

  app.post('/planning/scenarios', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await postedLa(request, services);
    const laCode = la.current.laCode;
    const { scenario, errors, form } = await newScenarioForm(services, laCode, request.body as Body);
    const render = (errs: FieldError[]) => reply.code(400).view('pages/planning/new.njk', { la, ...newScenarioPage(laCode, form, errs) });
    if (!scenario) return render(errors);
    try {
      await planning.saveScenario(laCode, scenario, actor(request));
    } catch (err) {
      if (isRejected(err)) return render(issuesOf(err).map((i) => ({ href: i.path.startsWith('asOf') ? '#asOf-day' : '#name', text: i.message })));
      throw err;
    }
    return reply.redirect(scenarioUrl(laCode, scenario.name, '&saved=created'), 303);
  });

  app.get<{ Params: { name: string } }>('/planning/scenarios/:name', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) throw new AppError('not_found', 'There is no data yet.');
    const parsed = ScenarioQuery.safeParse(request.query);
    if (!parsed.success) throw new AppError('not_found', parsed.error.issues[0]?.message ?? 'There is no such version.');
    return renderScenario(request, reply, la, request.params.name, { version: parsed.data.version, notice: NOTICES[parsed.data.saved ?? ''] ?? null });
  });

  /** Saves the latest version with changes edited by `edit`; a rejection shows the page again with the errors and saves nothing. */
  async function saveEdited(
    request: FastifyRequest<{ Params: { name: string } }>,
    reply: FastifyReply,
    /** The edited scenario as JSON: the service validates it (a change from a form may be anything). */
    edit: (latest: SavedScenario) => { scenario: unknown; risks?: string[] },
    onRejected: (issues: readonly Issue[], latest: SavedScenario) => ScenarioPageOptions,
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
      return renderScenario(request, reply, la, name, { status: 409, errors: [{ href: '#changes', text: `The scenario was saved again (version ${latest.version}) after you opened it (version ${from}). Check the changes below and try again.` }] });
    }
    const edited = edit(latest);
    try {
      const result = await planning.saveScenario(laCode, edited.scenario, actor(request), edited.risks === undefined ? {} : { risks: edited.risks });
      return reply.redirect(scenarioUrl(laCode, name, `&saved=${result.unchanged ? 'unchanged' : notice}`), 303);
    } catch (err) {
      if (!isRejected(err)) throw err;
      return renderScenario(request, reply, la, name, { status: 400, ...onRejected(issuesOf(err), latest) });
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
      (issues) => ({ errors: changeErrors(issues, index, type), form: { type, values } }),
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
      (issues) => ({ errors: issues.map((i) => ({ href: '#changes', text: `Change ${index + 1} cannot be removed on its own: ${i.message}` })) }),
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
      (issues) => ({ errors: issues.map((i) => ({ href: '#risks', text: i.message })), risksText: text }),
      'risks',
    );
  });

  app.get<{ Params: { name: string } }>('/planning/scenarios/:name/business-case', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const la = await shownLa(request, services);
    if (!la) throw new AppError('not_found', 'There is no data yet.');
    const laCode = la.current.laCode;
    const parsed = BusinessCaseQuery.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(issue?.path[0] === 'version' ? 'not_found' : 'bad_usage', issue?.message ?? 'The request is not valid.');
    }
    const { format, version } = parsed.data;
    const file = await businessCaseFile(services, exportedBy(request, 'business-case'), { laCode, name: request.params.name, version, format });
    if ('unavailable' in file) return reply.code(409).view('pages/planning/no-business-case.njk', { pageTitle: 'The business case cannot be costed', la, laCode, ...file.unavailable });
    reply.type(REPORT_MEDIA_TYPES[format]);
    if (format === 'html') reply.header('content-security-policy', REPORT_POLICY);
    else reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
    return reply.send(file.bytes);
  });
}
