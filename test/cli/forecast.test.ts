import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-cli-forecast-'));

async function headroom(args: string[]) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface ForecastJson {
  laCode: string;
  origin: string;
  referenceWindow: { from: string; to: string };
  points: Array<{ measure: string; date: string; forecast: number; lower: number; upper: number }>;
  backtest: Array<{ measure: string; horizonMonths: number; mape: number | null; persistenceMape: number | null; trendMape: number | null; coverage: number | null }>;
  workforce: Array<{ date: string; teamId: string; children: number; fteRequired: number; fteInPost: number; gap: number }>;
  notes: string[];
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('headroom forecast', () => {
  it('exits 3 for a council with no data', async () => {
    const r = await headroom(['forecast', '--la', '855']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no data for LA 855');
  }, 120_000);

  describe('on a small Demoshire', () => {
    beforeAll(async () => {
      const demo = await headroom(['demo', '--children', '20000', '--no-serve']);
      expect(demo.code).toBe(0);
    }, 400_000);

    it('prints the JSON contract: points at each month end, the track record and the workforce', async () => {
      const r = await headroom(['forecast', '--la', '999', '--months', '12', '--format', 'json']);
      expect(r.code).toBe(0);
      const f = JSON.parse(r.stdout) as ForecastJson;
      expect(f.laCode).toBe('999');
      expect(f.referenceWindow.to).toBe(f.origin);
      for (const m of ['cla', 'cla_fostering', 'cla_residential', 'cla_supported', 'cla_placed_with_parents', 'cla_adoption', 'cla_other', 'cp', 'cin', 'referrals']) {
        const points = f.points.filter((p) => p.measure === m);
        expect(points, m).toHaveLength(12);
        for (const p of points) {
          expect(Object.keys(p).sort()).toEqual(['date', 'forecast', 'lower', 'measure', 'upper']);
          expect(p.lower).toBeLessThanOrEqual(p.forecast);
          expect(p.upper).toBeGreaterThanOrEqual(p.forecast);
          expect(p.date > f.origin).toBe(true);
        }
      }
      const cla = f.points.filter((p) => p.measure === 'cla');
      const groups = f.points.filter((p) => p.measure.startsWith('cla_') && p.date === cla[0]?.date).reduce((s, p) => s + p.forecast, 0);
      expect(Math.abs(groups - (cla[0]?.forecast ?? 0))).toBeLessThan(0.5);
      const row = f.backtest.find((b) => b.measure === 'cla' && b.horizonMonths === 3);
      expect(row).toMatchObject({ measure: 'cla', horizonMonths: 3 });
      expect(typeof row?.mape).toBe('number');
      expect(typeof row?.persistenceMape).toBe('number');
      expect(f.backtest.find((b) => b.measure === 'cla' && b.horizonMonths === 12)?.mape).toBeNull();
      expect(f.notes.join(' ')).toMatch(/No 12-month track record yet/);
      expect(f.workforce.length).toBeGreaterThan(0);
      expect(Object.keys(f.workforce[0] ?? {})).toEqual(expect.arrayContaining(['date', 'teamId', 'children', 'fteRequired', 'fteInPost', 'gap']));
    }, 120_000);

    it('forecasts from an earlier origin with only what was known then, and says when a forced window does not fit', async () => {
      const latest = JSON.parse((await headroom(['forecast', '--la', '999', '--months', '3', '--format', 'json'])).stdout) as ForecastJson;
      const origin = `${String(Number(latest.origin.slice(0, 4)) - 1)}${latest.origin.slice(4, 8)}01`;
      const r = await headroom(['forecast', '--la', '999', '--origin', origin, '--months', '3', '--window', '36', '--format', 'json']);
      expect(r.code).toBe(0);
      const f = JSON.parse(r.stdout) as ForecastJson;
      expect(f.origin).toBe(origin);
      expect(f.notes.join(' ')).toMatch(/A 36-month reference window needs 36 months of history before .*; the data cover/);
    }, 120_000);

    it('lets a scenario\'s demand change take the forecast instead of a typed factor', async () => {
      const f = JSON.parse((await headroom(['forecast', '--la', '999', '--months', '12', '--format', 'json'])).stdout) as ForecastJson;
      const rows = f.workforce.filter((w) => w.teamId === 'T-CIC1');
      const expected = Math.round(((rows.at(-1)?.children ?? 0) / (rows.find((w) => w.date === f.origin)?.children ?? 1)) * 1000) / 1000;
      const file = path.join(dir, 'forecast-scenario.json');
      writeFileSync(file, JSON.stringify({ name: 'As forecast', changes: [{ type: 'demand', team: 'T-CIC1', factor: 'forecast', months: 12 }] }));
      const r = await headroom(['scenario', 'run', file, '--la', '999', '--format', 'json']);
      expect(r.code).toBe(0);
      const run = JSON.parse(r.stdout) as { changes: string[] };
      expect(run.changes[0]).toContain(`Demand in team T-CIC1 × ${expected}:`);
      expect(expected).toBeGreaterThan(1);
    }, 120_000);

    it('prints the track record with baselines, and refuses a bad window with exit 2', async () => {
      const r = await headroom(['forecast', 'backtest', '--la', '999']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Persistence %');
      expect(r.stdout).toContain('Children looked after');
      const bad = await headroom(['forecast', '--la', '999', '--window', 'often']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--window must be auto or a number of months');
    }, 120_000);
  });
});
