import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dataDir = mkdtempSync(path.join(tmpdir(), 'headroom-cli-'));

async function headroom(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('headroom CLI', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await headroom(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'start', 'db']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('every command has --help', async () => {
    for (const args of [['serve', '--help'], ['db', '--help'], ['db', 'migrate', '--help'], ['db', 'status', '--help']]) {
      const r = await headroom(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: headroom');
    }
  });

  it('--version prints the package version', async () => {
    const r = await headroom(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a bad flag exits 2 with a clear message and no stack trace', async () => {
    const r = await headroom(['serve', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command exits 2', async () => {
    const r = await headroom(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('a bad port value exits 2 with a plain message', async () => {
    const r = await headroom(['serve', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^headroom: --port is not valid/m);
  });

  it('db migrate then db status report the embedded database and its migrations', async () => {
    const m = await headroom(['db', 'migrate']);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/Applied \d+ migration|up to date/);
    const s = await headroom(['db', 'status', '--json']);
    expect(s.code).toBe(0);
    const status = JSON.parse(s.stdout) as { database: string; pending: string[]; applied: string[] };
    expect(status.database).toBe('pglite');
    expect(status.pending).toEqual([]);
    expect(status.applied.length).toBeGreaterThan(0);
  });

  it('an unreachable DATABASE_URL fails with one plain line and exit 1', async () => {
    const r = await headroom(['db', 'status'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^headroom: Could not connect to the PostgreSQL database at 127\.0\.0\.1:1\/none/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('headroom benchmarks', () => {
  it('prints the contract JSON for a council, and exits 3 for an unknown LA saying how to find codes', async () => {
    const r = await headroom(['benchmarks', '--la', '855', '--year', '2025', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { laCode: string; year: number; region: string; neighbours: string[]; measures: Array<Record<string, unknown>> };
    expect(json).toMatchObject({ laCode: '855', year: 2025, region: 'East Midlands' });
    expect(json.neighbours).toHaveLength(10);
    for (const id of ['caseload_fte', 'turnover_rate_fte', 'agency_rate_fte', 'vacancy_rate_fte', 'rereferral_percent', 'cpp_subsequent_percent', 'cla_rate_per_10000']) {
      expect(Object.keys(json.measures.find((m) => m.id === id) ?? {})).toEqual(expect.arrayContaining(['id', 'label', 'value', 'england', 'region', 'neighboursAverage', 'rank', 'of', 'quartile', 'betterWhen']));
    }
    const unknown = await headroom(['benchmarks', '--la', '123']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('headroom benchmarks las');
  });

  it('lists the LA codes, and refuses a bad --year as bad usage', async () => {
    const las = await headroom(['benchmarks', 'las']);
    expect(las.code).toBe(0);
    expect(las.stdout).toMatch(/^\s*855\s+Leicestershire\s+East Midlands/m);
    expect((await headroom(['benchmarks', '--la', '855', '--year', '2024-25'])).code).toBe(2);
  });
});
