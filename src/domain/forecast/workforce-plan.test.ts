import { describe, expect, it } from 'vitest';
import { PRESETS } from '../standards/index.ts';
import type { Allocation, Worker } from '../workforce/types.ts';
import type { FamilyPoint } from './forecast.ts';
import { planWorkforce, type WorkforceAssumptions } from './workforce-plan.ts';

const ORIGIN = '2025-03-31';
const profile = PRESETS['local-18-20'];
const sw = profile.roles.social_worker.max;
const worker = (id: string, teamId: string, fte = 1, asye = false): Worker => ({ workerId: id, name: id, teamId, role: 'social_worker', fte, asye, agency: false, startDate: '2020-01-01', endDate: null, managerId: null });
const alloc = (childId: string, teamId: string, caseType: Allocation['caseType']): Allocation => ({ childId, workerId: null, teamId, caseType, startDate: '2024-01-01', endDate: null });

/** 30 children in care today, 20 held by team A and 10 by team B; the forecast doubles them in a year. */
const families: FamilyPoint[] = ['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31', '2026-03-31'].map((date, i) => ({ date, family: 'cla', children: 30 * (1 + i / 4), lower: 0, upper: 0 }));
const input = {
  laCode: '999',
  asOf: ORIGIN,
  profile,
  teams: [{ teamId: 'S', name: 'Children in care', parentId: null, kind: 'service' as const }, { teamId: 'A', name: 'Team A', parentId: 'S', kind: 'team' as const }, { teamId: 'B', name: 'Team B', parentId: 'S', kind: 'team' as const }],
  workers: [worker('w1', 'A'), worker('w2', 'B', 0.5)],
  allocations: [...Array.from({ length: 20 }, (_, i) => alloc(`a${i}`, 'A', 'cla')), ...Array.from({ length: 10 }, (_, i) => alloc(`b${i}`, 'B', 'cla'))],
};
const assumptions: WorkforceAssumptions = { turnoverPercent: 0, turnoverSource: 'test', recruitmentLeadMonths: 3, asyeSharePercent: 0, costPerFte: { permanent: 4_000_000, asye: 3_500_000, agency: 8_000_000 } };

describe('workforce plan from the forecast', () => {
  it('shares each family\'s forecast by today\'s team shares and converts it to FTE at the standard', () => {
    const plan = planWorkforce(ORIGIN, families, input, assumptions);
    const a = plan.rows.find((r) => r.teamId === 'A' && r.date === '2026-03-31');
    expect(a?.children).toBe(40);
    expect(a?.fteRequired).toBeCloseTo(40 / sw, 1);
    expect(a?.fteInPost).toBe(1);
    expect(a?.serviceName).toBe('Children in care');
    expect(plan.rows.find((r) => r.teamId === 'B' && r.date === '2026-03-31')?.children).toBe(20);
  });

  it('takes expected turnover off the FTE in post', () => {
    const plan = planWorkforce(ORIGIN, families, input, { ...assumptions, turnoverPercent: 20 });
    expect(plan.rows.find((r) => r.teamId === 'A' && r.date === '2026-03-31')?.fteInPost).toBeCloseTo(0.8, 1);
  });

  it('recruits ahead of the shortfall by the lead time, covers with agency meanwhile, and costs both', () => {
    const plan = planWorkforce(ORIGIN, families, input, assumptions);
    const quarters = plan.quarters.filter((q) => q.teamId === 'A');
    const posts = quarters.reduce((s, q) => s + q.postsToRecruit, 0);
    const finalGap = plan.rows.find((r) => r.teamId === 'A' && r.date === '2026-03-31')?.gap ?? 0;
    expect(posts).toBe(Math.ceil(finalGap - 1e-9));
    expect(quarters[0]?.agencyCoverFte).toBeGreaterThan(0);
    // Nobody recruited has started yet in the first quarter: its cost is agency cover alone (cover shown to one decimal place).
    expect(Math.abs((quarters[0]?.costPence ?? 0) - ((quarters[0]?.agencyCoverFte ?? 0) * 8_000_000) / 4)).toBeLessThanOrEqual((0.05 * 8_000_000) / 4);
  });

  it('needs more posts when new posts go to ASYEs at protected caseloads', () => {
    const all = planWorkforce(ORIGIN, families, input, assumptions).quarters.reduce((s, q) => s + q.postsToRecruit, 0);
    const withAsye = planWorkforce(ORIGIN, families, input, { ...assumptions, asyeSharePercent: 50 });
    expect(withAsye.quarters.reduce((s, q) => s + q.postsToRecruit, 0)).toBeGreaterThan(all);
    expect(withAsye.quarters.reduce((s, q) => s + q.asyeIntake, 0)).toBeGreaterThan(0);
  });
});
