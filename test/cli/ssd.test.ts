import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dataDir = mkdtempSync(path.join(tmpdir(), 'headroom-ssd-cli-'));

async function headroom(args: string[]) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('headroom import ssd', () => {
  it('imports the sample SSD folder, and refuses a folder of other files with one plain line and exit 3', async () => {
    const ok = await headroom(['import', 'ssd', fixturePath('ssd'), '--la', '201', '--extract-date', '2024-03-31', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const result = JSON.parse(ok.stdout) as { source: string; lists: Array<{ rowsRead: number; loaded: number; rejected: number }> };
    expect(result.source).toBe('ssd');
    expect(result.lists).toHaveLength(12);
    for (const l of result.lists) expect(l.loaded + l.rejected).toBe(l.rowsRead);

    const wrong = await headroom(['import', 'ssd', fixturePath('ssda903'), '--la', '201']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/No file is an SSD table Headroom reads .*Nothing was loaded\./);

    const missing = await headroom(['import', 'ssd', path.join(dataDir, 'no-such-folder'), '--la', '201']);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});
