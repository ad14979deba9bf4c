import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { ALL_LAS } from '../../domain/access/roles.ts';
import { ACCESS, principalOf } from '../auth/access.ts';
import { auditLogPage, dayRange, type AuditFilters } from '../pages/audit-view.ts';

const AuditQuery = z.object({ from: z.string().optional(), to: z.string().optional(), page: z.string().optional() });

function filters(query: unknown): AuditFilters {
  const parsed = AuditQuery.safeParse(query);
  if (!parsed.success) throw new AppError('bad_usage', 'Dates must be real dates written as YYYY-MM-DD, for example 2026-11-01.');
  return parsed.data;
}

export function registerAdminRoutes(app: FastifyInstance, services: Services): void {
  app.get('/admin/audit', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const page = await auditLogPage(services, principalOf(request), filters(request.query));
    await request.audit({ action: 'audit_viewed', laCode: ALL_LAS, detail: page.viewed });
    return reply.view('pages/admin/audit.njk', page.model);
  });

  app.get('/admin/audit.csv', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const principal = principalOf(request);
    const range = dayRange(filters(request.query));
    const laCodes = principal.laCodes.includes(ALL_LAS) ? undefined : principal.laCodes;
    const { csv } = await services.audit.exportCsv({ from: range.from, to: range.to, laCodes }, { actor: principal.username, actorRole: principal.role, route: request.routeOptions.url ?? '', ip: request.ip });
    const name = `audit-${range.fromText || 'start'}-to-${range.toText || 'now'}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(`\ufeff${csv}`);
  });
}
