import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { ACCESS, principalOf } from '../auth/access.ts';
import { laContext } from '../la.ts';
import { benchmarksPage } from '../pages/benchmarks.page.ts';

export function registerBenchmarkRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { la?: string } }>('/benchmarks', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const view = await benchmarksPage(services, principalOf(request), { laCode: la.current.laCode });
    return reply.view('pages/benchmarks/index.njk', { pageTitle: 'Benchmarks', la, view });
  });
}
