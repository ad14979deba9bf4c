import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Services } from '../app.ts';
import type { TrustProxy } from '../config.ts';
import { AppError, httpStatusFor, isAppError, storageFault } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { ACCESS } from './auth/access.ts';
import { authPlugin, type WebSecurity } from './auth/auth.plugin.ts';
import { registerAuthRoutes } from './auth/auth.routes.ts';
import { registerOidcRoutes } from './auth/oidc.routes.ts';
import { ASSETS_DIR, GOVUK_DIST, createRenderer, navigation } from './render.ts';
import { withReadOnlyMemo } from '../services/result-cache.ts';
import { registerAdminRoutes } from './routes/admin.routes.ts';
import { registerCaseloadRoutes } from './routes/caseloads.routes.ts';
import { UPLOAD_LIMIT_BYTES, registerDataRoutes } from './routes/data.routes.ts';
import { registerPerformanceRoutes, registerReportRoutes } from './routes/performance.routes.ts';
import { registerPlanningRoutes } from './routes/planning.routes.ts';
import { registerForecastRoutes } from './routes/forecast.routes.ts';
import { registerImprovementRoutes } from './routes/improvement.routes.ts';
import { registerSettingsRoutes } from './routes/settings.routes.ts';
import { registerUserRoutes } from './routes/users.routes.ts';
import { statusView } from './pages/status-view.ts';
import { registerBenchmarkRoutes } from './routes/benchmarks.routes.ts';
import { registerPoolRoutes } from './routes/pools.routes.ts';

declare module 'fastify' {
  interface FastifyReply {
    view(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export type { WebSecurity };

export interface WebOptions {
  logger: Logger;
  /**
   * From `decideServing` (services/security/serving-policy.ts). Defaults to what `headroom serve`
   * decides for its default bind, 127.0.0.1 over plain HTTP with no proxy.
   */
  security?: WebSecurity;
  trustProxy?: TrustProxy;
  https?: { cert: Buffer; key: Buffer } | null;
}

const LOOPBACK_DEFAULT: WebSecurity = { secureCookies: false, demoEligible: true };

/** Builds the web app. Nothing here opens files or databases except through `services`. */
export async function createWeb(services: Services, options: WebOptions): Promise<FastifyInstance> {
  const security = options.security ?? LOOPBACK_DEFAULT;
  const trustProxy = fastifyTrustProxy(options.trustProxy ?? false);
  const app = (options.https ? Fastify({ logger: false, trustProxy, https: options.https }) : Fastify({ logger: false, trustProxy })) as unknown as FastifyInstance;
  const render = createRenderer();
  const log = options.logger;

  // A page being read shares one lookup of the councils and of each council's data version among
  // all its parts (several queries a request otherwise). Requests that may write never do.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') withReadOnlyMemo(done);
    else done();
  });

