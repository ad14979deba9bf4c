import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { ACTION_STATUSES } from '../../domain/improvement/rag.ts';
import { AppError } from '../../errors.ts';
import { REPORT_MEDIA_TYPES } from '../../reports/common/report-format.ts';
import { canSeeLa } from '../../domain/access/roles.ts';
import { ACCESS, exportedBy, noChildLevelData, principalOf } from '../auth/access.ts';
import { laContext } from '../la.ts';
import { actionPage, auditsPage, canEditAction, planPage, risksPage } from '../pages/improvement.page.ts';

/** Reading the plan and the register: every role. Changing them: admins, analysts and senior managers (who may change only the actions they lead). */
const EDIT = { roles: ['admin', 'analyst', 'senior_manager'] } as const;

const PlanQuery = z.object({
  la: z.string().optional(),
  area: z.string().max(300).optional(),
  rag: z.enum(['red', 'amber', 'green', 'no_data', 'not_rated', '']).optional(),
  lead: z.string().max(300).optional(),
  asOf: z.string().refine(isIsoDate).optional(),
});
const ReportQuery = z.object({ la: z.string().optional(), format: z.enum(['docx', 'xlsx', 'html'], { error: 'Choose the report as Word (docx), Excel (xlsx) or a printable page (html).' }) });
const UpdateForm = z.object({ la: z.string(), text: z.string().trim().min(1, 'Enter the update').max(4000, 'The update must be 4,000 characters or fewer') });
const StatusForm = z.object({ la: z.string(), status: z.enum(ACTION_STATUSES, { error: 'Choose a status' }) });

const REPORT_CSP = {
  enableCSPNonces: false,
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ['data:'], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
};

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('bad_usage', r.error.issues[0]?.message ?? 'The request is not valid.');
  return r.data;
}

async function postedLa(request: FastifyRequest, services: Services, code: string): Promise<string> {
  const principal = principalOf(request);
  if (!canSeeLa(principal, code) || !(await services.system.laCodes()).includes(code)) throw new AppError('not_found', 'There is no such council.');
  return code;
}

export function registerImprovementRoutes(app: FastifyInstance, services: Services): void {
  app.get('/improvement', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const query = parse(PlanQuery, request.query);
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const laCode = la.current.laCode;
    const page = await planPage(services, laCode, { area: query.area || undefined, rag: query.rag || undefined, lead: query.lead || undefined, asOf: query.asOf });
    return reply.view('pages/improvement/plan.njk', { pageTitle: 'Improvement plan', la, laCode, page });
  });

  app.get('/improvement/report', { config: { access: ACCESS.exports }, helmet: REPORT_CSP }, async (request, reply) => {
    const query = parse(ReportQuery, request.query);
    const la = await laContext(request, services);
    if (!la.current) throw new AppError('not_found', 'There is no data yet.');
    const { report, bytes } = await services.exports.improvementPlan(exportedBy(request, 'improvement-plan'), { laCode: la.current.laCode, format: query.format });
    reply.type(REPORT_MEDIA_TYPES[query.format]);
    if (query.format !== 'html') reply.header('content-disposition', `attachment; filename="improvement-plan-${la.current.laCode}-${report.asOf}.${query.format}"`);
    return reply.send(bytes);
  });

  app.get<{ Params: { ref: string } }>('/improvement/actions/:ref', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const page = await actionPage(services, principalOf(request), la.current.laCode, request.params.ref);
    return reply.view('pages/improvement/action.njk', { pageTitle: `Action ${page.action.ref}`, la, laCode: la.current.laCode, page, saved: (request.query as Record<string, unknown>).saved === '1' });
  });

  const editable = async (request: FastifyRequest, laCode: string, ref: string) => {
    const action = (await services.improvement.plan(laCode)).actions.find((a) => a.ref === ref);
    if (!action) throw new AppError('not_found', `There is no action ${ref}.`);
    if (!canEditAction(principalOf(request), action.lead)) throw new AppError('forbidden', `You do not have access to change action ${ref}: only its lead, an analyst or an administrator can.`);
  };

  app.post<{ Params: { ref: string } }>('/improvement/actions/:ref/updates', { config: { access: EDIT } }, async (request, reply) => {
    const form = parse(UpdateForm, request.body);
    const laCode = await postedLa(request, services, form.la);
    await editable(request, laCode, request.params.ref);
    const p = principalOf(request);
    await services.improvement.addUpdate(laCode, request.params.ref, form.text, { actor: p.username, actorRole: p.role, route: request.routeOptions.url ?? null, author: p.username });
    return reply.redirect(`/improvement/actions/${encodeURIComponent(request.params.ref)}?la=${laCode}&saved=1`, 303);
  });

  app.post<{ Params: { ref: string } }>('/improvement/actions/:ref/status', { config: { access: EDIT } }, async (request, reply) => {
    const form = parse(StatusForm, request.body);
    const laCode = await postedLa(request, services, form.la);
    await editable(request, laCode, request.params.ref);
    const p = principalOf(request);
    await services.improvement.setStatus(laCode, request.params.ref, form.status, { actor: p.username, actorRole: p.role, route: request.routeOptions.url ?? null });
    return reply.redirect(`/improvement/actions/${encodeURIComponent(request.params.ref)}?la=${laCode}&saved=1`, 303);
  });

  app.get('/improvement/audits', { config: { access: ACCESS.teamPage } }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const page = await auditsPage(services, principalOf(request), la.current.laCode);
    if (page.cases === null) noChildLevelData(request);
    else await request.audit({ action: 'view', laCode: la.current.laCode, detail: { page: 'improvement-audits', childIds: page.childIds } });
    return reply.view('pages/improvement/audits.njk', { pageTitle: 'Case-file audits', la, laCode: la.current.laCode, page });
  });

  app.get('/improvement/risks', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const page = await risksPage(services, la.current.laCode);
    return reply.view('pages/improvement/risks.njk', { pageTitle: 'Risk register', la, laCode: la.current.laCode, page });
  });
}
