import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { ROLE_TEXT, ALL_LAS } from '../../domain/access/roles.ts';
import { ACCESS, principalOf } from './access.ts';
import { clearSession, formToken, safeNext, sessionCookieName, setSession, type WebSecurity } from './auth.plugin.ts';

/** Sign-in attempts one address may make a minute, before the per-account and per-address back-off in the auth service. */
export const SIGN_IN_RATE_PER_MINUTE = 10;

interface SignInForm {
  username?: string;
  password?: string;
  next?: string;
  _csrf?: string;
}

export interface SignInPage {
  next: string;
  errors: { href: string; text: string }[];
  username?: string;
  signedOut?: boolean;
}

/** The sign-in page, with the button for the council's provider when that is configured. */
export function signInPage(request: FastifyRequest, reply: FastifyReply, services: Services, security: WebSecurity, page: SignInPage): FastifyReply {
  return reply.view('pages/sign-in.njk', {
    pageTitle: page.errors.length > 0 ? 'Error: Sign in' : 'Sign in',
    formToken: formToken(request, reply, security),
    oidc: services.oidc ? { text: services.oidc.displayName, href: page.next === '/' ? '/sign-in/oidc' : `/sign-in/oidc?next=${encodeURIComponent(page.next)}` } : null,
    ...page,
  });
}

export function registerAuthRoutes(app: FastifyInstance, services: Services, security: WebSecurity): void {
  app.get<{ Querystring: { next?: string; 'signed-out'?: string } }>('/sign-in', { config: { access: ACCESS.public } }, async (request, reply) => {
    return signInPage(request, reply, services, security, { next: safeNext(request.query.next), signedOut: request.query['signed-out'] === '1', errors: [] });
  });

  app.post<{ Body: SignInForm }>(
    '/sign-in',
    { config: { access: ACCESS.public, csrf: 'pre-session', rateLimit: { max: SIGN_IN_RATE_PER_MINUTE, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const username = typeof request.body.username === 'string' ? request.body.username : '';
      const password = typeof request.body.password === 'string' ? request.body.password : '';
      const next = safeNext(request.body.next);
      const result =
        username.trim() === '' || password === ''
          ? ({ ok: false, reason: 'invalid' } as const)
          : await services.auth.signIn({ username, password, previousToken: request.cookies[sessionCookieName(security)], ip: request.ip, route: request.routeOptions.url });
      if (result.ok) {
        setSession(reply, security, result.token);
        return reply.redirect(next, 303);
      }
      const text =
        result.reason === 'paused'
          ? 'Sign-in is paused after too many failed attempts. Wait 15 minutes and try again, or ask an administrator to reset your password.'
          : 'Enter a correct username and password.';
      return signInPage(request, reply.code(result.reason === 'paused' ? 429 : 401), services, security, {
        next,
        username,
        errors: [{ href: username.trim() === '' ? '#username' : '#password', text }],
      });
    },
  );

  app.post('/sign-out', { config: { access: ACCESS.self } }, async (request, reply) => {
    if (request.session) await services.auth.signOut(request.session, { ip: request.ip, route: request.routeOptions.url });
    clearSession(reply, security);
    return reply.redirect('/sign-in?signed-out=1', 303);
  });

  app.post('/account/sign-out-everywhere', { config: { access: ACCESS.self } }, async (request, reply) => {
    if (request.session) await services.auth.signOutEverywhere(request.session, { ip: request.ip, route: request.routeOptions.url });
    clearSession(reply, security);
    return reply.redirect('/sign-in?signed-out=1', 303);
  });

  app.get('/account', { config: { access: ACCESS.self } }, async (request, reply) => {
    const p = principalOf(request);
    return reply.view('pages/account.njk', {
      pageTitle: 'Your account',
      account: {
        username: p.username,
        role: ROLE_TEXT[p.role],
        councils: p.laCodes.includes(ALL_LAS) ? 'Every council in Headroom' : p.laCodes.join(', '),
        teams: p.teamIds.join(', '),
        demo: p.demo,
      },
    });
  });
}