  app.decorateReply('view', function view(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request;
    const html = render(template, {
      navigation: navigation(request.url.split('?')[0] ?? '/', request.principal ?? null),
      principal: request.principal,
      csrfToken: request.session?.csrfToken,
      cspNonce: this.cspNonce?.script,
      ...context,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  // Route patterns, not URLs, are logged: URLs can carry a child's or a worker's identifier.
  app.addHook('onResponse', async (request, reply) => {
    log.info(
      { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // The GOV.UK template's one inline script carries the per-request nonce; the app's own JS is /static/app.mjs.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(security.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: security.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(authPlugin, { services, security, logger: log });

  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), access: ACCESS.public, assets: true };
    });
    await assets.register(fastifyStatic, { root: path.join(GOVUK_DIST, 'govuk', 'assets'), prefix: '/assets/', decorateReply: false });
    await assets.register(fastifyStatic, {
      root: path.join(GOVUK_DIST, 'govuk'),
      prefix: '/javascripts/',
      decorateReply: false,
      allowedPath: (p) => p === '/govuk-frontend.min.js' || p === '/govuk-frontend.min.js.map',
    });
    await assets.register(fastifyStatic, {
      root: path.join(GOVUK_DIST, 'govuk'),
      prefix: '/stylesheets/',
      decorateReply: false,
      allowedPath: (p) => p === '/govuk-frontend.min.css' || p === '/govuk-frontend.min.css.map',
    });
    await assets.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/static/', decorateReply: false });
    assets.get('/javascripts/app.mjs', (_req, reply) => reply.redirect('/static/app.mjs', 301));
    assets.get('/stylesheets/app.css', (_req, reply) => reply.redirect('/static/app.css', 301));
  });

  // No page takes a query parameter twice; a repeated one (an array) is refused plainly rather
  // than reaching code that expects one string.
  app.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    const lists = request.routeOptions.config.repeatableQuery ?? [];
    const repeated = Object.entries(query ?? {}).find(([k, v]) => Array.isArray(v) && !lists.includes(k));
    if (repeated) throw new AppError('bad_usage', `The address gives "${repeated[0].slice(0, 40)}" more than once. Use it once.`);
  });

  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } });

  app.get('/health', { config: { access: ACCESS.public } }, async () => services.system.health());
  app.get('/status', { config: { access: ACCESS.public } }, async (_request, reply) => reply.view('pages/status.njk', { pageTitle: 'Service status', ...statusView(await services.system.health()) }));
  registerAuthRoutes(app, services, security);
  registerOidcRoutes(app, services, security);
  registerDataRoutes(app, services);
  registerCaseloadRoutes(app, services);
  registerSettingsRoutes(app, services);
  registerPerformanceRoutes(app, services);
  registerReportRoutes(app, services);
  registerBenchmarkRoutes(app, services);
  registerPlanningRoutes(app, services);
  registerForecastRoutes(app, services);
  registerImprovementRoutes(app, services);
  registerAdminRoutes(app, services);
  registerUserRoutes(app, services);
  registerPoolRoutes(app, services);

  app.get('/', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const las = await services.system.las();
    const p = request.principal;
    const visible = p ? las.filter((l) => p.laCodes.includes('*') || p.laCodes.includes(l.laCode)) : [];
    return reply.view('pages/start.njk', {
      hasData: visible.length > 0,
      laCount: visible.length,
      synthetic: visible.length > 0 && visible.every((l) => l.synthetic),
      laNames: visible.map((l) => l.laName ?? `LA ${l.laCode}`).join(', '),
      canImport: p?.role === 'admin' || p?.role === 'analyst',
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request)) return reply.code(404).send({ error: 'not_found', message: 'Page not found' });
    return reply.code(404).view('pages/error.njk', {
      pageTitle: 'Page not found',
      heading: 'Page not found',
      paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'],
    });
  });

  app.setErrorHandler((thrown, request, reply) => {
    const error = isAppError(thrown) ? thrown : (storageFault(thrown) ?? thrown);
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    const status = isAppError(error) ? httpStatusFor(error) : fastifyStatus && fastifyStatus < 500 ? fastifyStatus : 500;
    if (status >= 500) {
      log.error({ err: { type: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack }, route: request.routeOptions.url }, 'request failed');
    }
    // A named fault of the machine (a full disk, say) is told as it is; anything else stays generic.
    const named = isAppError(error) && (error.code === 'database_unavailable' || error.code === 'database_in_use');
    const message = status >= 500 && !named ? 'Sorry, there is a problem with the service. Try again later.' : (error as Error).message;
    const issues = isAppError(error) && status < 500 ? error.issues.filter((i) => !message.includes(i.message)) : [];
    if (wantsJson(request)) return reply.code(status).send({ error: isAppError(error) ? error.code : 'internal', message, ...(issues.length > 0 ? { issues } : {}) });
    if (status === 404) {
      return reply.code(404).view('pages/error.njk', { pageTitle: 'Page not found', heading: 'Page not found', paragraphs: [message] });
    }
    if (status === 403) {
      return reply.code(403).view('pages/error.njk', { pageTitle: 'You cannot do that', heading: 'You cannot do that', paragraphs: [message] });
    }
    return reply.code(status).view('pages/error.njk', {
      pageTitle: status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem',
      heading: status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem',
      paragraphs: status >= 500 ? [...(named ? [message] : []), 'Try again later.', 'Nothing you entered has been saved if the page did not say so.'] : [message, ...issues.map((i) => i.message)],
    });
  });

  return app;
}

/** A hop count becomes the function Fastify's types accept: trust that many proxies nearest to us. */
function fastifyTrustProxy(value: TrustProxy): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health' || (request.headers.accept ?? '').startsWith('application/json');
}
