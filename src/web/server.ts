import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { Services } from '../app.ts';
import { httpStatusFor, isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { ASSETS_DIR, GOVUK_DIST, createRenderer, navigation } from './render.ts';
import { registerCaseloadRoutes } from './routes/caseloads.routes.ts';
import { UPLOAD_LIMIT_BYTES, registerDataRoutes } from './routes/data.routes.ts';
import { registerSettingsRoutes } from './routes/settings.routes.ts';
import { registerPerformanceRoutes, registerReportRoutes } from './routes/performance.routes.ts';
import fastifyFormbody from '@fastify/formbody';

declare module 'fastify' {
  interface FastifyReply {
    view(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export interface WebOptions {
  logger: Logger;
}

/** Builds the web app. Nothing here opens files or databases except through `services`. */
export async function createWeb(services: Services, options: WebOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false });
  const render = createRenderer();
  const log = options.logger;

  app.decorateReply('view', function view(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const html = render(template, { navigation: navigation(this.request.url.split('?')[0] ?? '/'), ...context });
    return this.type('text/html; charset=utf-8').send(html);
  });

  // Route patterns, not URLs, are logged: URLs can carry a child's or a worker's identifier.
  app.addHook('onResponse', async (request, reply) => {
    log.info(
      { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  await app.register(fastifyStatic, { root: path.join(GOVUK_DIST, 'govuk', 'assets'), prefix: '/assets/', decorateReply: false });
  await app.register(fastifyStatic, {
    root: path.join(GOVUK_DIST, 'govuk'),
    prefix: '/javascripts/',
    decorateReply: false,
    allowedPath: (p) => p === '/govuk-frontend.min.js' || p === '/govuk-frontend.min.js.map',
  });
  await app.register(fastifyStatic, {
    root: path.join(GOVUK_DIST, 'govuk'),
    prefix: '/stylesheets/',
    decorateReply: false,
    allowedPath: (p) => p === '/govuk-frontend.min.css' || p === '/govuk-frontend.min.css.map',
  });
  await app.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/static/',
    decorateReply: false,
  });
  app.get('/javascripts/app.mjs', (_req, reply) => reply.redirect('/static/app.mjs', 301));
  app.get('/stylesheets/app.css', (_req, reply) => reply.redirect('/static/app.css', 301));

  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } });

  app.get('/health', async () => services.system.health());
  registerDataRoutes(app, services);
  registerCaseloadRoutes(app, services);
  registerSettingsRoutes(app, services);
  registerPerformanceRoutes(app, services);
  registerReportRoutes(app, services);

  app.get('/', async (_request, reply) => {
    const las = await services.system.las();
    return reply.view('pages/start.njk', {
      hasData: las.length > 0,
      laCount: las.length,
      synthetic: las.length > 0 && las.every((l) => l.synthetic),
      laNames: las.map((l) => l.laName ?? `LA ${l.laCode}`).join(', '),
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

  app.setErrorHandler((error, request, reply) => {
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    const status = isAppError(error) ? httpStatusFor(error) : fastifyStatus && fastifyStatus < 500 ? fastifyStatus : 500;
    if (status >= 500) {
      log.error({ err: { type: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack }, route: request.routeOptions.url }, 'request failed');
    }
    const message = status >= 500 ? 'Sorry, there is a problem with the service. Try again later.' : (error as Error).message;
    if (wantsJson(request)) return reply.code(status).send({ error: isAppError(error) ? error.code : 'internal', message });
    if (status === 404) {
      return reply.code(404).view('pages/error.njk', { pageTitle: 'Page not found', heading: 'Page not found', paragraphs: [message] });
    }
    return reply.code(status).view('pages/error.njk', {
      pageTitle: status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem',
      heading: status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem',
      paragraphs: status >= 500 ? ['Try again later.', 'Nothing you entered has been saved if the page did not say so.'] : [message],
    });
  });

  return app;
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health' || (request.headers.accept ?? '').startsWith('application/json');
}
