import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { getLaSetting } from '../../src/db/la-setting.repository.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';

const END = '2025-10-31';

describe.each(testDrivers())('Demoshire through the real imports on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  let summary: Awaited<ReturnType<ReturnType<typeof services>['demo']['load']>>;

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2025-11-22T09:00:00Z'), logger: createLogger({ level: 'silent' }) });
    summary = await s.demo.load({ seed: 1, las: 1, endDate: END });
  }, 300_000);
  afterAll(async () => {
    await handle.close();
  });

  it('imports every generated file with no rejected rows, marked synthetic', async () => {
    expect(summary.councils).toEqual([expect.objectContaining({ laCode: '999', laName: 'Demoshire', files: 20, errors: 0 })]);
    expect(summary.councils[0]!.rowsLoaded).toBeGreaterThan(100_000);
    expect(await getLaSetting(handle.db, '999')).toMatchObject({ laName: 'Demoshire', synthetic: true });
    const history = await s.imports.history('999');
    expect(history.filter((b) => b.rows_rejected > 0)).toEqual([]);
  });

  it('has an improvement plan rated from its planted pressures, audits weaker in the overloaded teams, and a risk register', async () => {
    const plan = s.improvement.toJson(await s.improvement.plan('999', END));
    const rag = Object.fromEntries(plan.actions.map((a) => [a.ref, a.rag]));
    expect(plan.actions).toHaveLength(12);
    expect(plan.actions.filter((a) => a.ragSource === 'measure' && a.rag === 'no_data')).toEqual([]);
    // Cases over capacity (CIN South, Assessment Team 3) were due to reach 0 last month: red.
    expect(rag['1.2']).toBe('red');
    expect(rag['1.1']).toBe('amber');
    expect(rag['2.1']).toBe('green');
    const audits = await s.improvement.audits('999');
    expect(audits.audits.length).toBeGreaterThan(400);
    const inadequate = (team: string) => audits.byTeam.find((t) => t.key === team)?.inadequatePct ?? 0;
    expect(inadequate('T-ASS3')).toBeGreaterThan(inadequate('T-CIC1'));
    expect(audits.points.filter((p) => p.teamAveragePerFte === null)).toEqual([]);
    const risks = await s.improvement.risks('999', END);
    expect(risks.risks[0]).toMatchObject({ ref: 'R1', score: 20, band: 'very_high', met: false });
  });

  it('shows the calibrated figures within tolerance', async () => {
    const year = await s.kpis.kpis('999', '2024-25');
    const v = (id: string) => year.kpis.find((k) => k.id === id)?.value ?? null;
    const latest = await s.kpis.kpis('999', '2025-26', 'Q2');
    const lv = (id: string) => latest.kpis.find((k) => k.id === id)?.value ?? null;
    expect(lv('rereferrals_12m')).toBeGreaterThanOrEqual(18);
    expect(lv('rereferrals_12m')).toBeLessThanOrEqual(26);
    expect(lv('contact_conversion')).toBeGreaterThanOrEqual(60);
    expect(lv('contact_conversion')).toBeLessThanOrEqual(70);
    expect(lv('assessments_within_45wd')).toBeGreaterThanOrEqual(80);
    expect(lv('assessments_within_45wd')).toBeLessThanOrEqual(92);
    expect(lv('icpc_within_15wd')).toBeGreaterThanOrEqual(72);
    expect(lv('icpc_within_15wd')).toBeLessThanOrEqual(88);
    expect(lv('cla_per_10k')).toBeGreaterThanOrEqual(50);
    expect(lv('cla_per_10k')).toBeLessThanOrEqual(70);
    expect(lv('cp_open_at_end')).toBeGreaterThanOrEqual(400);
    expect(lv('cp_open_at_end')).toBeLessThanOrEqual(650);
    expect(v('cla_open_at_end')).not.toBeNull();
    expect(lv('cla_open_at_end')!).toBeGreaterThan(v('cla_open_at_end')!);
  });

  it('plants the pressures a manager should spot, and the caseload functions find them', async () => {
    const snap = await s.caseloads.snapshot('999', END);
    const team = (name: string) => snap.teams.find((t) => t.name === name)!;
    expect(team('Assessment Team 3').averagePerFte).toBeGreaterThan(30);
    expect(team('CIN South').casesOverCapacity).toBeGreaterThanOrEqual(50);
    expect(team('CIN South').casesOverCapacity).toBeLessThanOrEqual(100);
    expect(team('Independent Reviewing Officers').averagePerFte).toBeGreaterThanOrEqual(75);
    expect(team('Independent Reviewing Officers').averagePerFte).toBeLessThanOrEqual(95);
    expect(snap.totals.unallocated).toBeGreaterThan(10);
    expect(snap.workers.filter((w) => w.flags.includes('asye_over_protected')).length).toBeGreaterThan(0);
    expect(snap.workers.filter((w) => w.role === 'team_manager' && w.flags.includes('span_of_control_high'))).toHaveLength(1);
    const managers = snap.workers.filter((w) => w.role === 'team_manager');
    expect(managers.filter((m) => m.directReports >= 8 && m.directReports <= 10).length).toBeGreaterThan(managers.length / 2);
    const holders = snap.workers.filter((w) => w.capacity > 0);
    const agency = holders.filter((w) => w.agency).length / holders.length;
    expect(agency).toBeGreaterThan(0.08);
    expect(agency).toBeLessThan(0.22);
    expect(snap.workers.length).toBeGreaterThan(220);
  });
});
