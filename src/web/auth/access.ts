import type { FastifyRequest } from 'fastify';
import type { ActiveSession } from '../../services/auth.service.ts';
import type { AuditAction } from '../../services/audit.service.ts';
import type { ExportedBy } from '../../services/export.service.ts';
import { AppError } from '../../errors.ts';
import { ROLES, type Principal, type Role } from '../../domain/access/roles.ts';

/**
 * Every route declares who may call it in its `config.access`; a route without one is refused
 * for everyone. `childLevel` routes can show a child's id or a worker's name: each response
 * from one is written to the audit log (by the handler with what it showed, or else generically).
 */
export type Access = 'public' | { roles: readonly Role[]; childLevel?: boolean };

/**
 * How a state-changing route is protected against cross-site requests. Default: the session's
 * synchronizer token in the form's `_csrf` field, checked before the handler runs.
 * `pre-session`: the sign-in form, checked against a cookie set with the form (there is no session yet).
 * `multipart-first-field`: the handler checks the `_csrf` field, which must come first, before reading any file.
 */
export type CsrfMode = 'session' | 'pre-session' | 'multipart-first-field';

export interface AuditCall {
  action: AuditAction;
  laCode: string;
  detail?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    csrf?: CsrfMode;
    /** Static files: public, and no session lookup. */
    assets?: boolean;
    /** Query parameters this route reads as a list (`?name=a&name=b`); any other given twice is refused. */
    repeatableQuery?: readonly string[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    session: ActiveSession | null;
    /** Set once the response has been written to the audit log. */
    audited: boolean;
    audit(call: AuditCall): Promise<void>;
  }
}

const CHILD_LEVEL_ROLES: readonly Role[] = ['admin', 'analyst', 'senior_manager', 'team_manager'];

/** The access declarations the routes use, named for what they protect. */
export const ACCESS = {
  public: 'public',
  /** Aggregates: every role (viewers see small counts withheld). */
  aggregates: { roles: ROLES },
  /** Pages about the signed-in user themself. */
  self: { roles: ROLES },
  /** Aggregates that also have a child-level form (the team page): every role, audited; viewers get the aggregate form. */
  teamPage: { roles: ROLES, childLevel: true },
  /** Child ids or worker names: not viewers; team managers within their teams. */
  childLevel: { roles: CHILD_LEVEL_ROLES, childLevel: true },
  /** Figures exported as files: every role (viewers' files are aggregates with small counts withheld). */
  exports: { roles: ROLES },
  /** Loading files and reading import reports (which quote rows of the files). */
  imports: { roles: ['admin', 'analyst'] },
  importReports: { roles: ['admin', 'analyst'], childLevel: true },
  admin: { roles: ['admin'] },
  /** Capacity planning (scenarios, cost models, business cases): heads of service, analysts and admins. */
  planning: { roles: ['admin', 'analyst', 'senior_manager'] },
  /** Regional pool pages (aggregates): a pool's regional analysts, and every-council admins, analysts and senior managers (the page checks which pool). */
  pools: { roles: ['admin', 'analyst', 'senior_manager', 'regional_analyst'] },
} as const satisfies Record<string, Access>;

/** The signed-in principal; routes behind an access declaration always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('forbidden', 'Sign in to see this page.');
  return request.principal;
}

/** Marks a response from a child-level route as showing no child-level data (a viewer's aggregate page). */
export function noChildLevelData(request: FastifyRequest): void {
  request.audited = true;
}

export function allows(access: Access | undefined, principal: Principal | null): boolean {
  if (access === 'public') return true;
  if (access === undefined || principal === null) return false;
  return access.roles.includes(principal.role);
}

/**
 * Who asks for a download, for the export service, which writes the one audit row for it. The
 * response counts as audited, so the child-level catch-all adds no second row.
 */
export function exportedBy(request: FastifyRequest, download: string): ExportedBy {
  const p = principalOf(request);
  request.audited = true;
  return { actor: p.username, actorRole: p.role, route: request.routeOptions.url ?? null, ip: request.ip, via: { download } };
}
