import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { generateDemo, type DemoManifest } from '../../src/demo/generate.ts';
import type { ImportResult } from '../../src/services/import-runner.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';

const END = '2025-10-31';
let dir: string;
let manifest: DemoManifest;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'headroom-demo-returns-'));
  manifest = await generateDemo({ outDir: dir, seed: 1, endDate: END, laCode: '999', laName: 'Demoshire', children: 40_000 });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDrivers())("Demoshire's statutory returns on $kind", (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  const results: ImportResult[] = [];

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2025-11-22T09:00:00Z'), logger: createLogger({ level: 'silent' }) });
    // Only the population and the returns: the indicators for the returns' years then come from them alone.
    for (const file of manifest.files.filter((f) => f.kind === 'population' || f.kind === 'ssda903' || f.kind === 'cin-census')) {
      results.push(await s.imports.run(file.kind, { laCode: '999', fileName: path.basename(file.path), bytes: await readFile(file.path), loadedBy: 'test', extractDate: file.extractDate, returnYear: file.returnYear }));
    }
  }, 300_000);
  afterAll(async () => {
    await handle.close();
  });

  it('writes the 903 returns and CIN censuses of the last two complete years, and they load with no row rejected', () => {
    expect(manifest.files.filter((f) => f.kind === 'ssda903').map((f) => f.returnYear)).toEqual([2024, 2025]);
    expect(manifest.files.filter((f) => f.kind === 'cin-census').map((f) => path.basename(f.path))).toEqual(['cin-census-2024.xml', 'cin-census-2025.xml']);
    for (const r of results) {
      expect(r.issues.filter((i) => i.severity === 'error'), r.fileName).toEqual([]);
      for (const l of r.lists) expect(l.rejected, `${r.fileName} ${l.sheet}`).toBe(0);
    }
    const later903 = results.find((r) => r.fileName === 'ssda903-2025.zip');
    expect(later903?.changes?.unchanged ?? 0).toBeGreaterThan(0);
  });

  it('gives the return indicators for 2024-25 as the simulated children have them', async () => {
    const result = await s.kpis.kpis('999', '2024-25');
    const value = (id: string) => result.kpis.find((k) => k.id === id)?.value ?? null;
    const sim = manifest.simulation;
    const openAtEnd = new Set(sim.cla.filter((p) => p.start <= '2025-03-31' && p.end > '2025-03-31').map((p) => p.childId));
    expect(value('cla_open_at_end')).toBeGreaterThan(0);
    expect(Math.abs((value('cla_open_at_end') ?? 0) - openAtEnd.size)).toBeLessThanOrEqual(Math.ceil(openAtEnd.size * 0.02));
    expect(value('cla_per_10k')).toBeGreaterThan(10);
    expect(value('cla_per_10k')).toBeLessThan(200);
    const referrals = new Set(sim.referrals.filter((r) => r.date >= '2024-04-01' && r.date <= '2025-03-31').map((r) => `${r.childId}|${r.date}`));
    expect(value('referrals')).toBe(referrals.size);
    const plansStarted = sim.cp.filter((p) => p.start >= '2024-04-01' && p.start <= '2025-03-31').length;
    expect(value('cp_plans_started')).toBe(plansStarted);
    const secondPlans = value('cp_second_or_subsequent');
    expect(secondPlans).toBeGreaterThan(5);
    expect(secondPlans).toBeLessThan(50);
    expect(value('cla_3plus_placements')).toBeGreaterThan(0);
    expect(value('cla_started')).toBeGreaterThan(0);
    expect(value('cla_ceased')).toBeGreaterThan(0);
    expect(value('care_leavers_suitable_accommodation')).toBeGreaterThan(50);
  });
});
