import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { canManagePools } from '../../domain/access/pools.ts';
import { canSeeLa } from '../../domain/access/roles.ts';
import { AppError } from '../../errors.ts';
import type { PoolActor } from '../../services/pool.service.ts';
import { ACCESS, principalOf } from '../auth/access.ts';
import { poolPage, poolsPage } from '../pages/pools.page.ts';
import type { FieldError } from '../pages/planning-view.ts';
import { errorMap } from '../pages/planning-view.ts';

type Body = Record<string, unknown>;

const NOTICES: Record<string, string> = {
  created: 'The pool has been created. Each council joins it when its administrator gives consent under Settings.',
  deleted: 'The pool has been deleted, with every consent to it.',
};

function poolId(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new AppError('not_found', 'There is no such pool.');
  return Number(raw);
}

function actor(request: FastifyRequest): PoolActor {
  const p = principalOf(request);
  return { actor: p.username, actorRole: p.role, role: p.role, laCodes: p.laCodes, ip: request.ip, route: request.routeOptions.url ?? '' };
}

const field = (body: Body, name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');

/** Pool pages, the administrators' Pools page, and each council's consent on its Settings page. */
export function registerPoolRoutes(app: FastifyInstance, services: Services): void {
  app.get('/pools', { config: { access: ACCESS.pools } }, async (request, reply) => {
    return reply.view('pages/pools/index.njk', await poolsPage(services, principalOf(request)));
  });

  app.get<{ Params: { id: string } }>('/pools/:id', { config: { access: ACCESS.pools } }, async (request, reply) => {
    return reply.view('pages/pools/pool.njk', await poolPage(services, principalOf(request), { poolId: poolId(request.params.id) }));
  });

  function mustManage(request: FastifyRequest): void {
    if (!canManagePools(principalOf(request))) {
      throw new AppError('forbidden', 'You do not have access to this page: only an administrator of every council manages pools. Give or withdraw your council’s consent under Settings.');
    }
  }

  async function renderAdmin(request: FastifyRequest, reply: FastifyReply, options: { errors?: FieldError[]; name?: string; notice?: string | null } = {}) {
    const errors = options.errors ?? [];
    const pools = await services.pools.list();
    const names = new Map((await services.system.las()).map((l) => [l.laCode, l.laName]));
    return reply.code(errors.length > 0 ? 400 : 200).view('pages/admin/pools.njk', {
      pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Pools`,
      pools: pools.map((p) => ({
        id: p.id,
        name: p.name,
        href: `/pools/${p.id}`,
        councils: p.members.map((m) => `${names.get(m.laCode) ?? `LA ${m.laCode}`} (${m.laCode})`).join(', ') || 'None yet',
        analysts: p.analysts,
      })),
      name: options.name ?? '',
      errors,
      errorFor: errorMap(errors),
      notice: options.notice ?? null,
    });
  }

  app.get<{ Querystring: { saved?: string } }>('/admin/pools', { config: { access: ACCESS.admin } }, async (request, reply) => {
    mustManage(request);
    return renderAdmin(request, reply, { notice: NOTICES[request.query.saved ?? ''] ?? null });
  });

  app.post('/admin/pools', { config: { access: ACCESS.admin } }, async (request, reply) => {
    mustManage(request);
    const name = field(request.body as Body, 'name');
    try {
      await services.pools.create(name, actor(request));
    } catch (err) {
      if (err instanceof AppError && (err.code === 'bad_usage' || err.code === 'conflict')) return renderAdmin(request, reply, { name, errors: [{ href: '#name', text: err.message.replace(/\.$/, '') }] });
      throw err;
    }
    return reply.redirect('/admin/pools?saved=created', 303);
  });

  app.post<{ Params: { id: string } }>('/admin/pools/:id/delete', { config: { access: ACCESS.admin } }, async (request, reply) => {
    mustManage(request);
    const pool = await services.pools.get(poolId(request.params.id));
    if (!pool) throw new AppError('not_found', 'There is no such pool.');
    try {
      await services.pools.delete(pool.name, actor(request));
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') return renderAdmin(request, reply, { errors: [{ href: `#delete-${pool.id}`, text: err.message.replace(/\.$/, '') }] });
      throw err;
    }
    return reply.redirect('/admin/pools?saved=deleted', 303);
  });

  app.post('/settings/pools', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const body = request.body as Body;
    const laCode = field(body, 'la');
    // A council the administrator cannot see is answered exactly as one that does not exist.
    if (!(await services.system.laCodes()).includes(laCode) || !canSeeLa(principalOf(request), laCode)) throw new AppError('not_found', 'There is no such council.');
    const pool = /^\d{1,9}$/.test(field(body, 'pool')) ? await services.pools.get(Number(field(body, 'pool'))) : undefined;
    if (!pool) throw new AppError('not_found', 'There is no such pool.');
    const action = field(body, 'action');
    if (action !== 'consent' && action !== 'withdraw') throw new AppError('bad_usage', 'Choose to give or to withdraw the council’s consent.');
    const result = action === 'consent' ? await services.pools.consent(pool.name, laCode, actor(request)) : await services.pools.withdraw(pool.name, laCode, actor(request));
    return reply.redirect(`/settings?la=${laCode}&pool=${result.changed ? action : 'unchanged'}#pools`, 303);
  });
}
