import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { OIDC_FAILURE_TEXT, OIDC_FLOW_MINUTES, encodeFlow, type OidcFailureReason } from '../../services/oidc.service.ts';
import { ACCESS } from './access.ts';
import { safeNext, sessionCookieName, setSession, type WebSecurity } from './auth.plugin.ts';
import { SIGN_IN_RATE_PER_MINUTE, signInPage } from './auth.routes.ts';

const FLOW_COOKIE = 'headroom_oidc';

export function oidcFlowCookieName(security: WebSecurity): string {
  return security.secureCookies ? `__Host-${FLOW_COOKIE}` : FLOW_COOKIE;
}

function statusFor(reason: OidcFailureReason): number {
  if (reason === 'no_group' || reason === 'disabled') return 403;
  if (reason === 'provider_unavailable') return 503;
  return 400;
}

/**
 * Sign-in with the council's OpenID Connect provider. The routes are always registered (so the
 * authorisation matrix sees them) and answer 404 when OIDC is not configured.
 */
export function registerOidcRoutes(app: FastifyInstance, services: Services, security: WebSecurity): void {
  const cookieName = oidcFlowCookieName(security);
  // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: security.secureCookies };

  app.get<{ Querystring: { next?: string } }>('/sign-in/oidc', { config: { access: ACCESS.public } }, async (request, reply) => {
    const oidc = services.oidc;
    if (!oidc) return reply.callNotFound();
    const next = safeNext(request.query.next);
    const started = await oidc.start(next);
    if (!started.ok) {
      return signInPage(request, reply.code(statusFor(started.reason)), services, security, { next, errors: [{ href: '#oidc-sign-in', text: OIDC_FAILURE_TEXT[started.reason] }] });
    }
    reply.setCookie(cookieName, encodeFlow(started.flow), { ...cookieOptions, maxAge: OIDC_FLOW_MINUTES * 60 });
    return reply.redirect(started.redirectTo.href, 303);
  });

  app.get(
    '/sign-in/oidc/callback',
    { config: { access: ACCESS.public, rateLimit: { max: SIGN_IN_RATE_PER_MINUTE, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const oidc = services.oidc;
      if (!oidc) return reply.callNotFound();
      const flow = oidc.flowFrom(request.cookies[cookieName]);
      // One use only, whatever the outcome: a replayed callback finds no flow.
      reply.clearCookie(cookieName, cookieOptions);
      const query = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
      const result = await oidc.finish({ query, flow, previousToken: request.cookies[sessionCookieName(security)], ip: request.ip, route: request.routeOptions.url });
      if (result.ok) {
        setSession(reply, security, result.token);
        return reply.redirect(safeNext(result.next), 303);
      }
      return signInPage(request, reply.code(statusFor(result.reason)), services, security, {
        next: safeNext(flow?.next),
        errors: [{ href: '#oidc-sign-in', text: OIDC_FAILURE_TEXT[result.reason] }],
      });
    },
  );
}
