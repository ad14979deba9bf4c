import { describe, expect, it } from 'vitest';
import { applyScenario } from './apply-scenario.ts';
import { scenarioCost } from './costs.ts';
import { evaluateBaseline } from './plan-state.ts';
import { postsNeeded } from './posts-needed.ts';
import { redistribute } from './redistribution.ts';
import { compareScenarios } from './comparison.ts';
import { baseline, children, frozen, model, team, worker } from '../../../test/support/planning.fixtures.ts';
import type { Worker } from '../workforce/types.ts';

/**
 * A team of 1 team manager, 1 deputy (practice manager), 10 social workers and 1 family
 * worker, everyone reporting to the team manager, split into two teams of 1+1+7+1: three
 * social workers move, and four social workers, a team manager, a deputy and a family worker
 * are added to the new team, all starting on 1 October 2025.
 */
function splitFixture() {
  const workers: Worker[] = [
    worker('SM', 'L1', { role: 'service_manager' }),
    worker('TM1', 'T1', { role: 'team_manager', managerId: 'SM' }),
    worker('PM1', 'T1', { role: 'practice_manager', managerId: 'TM1' }),
    ...Array.from({ length: 10 }, (_, i) => worker(`SW${i + 1}`, 'T1', { managerId: 'TM1' })),
    worker('FW1', 'T1', { role: 'family_worker', managerId: 'TM1' }),
  ];
  const allocations = [
    ...Array.from({ length: 10 }, (_, i) => children(`c${i + 1}`, 20, `SW${i + 1}`, 'T1')).flat(),
    ...children('u', 10, null, 'T1'),
  ];
  return frozen(baseline([team('L1', null, 'locality'), team('T1', 'L1')], workers, allocations));
}

const SPLIT = {
  name: 'Split the assessment team',
  changes: [
    {
      type: 'split_team',
      team: 'T1',
      newTeam: { teamId: 'T2', name: 'Assessment team 2' },
      workerIds: ['SW8', 'SW9', 'SW10'],
      managers: [
        { role: 'team_manager', startDate: '2025-10-01' },
        { role: 'practice_manager', startDate: '2025-10-01' },
      ],
    },
    { type: 'add_posts', team: 'T2', role: 'social_worker', fte: 1, count: 4, startDate: '2025-10-01' },
    { type: 'add_posts', team: 'T2', role: 'family_worker', fte: 1, startDate: '2025-10-01' },
  ],
};

