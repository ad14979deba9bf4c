import type { FastifyRequest } from 'fastify';
import type { Services } from '../app.ts';
import { canSeeLa } from '../domain/access/roles.ts';

export interface LaChoice {
  laCode: string;
  laName: string | null;
  synthetic: boolean;
}

export interface LaContext {
  current: LaChoice | null;
  all: LaChoice[];
}

/**
 * The LA a page shows: `?la=` when it names a loaded LA the signed-in user may see, else the
 * first such LA. Councils outside the user's list are never offered.
 */
export async function laContext(request: FastifyRequest, services: Services): Promise<LaContext> {
  const principal = request.principal;
  const all = principal ? (await services.system.las()).filter((l) => canSeeLa(principal, l.laCode)) : [];
  const asked = (request.query as Record<string, unknown> | undefined)?.la;
  const current = (typeof asked === 'string' ? all.find((l) => l.laCode === asked) : undefined) ?? all[0] ?? null;
  return { current, all };
}
