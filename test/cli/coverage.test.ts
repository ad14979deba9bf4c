import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { extract2023, extract2024 } from '../support/coverage-extracts.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-coverage-'));

async function headroom(args: string[]) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface KpiJson {
  id: string;
  numerator: number | null;
  value: number | null;
  coverage: string;
  direction: string | null;
  previous: { value: number | null; coverage: string } | null;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('headroom kpis and coverage', () => {
  it('compares a year only with a previous year the data covers, in the table and the JSON', { timeout: 300_000 }, async () => {
    writeFileSync(path.join(dir, 'march-2024.xlsx'), await extract2024());
    writeFileSync(path.join(dir, 'march-2023.xlsx'), await extract2023());

    const first = await headroom(['import', 'annex-a', path.join(dir, 'march-2024.xlsx'), '--la', '855', '--extract-date', '2024-03-31', '--covers-from', '2023-04-01', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).coverage).toContainEqual({ family: 'contacts', from: '2023-04-01', to: '2024-03-31' });

    const json = await headroom(['kpis', '--la', '855', '--year', '2023-24', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const kpis = (JSON.parse(json.stdout) as { kpis: KpiJson[] }).kpis;
    expect(kpis.find((k) => k.id === 'contacts')).toMatchObject({ numerator: 120, coverage: 'full', direction: null, previous: { value: null, coverage: 'none' } });
    expect(kpis.every((k) => k.direction === null && k.previous?.coverage === 'none')).toBe(true);

    const table = await headroom(['kpis', '--la', '855', '--year', '2023-24']);
    expect(table.stdout).toMatch(/^Contacts\s+120\s+120\s+count\s+no data\s+full/m);
    expect(table.stdout).not.toMatch(/\b(up|down)\b\s+full/);

    const earlier = await headroom(['import', 'annex-a', path.join(dir, 'march-2023.xlsx'), '--la', '855', '--extract-date', '2023-03-31', '--covers-from', '2022-04-01']);
    expect(earlier.code, earlier.stderr).toBe(0);
    const compared = (JSON.parse((await headroom(['kpis', '--la', '855', '--year', '2023-24', '--format', 'json'])).stdout) as { kpis: KpiJson[] }).kpis;
    expect(compared.find((k) => k.id === 'contacts')).toMatchObject({ numerator: 120, direction: 'up', previous: { value: 90, coverage: 'full' } });
    expect((await headroom(['kpis', '--la', '855', '--year', '2023-24'])).stdout).toMatch(/^Contacts\s+120\s+120\s+count\s+90\s+up\s+full/m);
  });
});