describe('golden: splitting a team of 1+1+10+1 into two teams of 1+1+7+1', () => {
  const before = splitFixture();
  const result = applyScenario(before, SPLIT);

  it('builds two teams of one team manager, one deputy, seven social workers and one family worker', () => {
    expect(result.errors).toEqual([]);
    expect(result.inputs.teams.map((t) => [t.teamId, t.parentId, t.kind])).toEqual([
      ['L1', null, 'locality'],
      ['T1', 'L1', 'team'],
      ['T2', 'L1', 'team'],
    ]);
    const roles = (teamId: string) =>
      result.inputs.workers
        .filter((w) => w.teamId === teamId)
        .map((w) => w.role)
        .sort();
    const oneTeam = ['family_worker', 'practice_manager', ...Array<string>(7).fill('social_worker'), 'team_manager'];
    expect(roles('T1')).toEqual(oneTeam);
    expect(roles('T2')).toEqual(oneTeam);
    expect(result.newPosts.map((post) => [post.role, post.startDate])).toEqual([
      ['team_manager', '2025-10-01'],
      ['practice_manager', '2025-10-01'],
      ...Array.from({ length: 4 }, () => ['social_worker', '2025-10-01']),
      ['family_worker', '2025-10-01'],
    ]);
  });

  it('moves the children of the moved workers, and half the unallocated children, to the new team', () => {
    const teams = Object.fromEntries(result.snapshot.teams.map((t) => [t.teamId, t]));
    // T1: 7 × 20 held + 5 of the 10 unallocated; T2: 3 × 20 held + the other 5. The average
    // caseload counts the held children only (140 ÷ 7, 60 ÷ 7); the unallocated count against capacity.
    expect(teams.T1).toMatchObject({ children: 145, heldChildren: 140, unallocated: 5, caseHoldingFte: 7, averagePerFte: 20, capacity: 140, casesOverCapacity: 5, fteRequiredToMax: 0.3 });
    expect(teams.T2).toMatchObject({ children: 65, heldChildren: 60, unallocated: 5, caseHoldingFte: 7, averagePerFte: 8.6, capacity: 140, casesOverCapacity: 0 });
    expect(result.snapshot.totals).toMatchObject({ children: 210, heldChildren: 200, unallocated: 10, caseHoldingFte: 14, averagePerFte: 14.3, casesOverCapacity: 5 });
  });

  it('brings the team manager from 12 direct reports (over the 8-10 span) to 9, and gives the new team manager 9', () => {
    const baselineSpans = postsNeeded(evaluateBaseline(before)).teams.find((t) => t.teamId === 'T1');
    expect(baselineSpans).toMatchObject({ reports: 11, managers: 2, managerPostsNeeded: 0 });
    expect(baselineSpans?.spans.map((s) => [s.workerId, s.directReports, s.status])).toEqual([
      ['TM1', 12, 'high'],
      ['PM1', 0, 'low'],
    ]);
    const after = postsNeeded(result);
    const t2Manager = result.newPosts[0]?.workerId ?? '';
    const t2Deputy = result.newPosts[1]?.workerId ?? '';
    expect(after.teams.map((t) => [t.teamId, t.reports, t.managers, t.managerPostsNeeded])).toEqual([
      ['T1', 8, 2, 0],
      ['T2', 8, 2, 0],
    ]);
    expect(after.teams[0]?.spans.map((s) => [s.workerId, s.directReports, s.status])).toEqual([
      ['TM1', 9, 'within'],
      ['PM1', 0, 'low'],
    ]);
    expect(after.teams[1]?.spans.map((s) => [s.workerId, s.directReports, s.status])).toEqual([
      [t2Manager, 9, 'within'],
      [t2Deputy, 0, 'low'],
    ]);
    // The new team manager reports where the old one does.
    expect(result.inputs.workers.find((w) => w.workerId === t2Manager)?.managerId).toBe('SM');
  });

  it('costs the establishment and the proposal, and the pressure, to the penny', () => {
    const cost = scenarioCost(evaluateBaseline(before), result, model());
    if (!cost.ok) throw new Error(JSON.stringify(cost.errors));
    const { value } = cost;
    // Salary × 1.3 on-costs. Today: T1 = (55,000 + 48,000 + 10 × 42,000 + 30,000) × 1.3 = £718,900;
    // L1 (the service manager) = 70,000 × 1.3 = £91,000.
    expect(value.baseline.teams.map((t) => [t.teamId, t.posts, t.totalPence])).toEqual([
      ['L1', 1, 9_100_000],
      ['T1', 13, 71_890_000],
    ]);
    expect(value.baseline.total.totalPence).toBe(80_990_000);
    // Proposal: each team (55,000 + 48,000 + 7 × 42,000 + 30,000) × 1.3 = £555,100.
    expect(value.scenario.teams.map((t) => [t.teamId, t.posts, t.totalPence])).toEqual([
      ['L1', 1, 9_100_000],
      ['T1', 10, 55_510_000],
      ['T2', 10, 55_510_000],
    ]);
    expect(value.scenario.total.totalPence).toBe(120_120_000);
    // Pressure: the 7 new posts, (4 × 42,000 + 55,000 + 48,000 + 30,000) × 1.3 = £391,300;
    // T1 gives up 3 social workers (3 × £54,600) and T2 carries them.
    expect(value.teams.map((t) => [t.teamId, t.pressurePence])).toEqual([
      ['L1', 0],
      ['T1', -16_380_000],
      ['T2', 55_510_000],
    ]);
    expect(value.total.pressurePence).toBe(39_130_000);
    // One-off: 7 new permanent posts × (£2,000 incentive + £1,000 retention).
    expect(value.total.oneOffPence).toBe(2_100_000);
    expect(value.total.newPermanentPosts).toBe(7);
    // In year 2025-26 (365 days): the moved social workers from 30 September, 183 days:
    // 5,460,000 × 183 ÷ 365 = 2,737,479.45 → 2,737,479 each. The new posts from 1 October,
    // 182 days: social worker 5,460,000 × 182 ÷ 365 = 2,722,520.55 → 2,722,521; team manager
    // 7,150,000 × 182 ÷ 365 = 3,565,205.48 → 3,565,205; deputy 6,240,000 × 182 ÷ 365 =
    // 3,111,452.05 → 3,111,452; family worker 3,900,000 × 182 ÷ 365 = 1,944,657.53 → 1,944,658.
    expect(value.financialYear).toBe('2025-26');
    const t1 = -3 * 2_737_479;
    const t2 = 3 * 2_737_479 + 4 * 2_722_521 + 3_565_205 + 3_111_452 + 1_944_658;
    expect(value.teams.map((t) => [t.teamId, t.inYearPence])).toEqual([
      ['L1', 0],
      ['T1', t1],
      ['T2', t2],
    ]);
    expect(value.total.inYearPence).toBe(19_511_399);
    expect(t1 + t2).toBe(19_511_399);
  });

  it('takes a 3% vacancy factor off the permanent establishment, team by team', () => {
    const cost = scenarioCost(evaluateBaseline(before), result, model({ vacancyFactorPercent: 3 }));
    if (!cost.ok) throw new Error(JSON.stringify(cost.errors));
    // T1 today: 71,890,000 × 3% = 2,156,700 off.
    expect(cost.value.baseline.teams[1]).toMatchObject({ permanentPence: 71_890_000, vacancyFactorPence: 2_156_700, totalPence: 69_733_300 });
    // The pressure is then £391,300 × 97% = £379,561.
    expect(cost.value.total.pressurePence).toBe(37_956_100);
  });
});

