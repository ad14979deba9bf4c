import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databaseMb, withBenchDatabase } from './postgres.ts';

/** `headroom start` on an empty data directory, until the start page shows Demoshire. */
async function firstStart(dataDir: string, port: number): Promise<number> {
  const started = Date.now();
  const child = spawn(path.resolve('bin/headroom'), ['start', '--port', String(port)], { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  try {
    for (;;) {
      if (Date.now() - started > 300_000) throw new Error('not serving after 5 minutes');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.ok && (await res.text()).includes('Demoshire')) return Date.now() - started;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-demo-'));
  try {
    const start = await firstStart(path.join(dir, 'start'), 3911);
    const pool = process.env.BENCH_DEMO_LAS ?? '10';
    const demoPool = (dataDir: string, databaseUrl: string): number => {
      const t = Date.now();
      const res = spawnSync(path.resolve('bin/headroom'), ['demo', '--las', pool, '--no-serve'], { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, stdio: 'ignore' });
      if (res.status !== 0) throw new Error(`headroom demo --las ${pool} failed (exit ${res.status})`);
      return Date.now() - t;
    };
    const pgliteMs = demoPool(path.join(dir, 'pool'), '');
    // The same pool into PostgreSQL, where the database's work runs in its own processes beside
    // Headroom's parsing rather than on Headroom's one thread as PGlite's does.
    const onPostgres = await withBenchDatabase('headroom_bench_demo', async (url) => ({ ms: demoPool(path.join(dir, 'pool-pg'), url), mb: await databaseMb(url) }));
    return {
      name: 'demo',
      target: 'npm start on an empty data directory serving Demoshire within 60 s; demo --las 10 --no-serve within 5 minutes',
      figures: {
        'npm start on an empty data directory, until Demoshire is served (s)': (start / 1000).toFixed(1),
        [`headroom demo --las ${pool} --no-serve, PGlite (s)`]: (pgliteMs / 1000).toFixed(1),
        [`headroom demo --las ${pool} --no-serve, PostgreSQL (s)`]: 'result' in onPostgres ? (onPostgres.result.ms / 1000).toFixed(1) : `not run: ${onPostgres.skipped}`,
        [`PostgreSQL database size after it (MB)`]: 'result' in onPostgres ? onPostgres.result.mb : '–',
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
