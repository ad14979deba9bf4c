import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dataDir = mkdtempSync(path.join(tmpdir(), 'headroom-returns-cli-'));

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

describe('headroom import ssda903 / cin-census and kpis from them', () => {
  it('imports the sample 903 folder and census, then reports the DfE count at 31 March', async () => {
    const r903 = await headroom(['import', 'ssda903', fixturePath('ssda903'), '--la', '201', '--year', '2018', '--json']);
    expect(r903.code, r903.stderr).toBe(0);
    const result = JSON.parse(r903.stdout) as { lists: Array<{ rowsRead: number; loaded: number; rejected: number }>; changes: { added: number } };
    expect(result.lists).toHaveLength(5);
    expect(result.changes.added).toBeGreaterThan(0);
    const cin = await headroom(['import', 'cin-census', fixturePath('cin-census/cin-census-2021.xml'), '--la', '201']);
    expect(cin.code, cin.stderr).toBe(0);
    expect(cin.stdout).toContain('Covers referrals from 2022-04-01 to 2023-03-31.');
    const kpis = await headroom(['kpis', '--la', '201', '--year', '2017-18', '--format', 'json']);
    expect(kpis.code, kpis.stderr).toBe(0);
    const cla = (JSON.parse(kpis.stdout) as { kpis: Array<{ id: string; value: number | null }> }).kpis.find((k) => k.id === 'cla_open_at_end');
    expect(cla?.value).toBeGreaterThan(0);
  });

  it('exits 3 naming the file for a wrong file, a census of another LA, or no --year', async () => {
    const wrong = path.join(dataDir, 'roster.csv');
    writeFileSync(wrong, 'NAME,TEAM\nA,B\n');
    const a = await headroom(['import', 'ssda903', wrong, '--la', '201', '--year', '2021']);
    expect(a.code).toBe(3);
    expect(a.stderr).toContain('roster.csv is not an SSDA903 table');
    const b = await headroom(['import', 'cin-census', fixturePath('cin-census/cin-census-2021.xml'), '--la', '855']);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain('not LA 855');
    const c = await headroom(['import', 'ssda903', wrong, '--la', '201']);
    expect(c.code).toBe(2);
  });
});
