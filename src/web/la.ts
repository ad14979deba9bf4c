import type { FastifyRequest } from 'fastify';
import type { Services } from '../app.ts';

export interface LaChoice {
  laCode: string;
  laName: string | null;
  synthetic: boolean;
}

export interface LaContext {
  current: LaChoice | null;
  all: LaChoice[];
}

/** The LA a page shows: `?la=` when it names a loaded LA, else the first one loaded. */
export async function laContext(request: FastifyRequest, services: Services): Promise<LaContext> {
  const all = await services.system.las();
  const asked = (request.query as Record<string, unknown> | undefined)?.la;
  const current = (typeof asked === 'string' ? all.find((l) => l.laCode === asked) : undefined) ?? all[0] ?? null;
  return { current, all };
}
