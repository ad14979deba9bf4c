import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-cli-flow-'));
const SAMPLE = fixturePath('annex-a/annex-a-sample.xlsx');

async function headroom(args: string[]) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI contract, end to end', () => {
  it('imports Annex A with --json in the documented shape, then answers caseloads, kpis and the report', async () => {
    const imp = await headroom(['import', 'annex-a', SAMPLE, '--la', '855', '--json']);
    expect(imp.code).toBe(0);
    const result = JSON.parse(imp.stdout) as { ok: boolean; batchId: number; laCode: string; extractDate: string; replaced: boolean; lists: Array<{ list: number; sheet: string; rowsRead: number; loaded: number; rejected: number }>; issues: unknown[]; missingLists: number[] };
    expect(result).toMatchObject({ ok: true, laCode: '855', extractDate: '2021-03-15', replaced: false, missingLists: [] });
    expect(result.lists).toHaveLength(11);
    expect(result.lists[0]).toEqual({ list: 1, sheet: 'List 1', rowsRead: 5, loaded: 5, rejected: 0 });

    const caseloads = await headroom(['caseloads', '--la', '855', '--format', 'json']);
    expect(caseloads.code).toBe(0);
    const c = JSON.parse(caseloads.stdout) as { laCode: string; asOf: string; profile: string; teams: unknown[]; workers: unknown[]; services: unknown[]; totals: { children: number } };
    expect(c).toMatchObject({ laCode: '855', asOf: '2021-03-15', profile: 'local-18-20' });
    expect(c.teams.length).toBeGreaterThan(0);
    expect(c.totals.children).toBeGreaterThan(0);
    const csv = await headroom(['caseloads', '--la', '855', '--by', 'worker', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('Worker id,Name,Team,Role,ASYE,Agency,FTE,Caseload,Weighted caseload,Capacity,Headroom,Flags');

    const kpis = await headroom(['kpis', '--la', '855', '--year', '2020-21', '--format', 'json']);
    expect(kpis.code).toBe(0);
    const k = JSON.parse(kpis.stdout) as { laCode: string; period: { label: string; start: string; end: string }; kpis: Array<{ id: string; previous: unknown; direction: unknown }> };
    // The extract ends on 15 March 2021, so the year is still running there: counted to that date.
    expect(k.period).toEqual({ label: '2020-21 to 15 March 2021', start: '2020-04-01', end: '2021-03-15', running: true });
    expect(k.kpis.find((x) => x.id === 'contacts')).toMatchObject({ numerator: 5, value: 5 });

    const out = path.join(dir, 'report.docx');
    const report = await headroom(['report', 'performance', '--la', '855', '--year', '2020-21', '--out', out]);
    expect(report.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  }, 240_000);

  it('exits 3 with nothing written for a file that cannot be read, and 2 for bad flags', async () => {
    const bad = path.join(dir, 'bad.xlsx');
    writeFileSync(bad, 'not a workbook');
    const r = await headroom(['import', 'annex-a', bad, '--la', '855']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^headroom: bad\.xlsx: .*Nothing was loaded\.$/m);
    expect((await headroom(['kpis', '--la', '855', '--year', '2020'])).code).toBe(2);
    expect((await headroom(['report', 'performance', '--la', '855', '--year', '2020-21', '--out', 'x.pdf'])).code).toBe(2);
    expect((await headroom(['caseloads', '--la', '855', '--as-of', '2021-02-30'])).code).toBe(2);
  }, 240_000);
});
