import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Time from `headroom serve` starting to /health answering, on a fresh and on an existing data directory. */
async function timeToHealth(dataDir: string, port: number): Promise<number> {
  const started = Date.now();
  const child = spawn(path.resolve('bin/headroom'), ['serve', '--port', String(port)], {
    env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (Date.now() - started > 60_000) throw new Error('server did not answer within 60 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.ok) return Date.now() - started;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-serve-'));
  try {
    const fresh = await timeToHealth(path.join(dir, 'data'), 3901);
    const existing = await timeToHealth(path.join(dir, 'data'), 3902);
    return {
      name: 'serve',
      target: 'fresh data directory under 10 s, existing under 5 s',
      figures: { 'fresh data directory (s)': (fresh / 1000).toFixed(1), 'existing data directory (s)': (existing / 1000).toFixed(1) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