describe('golden: six more experienced social workers bring six teams back to about 25', () => {
  const teamIds = ['A', 'B', 'C', 'D', 'E', 'F'];
  const workers = teamIds.flatMap((t) => Array.from({ length: 5 }, (_, i) => worker(`${t}${i}`, t)));
  const allocations = workers.flatMap((w) => children(w.workerId, 30, w.workerId, w.teamId));
  const before = frozen(baseline(teamIds.map((t) => team(t, null)), workers, allocations));
  const result = applyScenario(before, {
    name: 'Six experienced social workers',
    changes: teamIds.map((t) => ({ type: 'add_posts', team: t, role: 'social_worker', fte: 1 })),
  });

  it('takes each team from 30 to 25 children per FTE', () => {
    expect(result.errors).toEqual([]);
    const comparison = compareScenarios(evaluateBaseline(before), [result]);
    if (!comparison.ok) throw new Error(JSON.stringify(comparison.errors));
    for (const row of comparison.value.teams) {
      expect(row.baseline).toMatchObject({ children: 150, caseHoldingFte: 5, averagePerFte: 30, casesOverCapacity: 50, fteRequiredToMax: 2.5 });
      expect(row.options[0]).toMatchObject({ children: 150, caseHoldingFte: 6, averagePerFte: 25, casesOverCapacity: 30, fteRequiredToMax: 1.5 });
    }
    expect(comparison.value.totals.baseline).toMatchObject({ children: 900, caseHoldingFte: 30, averagePerFte: 30, fteRequiredToMax: 15 });
    expect(comparison.value.totals.options[0]).toMatchObject({ children: 900, caseHoldingFte: 36, averagePerFte: 25, fteRequiredToMax: 9 });
  });

  it('shares each team evenly at 25 children a worker, the new one included', () => {
    const shares = redistribute(result).teams.flatMap((t) => t.workers.map((w) => w.evenShare));
    expect(shares).toHaveLength(36);
    expect(new Set(shares)).toEqual(new Set([25]));
  });

  it('still needs 9 posts (1.5 a team, 2 whole posts each) to bring everyone within 20, and costs £327,600 a year', () => {
    const needed = postsNeeded(result);
    expect(needed.total).toMatchObject({ fteToMax: 9, postsToMax: 12 });
    const cost = scenarioCost(evaluateBaseline(before), result, model());
    if (!cost.ok) throw new Error(JSON.stringify(cost.errors));
    // 6 × 42,000 × 1.3 = £327,600.
    expect(cost.value.total.pressurePence).toBe(32_760_000);
  });
});
