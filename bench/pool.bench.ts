import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { adapters, services, type Services } from '../src/app.ts';
import { generateDemo } from '../src/demo/generate.ts';
import { lastMonthEndBefore } from '../src/services/demo.service.ts';
import { createLogger } from '../src/logger.ts';
import { createWeb } from '../src/web/server.ts';
import { warmPagesAfterImports, warmPooledCouncils } from '../src/services/page-warmer.ts';
import { firstRequest, load } from './load.ts';

const SERVER = 'postgres://postgres@127.0.0.1:5432';
const OWN_DATABASE = 'headroom_bench_pool';
const PASSWORD = 'a long benchmark passphrase with words';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The first request after the server has warmed the councils' figures, then 20 clients for 8 seconds. */
async function timePage(url: string, cookie: string, figures: Record<string, string | number>, label: string): Promise<number> {
  figures[`${label}: first request (ms)`] = await firstRequest(url, { cookie });
  const result = await load({ url, headers: { cookie } });
  figures[`${label}: requests/s, median, 95th and 99th percentile ms`] = `${result.requestsPerSecond}, ${result.p50}, ${result.p95}, ${result.p99}`;
  if (result.failures > 0) figures[`${label}: failures`] = result.failures;
  return result.p95;
}

/**
 * A member's latest Annex A extract arrives again while the server runs (the same file
 * `headroom demo` loaded for it, generated again from its seed): the council's pages and its
 * pool's page are worked out after the import, before anyone asks.
 */
async function reimportOneMember(s: Services, laCode: string, figures: Record<string, string | number>): Promise<void> {
  const index = 999 - Number(laCode);
  const { laName } = s.demo.councilFor(index);
  const dir = await mkdtemp(path.join(tmpdir(), 'headroom-bench-pool-'));
  try {
    const manifest = await generateDemo({ outDir: dir, seed: 1 + index, endDate: lastMonthEndBefore(new Date().toISOString().slice(0, 10)), laCode, laName });
    const latest = manifest.files.filter((f) => f.kind === 'annex-a').at(-1);
    if (!latest) throw new Error(`no Annex A extract was generated for LA ${laCode}`);
    warmPagesAfterImports(s);
    const t = performance.now();
    const result = await s.imports.run('annex-a', { laCode, fileName: path.basename(latest.path), bytes: await readFile(latest.path), loadedBy: 'bench', extractDate: latest.extractDate });
    if (!result.ok) throw new Error(`the extract for LA ${laCode} was not loaded`);
    figures[`LA ${laCode}'s latest extract imported again (s)`] = ((performance.now() - t) / 1000).toFixed(1);
    const w = performance.now();
    await s.imports.settled();
    figures['its pages and the pool’s worked out after the import (s)'] = ((performance.now() - w) / 1000).toFixed(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A regional pool on PostgreSQL: `headroom demo --las N` loads N synthetic councils
 * (BENCH_POOL_LAS, default 33, London's boroughs), every one consents to one pool, and a
 * regional analyst opens the pool page. Uses BENCH_DATABASE_URL, or creates (and drops) a
 * database of its own on the local server.
 */
export async function run() {
  const las = process.env.BENCH_POOL_LAS ?? '33';
  const given = process.env.BENCH_DATABASE_URL;
  const url = given ?? `${SERVER}/${OWN_DATABASE}`;
  if (!given) {
    await admin(`drop database if exists ${OWN_DATABASE}`);
    await admin(`create database ${OWN_DATABASE}`);
  }
  const figures: Record<string, string | number> = {};
  try {
    const t = performance.now();
    const demo = spawnSync(path.resolve('bin/headroom'), ['demo', '--las', las, '--no-serve'], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (demo.status !== 0) throw new Error(`headroom demo --las ${las} failed: ${demo.stderr.split('\n').slice(-5).join(' ')}`);
    figures[`headroom demo --las ${las} --no-serve on PostgreSQL (s)`] = ((performance.now() - t) / 1000).toFixed(1);

    const logger = createLogger({ level: 'silent' });
    // The data directory is not used when a database URL is given.
    const a = await adapters({ databaseUrl: url, dataDir: '' }, logger);
    try {
      const s = services(a);
      const operator = { actor: 'bench', role: 'admin' as const, laCodes: ['*'] };
      const councils = await s.system.laCodes();
      const pool = await s.pools.create('Bench pool', operator);
      for (const laCode of councils) await s.pools.consent(pool.name, laCode, operator);
      await s.users.add({ username: 'bench-regional', password: PASSWORD, role: 'regional_analyst', pool: pool.name }, { actor: 'bench' });
      const signedIn = await s.auth.signIn({ username: 'bench-regional', password: PASSWORD, ip: '127.0.0.1' });
      if (!signedIn.ok) throw new Error('the regional analyst could not sign in');
      const cookie = `headroom_session=${signedIn.token}`;
      figures['councils consenting to the pool'] = councils.length;

      const app = await createWeb(s, { logger });
      await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        // As `headroom serve` does as it starts: every pooled council's pages are worked out once.
        const warmStart = performance.now();
        await warmPooledCouncils(s);
        figures['pooled councils’ pages warmed as the server starts (s)'] = ((performance.now() - warmStart) / 1000).toFixed(1);
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        const base = `http://127.0.0.1:${port}`;
        const poolP95 = await timePage(`${base}/pools/${pool.id}`, cookie, figures, 'pool page');
        await timePage(`${base}/overview?la=${councils[0]}`, cookie, figures, `one council's Overview (LA ${councils[0]})`);
        figures['pool page 95th percentile (ms)'] = poolP95;
        await reimportOneMember(s, councils[0]!, figures);
        figures['pool page after it: first request (ms)'] = await firstRequest(`${base}/pools/${pool.id}`, { cookie });
        figures[`LA ${councils[0]}'s Overview after it: first request (ms)`] = await firstRequest(`${base}/overview?la=${councils[0]}`, { cookie });
      } finally {
        await app.close();
      }
      const size = await a.db.selectNoFrom((eb) => eb.fn<string>('pg_database_size', [eb.fn('current_database')]).as('bytes')).executeTakeFirstOrThrow();
      figures['database size (MB)'] = Math.round(Number(size.bytes) / 1024 / 1024);
    } finally {
      await a.close();
    }
    return { name: 'pool', target: 'a pool of 33 councils on PostgreSQL: demo --las 33 under 15 minutes; the pool page under 300 ms at the 95th percentile with 20 clients', figures };
  } finally {
    if (!given) await admin(`drop database if exists ${OWN_DATABASE}`);
  }
}
