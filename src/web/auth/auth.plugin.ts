import { randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { ActiveSession } from '../../services/auth.service.ts';
import { demoModeActive } from '../../services/security/serving-policy.ts';
import { allows, type Access } from './access.ts';
import { isLaCode } from '../../domain/la-code.ts';

export interface WebSecurity {
  /** Mark cookies Secure: the browser reaches Headroom over HTTPS (its own TLS or a proxy's). */
  secureCookies: boolean;
  /** Demo mode may apply (loopback bind, no proxy); it is on while every council loaded is synthetic. */
  demoEligible: boolean;
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its access declaration (the authorisation matrix test walks it). */
    declaredRoutes: DeclaredRoute[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_COOKIE = 'headroom_form';

export function sessionCookieName(security: WebSecurity): string {
  // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and path=/.
  return security.secureCookies ? '__Host-headroom_session' : 'headroom_session';
}

export function formCookieName(security: WebSecurity): string {
  return security.secureCookies ? `__Host-${FORM_COOKIE}` : FORM_COOKIE;
}

function tokensMatch(sent: unknown, expected: string | undefined): boolean {
  if (typeof sent !== 'string' || !expected || sent.length === 0) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function csrfRejected(): AppError {
  return new AppError('forbidden', 'This form could not be accepted because it had expired or did not come from Headroom. Go back, reload the page and try again.');
}

/** For `multipart-first-field` routes: the value of the form's first field, which must be `_csrf`. */
export function assertCsrfField(request: FastifyRequest, fieldName: string, value: unknown): void {
  if (fieldName !== '_csrf' || !tokensMatch(value, request.session?.csrfToken)) throw csrfRejected();
}

function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && !(request.headers.accept ?? '').startsWith('application/json');
}

/**
 * A path on this site to return to after signing in; anything else becomes `/`. Accepted: one
 * leading slash not followed by another, no backslash and no control character anywhere, checked
 * both as given and percent-decoded (browsers drop tabs and newlines and read a backslash as a
 * slash, so a tab between two slashes would otherwise send the user to another site).
 */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return '/';
  }
  return isLocalPath(raw) && isLocalPath(decoded) ? raw : '/';
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function isLocalPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') && !CONTROL.test(value);
}

function laOf(request: FastifyRequest): string {
  const la = (request.query as Record<string, unknown> | undefined)?.la;
  return isLaCode(la) ? la : '*';
}

/**
 * Sign-in, sessions, access control, CSRF and the audit of child-level responses. Registered
 * before any route, on the root instance, so its hooks see every route.
 */
async function authPlugin(app: FastifyInstance, options: { services: Services; security: WebSecurity; logger: Logger }): Promise<void> {
  const { services, security, logger } = options;
  const cookieName = sessionCookieName(security);
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: security.secureCookies };

  await app.register(fastifyCookie);
  app.decorate('declaredRoutes', [] as DeclaredRoute[]);
  app.decorateRequest('principal', null);
  app.decorateRequest('session', null);
  app.decorateRequest('audited', false);
  app.decorateRequest('audit', null as unknown as FastifyRequest['audit']);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // Read lazily: a later onRoute hook (the static files' scope) may still set the declaration.
    for (const method of methods) {
      app.declaredRoutes.push({
        method,
        url: route.url,
        get access() {
          return route.config?.access;
        },
      });
    }
  });

  const demoActive = async (request: FastifyRequest): Promise<boolean> =>
    security.demoEligible && demoModeActive({ demoEligible: true, remoteAddress: request.socket.remoteAddress ?? '', las: await services.system.las() });

  const setSessionCookie = (reply: FastifyReply, token: string) => reply.setCookie(cookieName, token, cookieOptions);

  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.assets) return;
    const access: Access | undefined = request.is404 ? 'public' : config.access;

    request.audit = async (call) => {
      const p = request.principal;
      await services.audit.record({ actor: p?.username ?? 'anonymous', actorRole: p?.role ?? null, action: call.action, laCode: call.laCode, route: request.routeOptions.url ?? null, ip: request.ip, detail: call.detail });
      request.audited = true;
    };

    const token = request.cookies[cookieName];
    let session: ActiveSession | null = token ? await services.auth.resolve(token) : null;
    if (session?.principal.demo && !(await demoActive(request))) {
      await services.auth.endSession(session);
      session = null;
    }
    if (!session && access !== 'public' && access !== undefined && (await demoActive(request))) {
      const demo = await services.auth.startDemo({ ip: request.ip });
      setSessionCookie(reply, demo.token);
      session = demo.session;
    }
    request.session = session;
    request.principal = session?.principal ?? null;

    if (access === 'public') return;
    if (access === undefined) {
      logger.warn({ route: request.routeOptions.url, method: request.method }, 'route has no access declaration: refused');
      throw new AppError('forbidden', 'You do not have access to this page.');
    }
    if (!request.principal) {
      if (!wantsHtml(request)) return reply.code(401).send({ error: 'unauthorised', message: 'Sign in first.' });
      const next = SAFE_METHODS.has(request.method) ? safeNext(request.url) : '/';
      return reply.redirect(next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`, 303);
    }
    if (!allows(access, request.principal)) {
      await request.audit({ action: 'access_denied', laCode: laOf(request), detail: { method: request.method } });
      throw new AppError('forbidden', 'You do not have access to this page. Ask an administrator if you need it.');
    }
  });

  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.is404 || request.routeOptions.config.assets) return;
    const mode = request.routeOptions.config.csrf ?? 'session';
    if (mode === 'multipart-first-field') return;
    const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
    const expected = mode === 'pre-session' ? request.cookies[formCookieName(security)] : request.session?.csrfToken;
    if (!tokensMatch(sent, expected)) throw csrfRejected();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.principal && !request.routeOptions.config.assets) reply.header('cache-control', 'no-store');
    const access = request.routeOptions.config.access;
    if (typeof access === 'object' && access.childLevel && !request.audited && request.principal && reply.statusCode < 300) {
      await request.audit({ action: 'view', laCode: laOf(request), detail: { page: request.routeOptions.url } });
    }
    return payload;
  });
}

// Fastify's documented way to register a plugin without encapsulation (what fastify-plugin sets).
Object.assign(authPlugin, { [Symbol.for('skip-override')]: true });

export { authPlugin };

/** The value for the sign-in form's `_csrf`: reuses the visitor's form cookie or sets a new one. */
export function formToken(request: FastifyRequest, reply: FastifyReply, security: WebSecurity): string {
  const name = formCookieName(security);
  const existing = request.cookies[name];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(name, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: security.secureCookies });
  return token;
}

export function setSession(reply: FastifyReply, security: WebSecurity, token: string): void {
  reply.setCookie(sessionCookieName(security), token, { path: '/', httpOnly: true, sameSite: 'lax', secure: security.secureCookies });
}

export function clearSession(reply: FastifyReply, security: WebSecurity): void {
  reply.clearCookie(sessionCookieName(security), { path: '/', httpOnly: true, sameSite: 'lax', secure: security.secureCookies });
}
