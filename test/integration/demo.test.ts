import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { getLaSetting } from '../../src/db/la-setting.repository.ts';
import { evaluateBaseline, postsNeeded } from '../../src/domain/planning/index.ts';
import { createLogger } from '../../src/logger.ts';
import { caseloadTable } from '../../src/services/caseload-tables.ts';
import { testDrivers } from '../support/databases.ts';
import { clientFor, signInAs, webFor } from '../support/server.ts';

const END = '2025-10-31';

describe.each(testDrivers())('Demoshire through the real imports on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  let summary: Awaited<ReturnType<ReturnType<typeof services>['demo']['load']>>;

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2025-11-22T09:00:00Z'), logger: createLogger({ level: 'silent' }) });
    summary = await s.demo.load({ seed: 1, las: 1, endDate: END });
  }, 600_000);
  afterAll(async () => {
    await handle.close();
  });

  it('imports every generated file with no rejected rows, marked synthetic', async () => {
    expect(summary.councils).toEqual([expect.objectContaining({ laCode: '999', laName: 'Demoshire', files: 24, errors: 0 })]);
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

  it('gives the council one total for cases over capacity and posts needed: the CLI table, the overview, the Caseloads page and Planning agree', async () => {
    const snap = await s.caseloads.snapshot('999', END);
    const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 10) / 10;
    const teamsOver = sum(snap.teams.map((t) => t.casesOverCapacity));
    const teamsFte = sum(snap.teams.map((t) => t.fteRequiredToMax));
    // Teams do not lend capacity to each other: several teams are over while the council nets to spare capacity.
    expect(snap.teams.filter((t) => t.casesOverCapacity > 0).length).toBeGreaterThan(1);
    expect(snap.totals.headroom).toBeGreaterThan(0);
    expect(snap.totals.casesOverCapacity).toBe(teamsOver);
    expect(snap.totals.fteRequiredToMax).toBe(teamsFte);
    for (const service of snap.services) {
      const beneath = snap.teams.filter((t) => t.parent === service.teamId || snap.localities.some((l) => l.teamId === t.parent && l.parent === service.teamId));
      expect(service.casesOverCapacity, service.name).toBe(sum(beneath.map((t) => t.casesOverCapacity)));
    }
    // The DfE average: children held by case holders ÷ their FTE, with the unallocated beside it.
    expect(snap.totals.averagePerFte).toBe(Math.round((snap.totals.heldChildren / snap.totals.caseHoldingFte) * 10) / 10);
    expect(snap.totals.heldChildren + snap.totals.unallocated).toBeLessThanOrEqual(snap.totals.children);

    const table = caseloadTable(snap, 'service');
    const total = table.rows.at(-1) ?? [];
    expect(total[table.head.indexOf('Cases over capacity')]).toBe(teamsOver);
    expect(total[table.head.indexOf('FTE required to max')]).toBe(teamsFte);
    expect(total[table.head.indexOf('Unallocated children')]).toBe(snap.totals.unallocated);

    const planning = postsNeeded(evaluateBaseline(await s.caseloads.input('999', END)));
    expect(planning.total.fteToMax).toBe(teamsFte);
    expect(sum(planning.teams.map((t) => t.casesOverCapacity))).toBe(teamsOver);

    const app = await webFor(handle);
    try {
      const web = clientFor(app, await signInAs(handle, 'analyst'));
      const overview = (await web.get(`/overview?la=999&date=${END}`)).body;
      const card = (label: string) => new RegExp(`app-card__value">([^<]*)</span>\\s*<span class="app-card__label">${label}`).exec(overview)?.[1];
      expect(card('Cases over capacity')).toBe(teamsOver.toLocaleString('en-GB'));
      expect(card('Posts needed to reach the maximum')).toBe(teamsFte.toFixed(1));
      expect(card('Unallocated children')).toBe(String(snap.totals.unallocated));
      const caseloads = (await web.get(`/caseloads?la=999&date=${END}`)).body;
      expect(caseloads).toContain(`with ${snap.totals.unallocated} unallocated children beside it; ${teamsOver.toLocaleString('en-GB')} cases over capacity and ${teamsFte.toFixed(1)} FTE needed`);
    } finally {
      await app.close();
    }
  });
});
