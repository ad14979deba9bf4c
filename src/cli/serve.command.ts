import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { createWeb } from '../web/server.ts';
import type { CliContext } from './context.ts';
import { parseFlags } from './flags.ts';
import { describeDemo } from './demo.command.ts';
import { lastMonthEndBefore } from '../services/demo.service.ts';
import { warmAllPages, warmPagesAfterImports } from '../services/page-warmer.ts';
import { decideServing, type ServingDecision } from '../services/security/serving-policy.ts';

const ServeFlags = z.object({
  host: z.string().min(1).optional(),
  port: z.coerce.number({ error: 'is not valid: give a port number from 0 to 65535' }).int('is not valid: give a port number from 0 to 65535').min(0, 'is not valid: give a port number from 0 to 65535').max(65535, 'is not valid: give a port number from 0 to 65535').optional(),
});

export function registerServeCommands(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('start the web app')
    .addOption(new Option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)'))
    .addOption(new Option('--port <port>', 'port to listen on (default 3000, or PORT)'))
    .action(async (flags: unknown) => {
      await serve(ctx, parseFlags(ServeFlags, flags));
    });

  program
    .command('start')
    .description('start the web app; on an empty database, first load the synthetic council Demoshire (what `npm start` runs)')
    .addOption(new Option('--host <host>', 'address to listen on (default 127.0.0.1, or HOST)'))
    .addOption(new Option('--port <port>', 'port to listen on (default 3000, or PORT)'))
    .action(async (flags: unknown) => {
      const parsed = parseFlags(ServeFlags, flags);
      servingDecision(ctx, parsed);
      const { adapters, services } = await ctx.open();
      try {
        if ((await services.system.laCodes()).length === 0) {
          ctx.err('The database is empty: loading the synthetic council Demoshire first (about a minute the first time).');
          const summary = await services.demo.load({ seed: 1, las: 1, endDate: lastMonthEndBefore(adapters.clock().toISOString().slice(0, 10)), onProgress: (m) => ctx.err(m) });
          ctx.err(describeDemo(summary));
        }
      } finally {
        await adapters.close();
      }
      await serve(ctx, parsed);
    });
}

/** Refuses (exit 2) a non-loopback bind without HTTPS, before anything is opened or loaded. */
function servingDecision(ctx: CliContext, flags: { host?: string | undefined }): Extract<ServingDecision, { ok: true }> {
  const config = ctx.config();
  const decision = decideServing({ host: flags.host ?? config.host, tls: config.tls !== null, trustProxy: config.trustProxy !== false });
  if (!decision.ok) throw new AppError('bad_usage', decision.message);
  return decision;
}

async function readTls(tls: { certFile: string; keyFile: string }): Promise<{ cert: Buffer; key: Buffer }> {
  try {
    return { cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) };
  } catch (err) {
    throw new AppError('bad_usage', `Could not read the TLS certificate or key (TLS_CERT_FILE, TLS_KEY_FILE): ${(err as Error).message}`);
  }
}

/** Opens the database (migrating it), starts the web app and keeps running until stopped. */
export async function serve(ctx: CliContext, flags: { host?: string | undefined; port?: number | undefined }): Promise<void> {
  const config = ctx.config();
  const host = flags.host ?? config.host;
  const port = flags.port ?? config.port;
  const decision = servingDecision(ctx, flags);
  const https = config.tls ? await readTls(config.tls) : null;
  const logger = ctx.logger('server');
  const { adapters, services } = await ctx.open({ logger });
  warmPagesAfterImports(services);
  const app = await createWeb(services, {
    logger,
    security: { secureCookies: decision.secureCookies, demoEligible: decision.demoEligible },
    trustProxy: config.trustProxy,
    https,
  });
  try {
    await app.listen({ host, port });
  } catch (err) {
    await adapters.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new AppError('bad_usage', `Port ${port} on ${host} is already in use. Stop the other program or choose another port with --port.`);
    throw err;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const readyMs = Math.round(performance.now());
  logger.info(
    { host, port: actualPort, database: adapters.dbKind, readyMs, https: https !== null, trustProxy: config.trustProxy !== false, demoEligible: decision.demoEligible },
    `Headroom is listening at ${https ? 'https' : 'http'}://${host}:${actualPort} (ready in ${(readyMs / 1000).toFixed(1)} s)` +
      (decision.demoEligible ? '; while it holds only synthetic data, visitors from this computer are signed in as a demo administrator' : '; sign-in is required'),
  );
  const warmStart = performance.now();
  void services.system
    .laCodes()
    .then((codes) => warmAllPages(services, codes, (laCode, err) => logger.warn({ laCode, err }, `could not prepare the pages of LA ${laCode} in advance; they will be computed on first view`)))
    .then((warmed) => logger.info({ councils: warmed, ms: Math.round(performance.now() - warmStart) }, `prepared the Overview and Performance pages of ${warmed} council(s)`))
    .catch((err: unknown) => logger.warn({ err }, 'could not list the councils to prepare their pages'))
    // A pool's page reads its members' figures, so it comes after them.
    .then(() => services.pools.warmPoolPages())
    .catch((err: unknown) => logger.warn({ err }, 'could not prepare the regional pools’ pages in advance; they will be computed on first view'));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('stopping');
  await app.close();
  await adapters.close();
}
