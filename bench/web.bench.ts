import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { adapters, services } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { createWeb } from '../src/web/server.ts';
import { warmPagesAfterImports } from '../src/services/page-warmer.ts';

/** Page response times on Demoshire with 20 concurrent clients, page by page: every section's first page (the Benchmarks page is timed by benchmarks.bench.ts). */
export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-web-'));
  const logger = createLogger({ level: 'silent' });
  const a = await adapters({ dataDir: path.join(dir, 'data'), databaseUrl: undefined, host: '127.0.0.1', port: 0, logLevel: 'silent' }, logger);
  try {
    const s = services(a);
    // As `headroom serve` does: each import's Overview and Performance figures are computed after it.
    warmPagesAfterImports(s);
    await s.demo.load({ seed: 1, las: 1, endDate: '2025-10-31' });
    const warmStart = performance.now();
    await s.imports.settled();
    const warmMs = Math.round(performance.now() - warmStart);
    const app = await createWeb(s, { logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // Demoshire on loopback signs the visitor in as the demo administrator: reuse that one session,
    // as a browser would, rather than starting a session per request.
    const first = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (!cookie.startsWith('headroom_session=')) throw new Error(`no demo session (status ${first.status})`);
    const pages = ['/overview', '/caseloads', '/caseloads/teams/T-ASS3', '/caseloads/workers', '/performance', '/forecast', '/planning', '/improvement', '/data', '/admin/audit', '/status'];
    const figures: Record<string, string | number> = { 'pages warmed after the last import, still running when it returned (ms)': warmMs };
    let worst = 0;
    let worst90 = 0;
    for (const page of pages) {
      // The first request after new data computes and caches the page's figures: timed on its own,
      // so the percentiles below describe the steady state every later visitor sees.
      const coldStart = performance.now();
      const cold = await fetch(`http://127.0.0.1:${port}${page}`, { headers: { cookie } });
      await cold.arrayBuffer();
      figures[`${page}: first request after loading (ms)`] = Math.round(performance.now() - coldStart);
      // The clients run on a worker thread of their own, as real browsers are not in the server's
      // process: otherwise reading 20 clients' responses takes turns with serving them.
      const result = await autocannon({ url: `http://127.0.0.1:${port}${page}`, connections: 20, duration: 8, timeout: 30, headers: { cookie }, workers: 1 });
      // autocannon reports the 90th and 97.5th percentiles, not the 95th: it lies between them.
      const p975 = result.latency.p97_5;
      worst = Math.max(worst, p975);
      worst90 = Math.max(worst90, result.latency.p90);
      figures[`${page}: requests/s, median ms, 90th and 97.5th percentile ms`] = `${Math.round(result.requests.average)}, ${result.latency.p50}, ${result.latency.p90}, ${p975}`;
      if (result.non2xx > 0 || result.errors > 0) figures[`${page}: failures`] = result.non2xx + result.errors;
    }
    figures['worst 90th and 97.5th percentiles (ms; the 95th lies between them)'] = `${worst90}, ${worst}`;
    await app.close();
    return { name: 'web', target: 'page responses under 300 ms at the 95th percentile with 20 concurrent clients', figures };
  } finally {
    await a.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
