import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from './generate.ts';

const dirs: string[] = [];
const outDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'headroom-demo-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const opts = { endDate: '2025-10-31', laCode: '999', laName: 'Demoshire', children: 30_000 };

describe('demo generator', () => {
  it('writes the same bytes for the same seed, and different data for another seed', async () => {
    const a = await generateDemo({ ...opts, seed: 7, outDir: outDir() });
    const b = await generateDemo({ ...opts, seed: 7, outDir: outDir() });
    const c = await generateDemo({ ...opts, seed: 8, outDir: outDir() });
    expect(a.files.map((f) => path.basename(f.path))).toEqual(b.files.map((f) => path.basename(f.path)));
    for (const [i, f] of a.files.entries()) {
      expect(readFileSync(f.path).equals(readFileSync(b.files[i]!.path)), path.basename(f.path)).toBe(true);
    }
    const allocations = (m: typeof a) => readFileSync(m.files.find((f) => f.kind === 'allocations')!.path);
    expect(allocations(a).equals(allocations(c))).toBe(false);
  });

  it('lists the files in import order: workforce first, then twelve monthly Annex A extracts, the last a workbook', async () => {
    const m = await generateDemo({ ...opts, seed: 1, outDir: outDir() });
    expect(m.files.slice(0, 5).map((f) => f.kind)).toEqual(['teams', 'roster', 'allocations', 'population', 'csww']);
    const extracts = m.files.filter((f) => f.kind === 'annex-a');
    expect(extracts).toHaveLength(12);
    expect(extracts.map((f) => f.extractDate)).toEqual([...extracts.map((f) => f.extractDate)].sort());
    expect(extracts.at(-1)).toMatchObject({ extractDate: '2025-10-31' });
    expect(extracts.at(-1)?.path.endsWith('.xlsx')).toBe(true);
    expect(extracts[0]?.extractDate).toBe('2024-11-30');
  });

  it('has seasonal peaks in September and January and a sharp rise over the last six months', async () => {
    const m = await generateDemo({ ...opts, children: 140_000, seed: 3, outDir: outDir() });
    const byMonth = new Map<string, number>();
    for (const c of m.simulation.contacts) byMonth.set(c.date.slice(0, 7), (byMonth.get(c.date.slice(0, 7)) ?? 0) + 1);
    const avg = (months: string[]) => months.reduce((s, k) => s + (byMonth.get(k) ?? 0), 0) / months.length;
    expect(avg(['2023-09', '2024-09'])).toBeGreaterThan(avg(['2023-08', '2024-08']) * 1.2);
    expect(avg(['2024-01', '2025-01'])).toBeGreaterThan(avg(['2023-12', '2024-12']) * 1.1);
    const last6 = avg(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10']);
    const yearBefore = avg(['2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10']);
    expect(last6).toBeGreaterThan(yearBefore * 1.12);
    expect(avg([...byMonth.keys()].slice(12, 48))).toBeGreaterThan(850);
    expect(avg([...byMonth.keys()].slice(12, 48))).toBeLessThan(1150);
  });
});
