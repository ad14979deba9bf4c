import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
    const t = Date.now();
    const res = spawnSync(path.resolve('bin/headroom'), ['demo', '--las', pool, '--no-serve'], { env: { ...process.env, HEADROOM_DATA_DIR: path.join(dir, 'pool'), DATABASE_URL: '' }, stdio: 'ignore' });
    if (res.status !== 0) throw new Error('headroom demo --las failed');
    const poolMs = Date.now() - t;
    return {
      name: 'demo',
      target: 'npm start on an empty data directory serving Demoshire within 60 s; demo --las 10 --no-serve within 5 minutes',
      figures: { 'npm start on an empty data directory, until Demoshire is served (s)': (start / 1000).toFixed(1), [`headroom demo --las ${pool} --no-serve (s)`]: (poolMs / 1000).toFixed(1) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
