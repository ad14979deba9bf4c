import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adapters, services } from '../src/app.ts';
import { buildProgram } from '../src/cli/main.ts';
import type { CliContext } from '../src/cli/context.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createWeb } from '../src/web/server.ts';
import { warmPagesAfterImports } from '../src/services/page-warmer.ts';
import { firstRequest, load, percentile } from './load.ts';

/**
 * `headroom benchmarks --la CODE --format json` after start-up (the database already open: the
 * command's own work, from reading the dataset to printing), and the Benchmarks page of
 * Demoshire with 20 concurrent clients.
 */
export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-benchmarks-'));
  const logger = createLogger({ level: 'silent' });
  const a = await adapters({ dataDir: path.join(dir, 'data'), databaseUrl: undefined, host: '127.0.0.1', port: 0, logLevel: 'silent' }, logger);
  try {
    const s = services(a);
    const figures: Record<string, string | number> = {};
    const ctx: CliContext = {
      out: () => undefined,
      err: (t) => process.stderr.write(t),
      isTty: false,
      env: {},
      config: () => loadConfig({}),
      logger: () => logger,
      readSecret: () => Promise.resolve(''),
      actor: () => 'cli:bench',
      open: () => Promise.resolve({ adapters: { ...a, close: () => Promise.resolve() }, services: s }),
    };
    const command = async (la: string) => {
      const start = performance.now();
      await buildProgram(ctx).parseAsync(['node', 'headroom', 'benchmarks', '--la', la, '--format', 'json']);
      return performance.now() - start;
    };
    figures['headroom benchmarks, first council in the process (ms)'] = Math.round(await command('855'));
    const codes = ['202', '370', '886', '330', '909', '341', '926', '876', '301', '851', '855', '940'];
    const times: number[] = [];
    for (let round = 0; round < 3; round++) for (const la of codes) times.push(await command(la));
    times.sort((x, y) => x - y);
    figures['headroom benchmarks, later councils: median, 95th percentile (ms)'] = `${Math.round(percentile(times, 0.5))}, ${Math.round(percentile(times, 0.95))}`;

    // As `headroom serve` does: each import's pages are worked out after it.
    warmPagesAfterImports(s);
    await s.demo.load({ seed: 1, las: 1, endDate: '2025-10-31' });
    await s.imports.settled();
    const app = await createWeb(s, { logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const first = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (!cookie.startsWith('headroom_session=')) throw new Error(`no demo session (status ${first.status})`);
    const page = '/benchmarks?la=999';
    figures[`${page}: first request after loading (ms)`] = await firstRequest(`http://127.0.0.1:${port}${page}`, { cookie });
    const result = await load({ url: `http://127.0.0.1:${port}${page}`, headers: { cookie } });
    figures[`${page}: requests/s, median, 95th and 99th percentile ms`] = `${result.requestsPerSecond}, ${result.p50}, ${result.p95}, ${result.p99}`;
    if (result.failures > 0) figures[`${page}: failures`] = result.failures;
    await app.close();
    return { name: 'benchmarks', target: 'headroom benchmarks for one council under 200 ms after start-up; the Benchmarks page under 300 ms', figures };
  } finally {
    await a.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
