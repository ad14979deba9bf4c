import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { services } from '../../src/app.ts';
import type { OidcSettings } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { createWeb, type WebSecurity } from '../../src/web/server.ts';

/** The fixed "now" of web tests. */
export const TEST_NOW = new Date('2026-11-22T10:00:00Z');
export const TEST_PASSWORD = 'a long test passphrase with words';

export interface WebForOptions {
  security?: WebSecurity;
  clock?: () => Date;
  oidc?: OidcSettings;
}

export async function webFor(handle: DatabaseHandle, logLines?: string[], options: WebForOptions = {}): Promise<FastifyInstance> {
  const logger = logLines ? createLogger({ level: 'info', stream: { write: (line) => void logLines.push(line) } }) : createLogger({ level: 'silent' });
  const s = services({ db: handle.db, dbKind: handle.kind, clock: options.clock ?? (() => TEST_NOW), logger }, options.oidc ? { oidc: options.oidc } : {});
  return createWeb(s, { logger, ...(options.security ? { security: options.security } : {}) });
}

export interface SignedIn {
  username: string;
  /** The session cookie as a request header value. */
  cookie: string;
  /** The session's CSRF token, for forms. */
  csrf: string;
}

let counter = 0;

/** Pool changes made by tests, with the authority of an administrator of every council. */
export const TEST_OPERATOR = { actor: 'test', role: 'admin', laCodes: ['*'] } as const satisfies { actor: string; role: Role; laCodes: readonly string[] };

/**
 * Creates a user with the role (through the users service, as `headroom users add` does) and
 * signs them in; the session is in the database, so any app on the same database accepts it.
 * A regional analyst belongs to `pool`; without one, to a new pool of their own to which
 * `laCodes` (default 855) consent.
 */
export async function signInAs(
  handle: DatabaseHandle,
  role: Role,
  options: { teamIds?: string[]; laCodes?: string[]; username?: string; clock?: () => Date; pool?: string } = {},
): Promise<SignedIn> {
  const clock = options.clock ?? (() => TEST_NOW);
  const s = services({ db: handle.db, dbKind: handle.kind, clock, logger: createLogger({ level: 'silent' }) });
  const username = options.username ?? `${role.replace('_', '-')}-${process.pid}-${++counter}`;
  let pool = options.pool;
  if (role === 'regional_analyst' && pool === undefined) {
    pool = `Pool of ${username}`;
    await s.pools.create(pool, TEST_OPERATOR);
    for (const laCode of options.laCodes ?? ['855']) await s.pools.consent(pool, laCode, TEST_OPERATOR);
  }
  const regional = role === 'regional_analyst';
  await s.users.add({ username, password: TEST_PASSWORD, role, teamIds: options.teamIds, laCodes: regional ? undefined : options.laCodes, pool }, { actor: 'test' });
  const result = await s.auth.signIn({ username, password: TEST_PASSWORD, ip: '127.0.0.1' });
  if (!result.ok) throw new Error(`could not sign in as ${username}: ${result.reason}`);
  return { username, cookie: `headroom_session=${result.token}`, csrf: result.session.csrfToken };
}

export interface Client {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A urlencoded form post; the CSRF token is added unless `_csrf` is given. */
  post(url: string, form?: Record<string, string>): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Requests to `app` as a signed-in user (or signed out when `who` is null). */
export function clientFor(app: FastifyInstance, who: SignedIn | null): Client {
  const withCookie = (headers: InjectOptions['headers'] = {}) => (who ? { ...headers, cookie: who.cookie } : headers);
  return {
    get: (url, headers) => app.inject({ method: 'GET', url, headers: withCookie(headers) }),
    post: (url, form = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: withCookie({ 'content-type': 'application/x-www-form-urlencoded' }),
        payload: new URLSearchParams({ ...(who ? { _csrf: who.csrf } : {}), ...form }).toString(),
      }),
    inject: (options) => app.inject({ ...options, headers: withCookie(options.headers) }),
  };
}
