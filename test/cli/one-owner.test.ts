import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-owner-'));
const SAMPLE = fixturePath('annex-a/annex-a-sample.xlsx');

async function headroom(dataDir: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SERVER_HOLDS = /^headroom: The data directory .* is in use by the web server \(headroom serve, process \d+, since .* UTC\)\. Upload the file on the web app's Data page instead, or stop the server first, or run both against one PostgreSQL server with DATABASE_URL\.\n$/;
const COMMAND_HOLDS = /^headroom: The data directory .* is in use by another command, headroom import annex-a \(process \d+, since .* UTC\)\. Wait for it to finish or stop it, then try again, or run both against one PostgreSQL server with DATABASE_URL\.\n$/;

describe('one process owns an embedded data directory', () => {
  it('refuses a CLI import while the server holds the directory, with exit 3 and one plain line; after the server stops the import runs', async () => {
    const dataDir = path.join(dir, 'served');
    const server = spawn(BIN, ['serve', '--port', '0'], { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' } });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        server.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes('is listening')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      const refused = await headroom(dataDir, ['import', 'annex-a', SAMPLE, '--la', '855']);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(SERVER_HOLDS);
      expect(refused.stderr).toContain(`process ${server.pid}`);
    } finally {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    const after = await headroom(dataDir, ['import', 'annex-a', SAMPLE, '--la', '855', '--json']);
    expect(after.code).toBe(0);
  }, 240_000);

  it('two CLI imports at once: one is refused, and the directory opens afterwards holding one copy', async () => {
    const dataDir = path.join(dir, 'twice');
    const [a, b] = await Promise.all([
      headroom(dataDir, ['import', 'annex-a', SAMPLE, '--la', '855', '--json']),
      headroom(dataDir, ['import', 'annex-a', SAMPLE, '--la', '855', '--json']),
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 3]);
    expect((a.code === 3 ? a : b).stderr).toMatch(COMMAND_HOLDS);
    const caseloads = await headroom(dataDir, ['caseloads', '--la', '855', '--format', 'json']);
    expect(caseloads.code).toBe(0);
    const status = await headroom(dataDir, ['db', 'status', '--json']);
    expect(status.code).toBe(0);
    const loaded = JSON.parse((a.code === 0 ? a : b).stdout) as { lists: Array<{ loaded: number }> };
    const c = JSON.parse(caseloads.stdout) as { totals: { children: number } };
    expect(c.totals.children).toBeGreaterThan(0);
    expect(loaded.lists[0]!.loaded).toBe(5);
  }, 240_000);
});
