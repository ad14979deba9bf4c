import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { ACCESS, exportedBy, noChildLevelData, principalOf } from '../auth/access.ts';
import { isDownloadFormat, sendTable } from '../downloads.ts';
import { laContext, type LaContext } from '../la.ts';
import { caseloadsDownload, caseloadsPage, CaseloadQuery, overviewPage, teamDownload, teamPage, workerPage, workersDownload, workersPage } from '../pages/caseloads.page.ts';

/** The council shown and the checked query, or null when no council has data yet. */
async function parse(request: FastifyRequest, services: Services): Promise<{ la: LaContext; query: CaseloadQuery } | null> {
  const la = await laContext(request, services);
  if (!la.current) return null;
  const parsed = CaseloadQuery.safeParse(request.query);
  if (!parsed.success) throw new AppError('bad_usage', parsed.error.issues[0]?.message ?? 'The request is not valid.');
  return { la, query: { ...parsed.data, laCode: la.current.laCode } };
}

function noData(reply: FastifyReply): FastifyReply {
  return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
}

export function registerCaseloadRoutes(app: FastifyInstance, services: Services): void {
  app.get('/overview', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const input = await parse(request, services);
    if (!input) return noData(reply);
    return reply.view('pages/caseloads/overview.njk', { la: input.la, ...(await overviewPage(services, principalOf(request), input.query)) });
  });

  app.get('/caseloads', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const input = await parse(request, services);
    if (!input) return noData(reply);
    const { format } = input.query;
    if (isDownloadFormat(format)) return sendTable(reply, format, await caseloadsDownload(services, principalOf(request), input.query, exportedBy(request, 'caseloads-by-team'), format));
    return reply.view('pages/caseloads/index.njk', { la: input.la, ...(await caseloadsPage(services, principalOf(request), input.query)) });
  });

  app.get('/caseloads/workers', { config: { access: ACCESS.childLevel } }, async (request, reply) => {
    const input = await parse(request, services);
    if (!input) return noData(reply);
    const { format, laCode } = input.query;
    if (isDownloadFormat(format)) return sendTable(reply, format, await workersDownload(services, principalOf(request), input.query, exportedBy(request, 'caseloads-by-worker'), format));
    const page = await workersPage(services, principalOf(request), input.query);
    await request.audit({ action: 'view', laCode, detail: page.viewed });
    return reply.view('pages/caseloads/workers.njk', { la: input.la, ...page.model });
  });

  app.get<{ Params: { teamId: string } }>('/caseloads/teams/:teamId', { config: { access: ACCESS.teamPage } }, async (request, reply) => {
    const input = await parse(request, services);
    if (!input) return noData(reply);
    const query = { ...input.query, teamId: request.params.teamId };
    const { format, laCode } = query;
    if (isDownloadFormat(format)) return sendTable(reply, format, await teamDownload(services, principalOf(request), query, exportedBy(request, 'team-workers'), format));
    const page = await teamPage(services, principalOf(request), query);
    if (page.viewed) await request.audit({ action: 'view', laCode, detail: page.viewed });
    else noChildLevelData(request);
    return reply.view('pages/caseloads/team.njk', { la: input.la, ...page.model });
  });

  app.get<{ Params: { workerId: string } }>('/caseloads/workers/:workerId', { config: { access: ACCESS.childLevel } }, async (request, reply) => {
    const input = await parse(request, services);
    if (!input) return noData(reply);
    const page = await workerPage(services, principalOf(request), { ...input.query, workerId: request.params.workerId });
    await request.audit({ action: 'view', laCode: input.query.laCode, detail: page.viewed });
    return reply.view('pages/caseloads/worker.njk', { la: input.la, ...page.model });
  });
}
