import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { AppError } from '../../errors.ts';
import { ALL_LAS, ROLE_TEXT, isRole } from '../../services/security/roles.ts';
import { ACCESS, principalOf } from '../auth/access.ts';
import { auditDetailText } from '../pages/audit-view.ts';

const PAGE_ROWS = 500;
const ROWS_PER_PAGE = 25;

interface AuditFilters {
  from?: string;
  to?: string;
  page?: string;
}

/** `from` and `to` as whole days: from the start of `from` to the end of `to` (UTC). */
function dayRange(q: AuditFilters): { from: Date | undefined; to: Date | undefined; fromText: string; toText: string } {
  const from = q.from?.trim() ?? '';
  const to = q.to?.trim() ?? '';
  for (const d of [from, to]) {
    if (d !== '' && !isIsoDate(d)) throw new AppError('bad_usage', 'Dates must be real dates written as YYYY-MM-DD, for example 2026-11-01.');
  }
  const end = to === '' ? undefined : new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  return { from: from === '' ? undefined : new Date(`${from}T00:00:00Z`), to: end, fromText: from, toText: to };
}

export function registerAdminRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: AuditFilters }>('/admin/audit', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const principal = principalOf(request);
    const range = dayRange(request.query);
    const laCodes = principal.laCodes.includes(ALL_LAS) ? undefined : principal.laCodes;
    const all = await services.audit.recent({ from: range.from, to: range.to, laCodes, limit: PAGE_ROWS });
    const pages = Math.max(1, Math.ceil(all.length / ROWS_PER_PAGE));
    const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const rows = all.slice((pageNumber - 1) * ROWS_PER_PAGE, pageNumber * ROWS_PER_PAGE);
    await request.audit({ action: 'audit_viewed', laCode: ALL_LAS, detail: { from: range.fromText || null, to: range.toText || null, rows: rows.length } });
    const query = new URLSearchParams(Object.entries({ from: range.fromText, to: range.toText }).filter(([, v]) => v !== '')).toString();
    const teamNames = new Map<string, string>();
    for (const la of await services.system.laCodes()) {
      if (laCodes === undefined || laCodes.includes(la)) for (const t of await services.system.teams(la)) teamNames.set(t.teamId, t.name);
    }
    const href = (n: number) => `/admin/audit?${query ? `${query}&` : ''}page=${n}`;
    return reply.view('pages/admin/audit.njk', {
      pageTitle: 'Audit log',
      filters: { from: range.fromText, to: range.toText },
      limit: PAGE_ROWS,
      count: all.length,
      from: rows.length === 0 ? 0 : (pageNumber - 1) * ROWS_PER_PAGE + 1,
      to: (pageNumber - 1) * ROWS_PER_PAGE + rows.length,
      pagination:
        pages <= 1
          ? null
          : {
              previous: pageNumber > 1 ? { href: href(pageNumber - 1) } : null,
              next: pageNumber < pages ? { href: href(pageNumber + 1) } : null,
              items: Array.from({ length: pages }, (_, i) => i + 1)
                .filter((n) => n === 1 || n === pages || Math.abs(n - pageNumber) <= 1)
                .flatMap((n, i, shown) => [...(i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []), { number: n, href: href(n), current: n === pageNumber }]),
              landmarkLabel: 'Audit log: pages',
            },
      downloadHref: `/admin/audit.csv${query ? `?${query}` : ''}`,
      rows: rows.map((r) => ({
        at: r.at.toISOString().replace('T', ' ').slice(0, 19),
        laCode: r.laCode,
        actor: r.actor,
        role: r.actorRole && isRole(r.actorRole) ? ROLE_TEXT[r.actorRole] : (r.actorRole ?? ''),
        action: r.action.replace(/_/g, ' '),
        route: r.route ?? '',
        detail: auditDetailText(r.detail, teamNames),
      })),
    });
  });

  app.get<{ Querystring: AuditFilters }>('/admin/audit.csv', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const principal = principalOf(request);
    const range = dayRange(request.query);
    const laCodes = principal.laCodes.includes(ALL_LAS) ? undefined : principal.laCodes;
    const { csv } = await services.audit.exportCsv({ from: range.from, to: range.to, laCodes }, { actor: principal.username, actorRole: principal.role, route: request.routeOptions.url ?? '', ip: request.ip });
    const name = `audit-${range.fromText || 'start'}-to-${range.toText || 'now'}.csv`;
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(`\ufeff${csv}`);
  });
}
