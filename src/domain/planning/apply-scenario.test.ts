import { describe, expect, it } from 'vitest';
import type { CaseloadSnapshot, TeamCaseload } from '../caseload/caseload-snapshot.ts';
import type { Worker } from '../workforce/types.ts';
import { applyScenario } from './apply-scenario.ts';
import type { ScenarioResult } from './apply-scenario.ts';
import { allocation, baseline, children, frozen, team, worker } from '../../../test/support/planning.fixtures.ts';

function teamRow(snapshot: CaseloadSnapshot, teamId: string): TeamCaseload {
  const row = [...snapshot.teams, ...snapshot.localities, ...snapshot.services].find((t) => t.teamId === teamId);
  if (row === undefined) throw new Error(`no team ${teamId}`);
  return row;
}

function workerById(result: ScenarioResult, workerId: string): Worker | undefined {
  return [...result.inputs.workers, ...result.supernumerary].find((w) => w.workerId === workerId);
}

/** Locality L1 with teams T1 (TM + 4 social workers, one agency, 20 children each + 4 unallocated) and T2 (2 social workers, 10 each). */
function fixture() {
  const workers: Worker[] = [
    worker('TM1', 'T1', { role: 'team_manager' }),
    worker('A', 'T1', { managerId: 'TM1', startDate: '2019-01-01' }),
    worker('B', 'T1', { managerId: 'TM1', agency: true, startDate: '2018-01-01' }),
    worker('C', 'T1', { managerId: 'TM1', startDate: '2023-01-01' }),
    worker('D', 'T1', { managerId: 'TM1', fte: 0.5, startDate: '2024-01-01' }),
    worker('E', 'T2'),
    worker('F', 'T2', { agency: true }),
  ];
  const allocations = [
    ...children('a', 20, 'A', 'T1'),
    ...children('b', 20, 'B', 'T1'),
    ...children('c', 20, 'C', 'T1'),
    ...children('d', 10, 'D', 'T1'),
    ...children('u', 4, null, 'T1'),
    ...children('e', 10, 'E', 'T2'),
    ...children('f', 10, 'F', 'T2'),
  ];
  return frozen(baseline([team('L1', null, 'locality'), team('T1', 'L1'), team('T2', 'L1'), team('L2', null, 'locality')], workers, allocations));
}

const run = (changes: unknown[], extra: Record<string, unknown> = {}) => applyScenario(fixture(), { name: 'test', ...extra, changes });

describe('add_posts', () => {
  it('adds filled posts reporting to the team manager, counted in capacity', () => {
    const result = run([{ type: 'add_posts', team: 'T1', role: 'social_worker', fte: 0.8, count: 2 }]);
    expect(result.ok).toBe(true);
    expect(result.applied[0]?.workerIds).toEqual(['NEW-1-1', 'NEW-1-2']);
    expect(workerById(result, 'NEW-1-1')).toMatchObject({ teamId: 'T1', fte: 0.8, managerId: 'TM1', agency: false, asye: false });
    expect(teamRow(result.snapshot, 'T1')).toMatchObject({ caseHoldingFte: 5.1, capacity: 102 });
  });

  it('gives an ASYE the protected range and keeps supernumerary posts out of the caseload inputs', () => {
    const result = run([
      { type: 'add_posts', team: 'T2', role: 'social_worker', fte: 1, asye: true },
      { type: 'add_posts', team: 'T2', role: 'social_worker', fte: 1, asye: true, supernumerary: true, startDate: '2026-01-05' },
    ]);
    expect(teamRow(result.snapshot, 'T2')).toMatchObject({ caseHoldingWorkers: 3, capacity: 55 });
    expect(result.supernumerary.map((w) => w.workerId)).toEqual(['NEW-2-1']);
    expect(result.newPosts.map((p) => [p.workerId, p.supernumerary, p.startDate])).toEqual([
      ['NEW-1-1', false, '2025-09-30'],
      ['NEW-2-1', true, '2026-01-05'],
    ]);
  });
});

describe('remove_posts', () => {
  it('removes agency posts first, then the latest starters, leaving their children unallocated in the team', () => {
    const result = run([{ type: 'remove_posts', team: 'T1', role: 'social_worker', fte: 1, count: 2 }]);
    expect(result.applied[0]?.workerIds).toEqual(['B', 'C']);
    expect(teamRow(result.snapshot, 'T1')).toMatchObject({ children: 74, unallocated: 44, caseHoldingFte: 1.5 });
  });

  it('removes one worker by id', () => {
    const result = run([{ type: 'remove_posts', workerId: 'D' }]);
    expect(workerById(result, 'D')).toBeUndefined();
    expect(teamRow(result.snapshot, 'T1')).toMatchObject({ children: 74, unallocated: 14 });
  });

  it('refuses to remove more posts than the team has', () => {
    const result = run([{ type: 'remove_posts', team: 'T2', role: 'social_worker', fte: 1, count: 3 }]);
    expect(result.errors.map((e) => e.message)).toEqual(['changes[0].count: team "T2" has 2 social worker posts of 1 FTE in post, fewer than the 3 to remove']);
  });
});

describe('convert_agency', () => {
  it('makes agency posts permanent without touching caseloads', () => {
    const before = run([]);
    const result = run([{ type: 'convert_agency', team: 'T1' }]);
    expect(result.applied[0]?.workerIds).toEqual(['B']);
    expect(workerById(result, 'B')?.agency).toBe(false);
    expect(workerById(result, 'F')?.agency).toBe(true);
    expect(result.snapshot.teams).toEqual(before.snapshot.teams);
  });

  it('converts named workers, or a count across the local authority', () => {
    expect(run([{ type: 'convert_agency', workerIds: ['F'] }]).applied[0]?.workerIds).toEqual(['F']);
    expect(run([{ type: 'convert_agency', count: 2 }]).applied[0]?.workerIds).toEqual(['B', 'F']);
  });

  it('names a worker who is not agency', () => {
    const result = run([{ type: 'convert_agency', workerIds: ['F', 'A'] }]);
    expect(result.errors.map((e) => e.message)).toEqual(['changes[0].workerIds[1]: worker "A" is not an agency worker']);
  });
});

describe('move_workers and move_team', () => {
  it('moves workers with their children and puts them under the new team manager', () => {
    const result = run([{ type: 'move_workers', workerIds: ['E'], toTeam: 'T1' }]);
    expect(workerById(result, 'E')).toMatchObject({ teamId: 'T1', managerId: 'TM1' });
    expect(teamRow(result.snapshot, 'T1').children).toBe(84);
    expect(teamRow(result.snapshot, 'T2').children).toBe(10);
  });

  it('moves a team to another locality, and the roll-ups follow', () => {
    const result = run([{ type: 'move_team', team: 'T2', toParent: 'L2' }]);
    expect(teamRow(result.snapshot, 'L1').children).toBe(74);
    expect(teamRow(result.snapshot, 'L2').children).toBe(20);
  });

  it('refuses a move that would make a loop', () => {
    const result = run([{ type: 'move_team', team: 'L1', toParent: 'T1' }]);
    expect(result.errors.map((e) => e.path)).toEqual(['changes[0].toParent']);
  });
});

describe('split_team', () => {
  it('lets later changes use the new team, and without managers leaves the moved workers where they report', () => {
    const result = run([
      { type: 'split_team', team: 'T1', newTeam: { teamId: 'T1B', name: 'T1 B' }, workerIds: ['C', 'D'] },
      { type: 'add_posts', team: 'T1B', role: 'social_worker', fte: 1 },
    ]);
    expect(result.ok).toBe(true);
    expect(workerById(result, 'C')).toMatchObject({ teamId: 'T1B', managerId: 'TM1' });
    expect(teamRow(result.snapshot, 'T1B')).toMatchObject({ children: 32, unallocated: 2, caseHoldingFte: 2.5 });
    expect(teamRow(result.snapshot, 'T1')).toMatchObject({ children: 42, unallocated: 2 });
  });

  it('names workers who are not in the team and a team id already taken', () => {
    const result = run([{ type: 'split_team', team: 'T1', newTeam: { teamId: 'T2', name: 'x' }, workerIds: ['E', 'Z'] }]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'changes[0].newTeam.teamId: there is already a team "T2"',
      'changes[0].workerIds[0]: worker "E" is not in team "T1"',
      'changes[0].workerIds[1]: there is no worker "Z"',
    ]);
  });
});

describe('set_profile', () => {
  it('measures the changed workforce against another preset', () => {
    const result = run([{ type: 'set_profile', profile: 'cipfa-14-17' }]);
    expect(result.snapshot.profile).toBe('cipfa-14-17');
    expect(teamRow(result.snapshot, 'T2')).toMatchObject({ capacity: 34 });
  });
});

describe('demand', () => {
  it('adds 10% more children in the team’s mix: to each holder in proportion, and to the unallocated list', () => {
    const result = run([{ type: 'demand', team: 'T1', factor: 1.1 }]);
    // 74 children → 81.4, rounded to 81: 7 more, shared 20:20:20:10:4 by largest remainder.
    expect(teamRow(result.snapshot, 'T1')).toMatchObject({ children: 81, unallocated: 4 });
    const caseloads = Object.fromEntries(result.snapshot.workers.map((w) => [w.workerId, w.caseload]));
    expect(caseloads).toMatchObject({ A: 22, B: 22, C: 22, D: 11 });
    expect(result.applied[0]?.summary).toBe('Demand in team T1 × 1.1: 74 children become 81');
  });

  it('closes children on the scenario date when demand falls, from each holder in proportion', () => {
    const result = run([{ type: 'demand', team: 'T2', factor: 0.5 }]);
    expect(teamRow(result.snapshot, 'T2').children).toBe(10);
    const caseloads = Object.fromEntries(result.snapshot.workers.map((w) => [w.workerId, w.caseload]));
    expect(caseloads).toMatchObject({ E: 5, F: 5 });
  });

  it('scales a team with no children to none, and one with only unallocated children in that mix', () => {
    const result = applyScenario(frozen(baseline([team('T1', null)], [worker('A', 'T1'), worker('B', 'T1', { fte: 0.5 })], [])), {
      name: 'new demand',
      changes: [{ type: 'demand', team: 'T1', factor: 2 }],
    });
    expect(teamRow(result.snapshot, 'T1').children).toBe(0);
    const seeded = applyScenario(frozen(baseline([team('T1', null)], [worker('A', 'T1'), worker('B', 'T1', { fte: 0.5 })], [allocation('x', null, 'T1')])), {
      name: 'more demand',
      changes: [{ type: 'demand', team: 'T1', factor: 4 }],
    });
    expect(teamRow(seeded.snapshot, 'T1')).toMatchObject({ children: 4, unallocated: 4 });
  });

  it('applies to teams only', () => {
    expect(run([{ type: 'demand', team: 'L1', factor: 1.2 }]).errors.map((e) => e.message)).toEqual([
      'changes[0].team: "L1" is a locality; demand changes apply to a team',
    ]);
  });
});

describe('bad input', () => {
  it('names an unknown team, changes nothing and returns the baseline', () => {
    const before = fixture();
    const result = applyScenario(before, { name: 'x', changes: [{ type: 'add_posts', team: 'T1', role: 'social_worker', fte: 1 }, { type: 'add_posts', team: 'T99', role: 'social_worker', fte: 1 }] });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ code: 'not_found', path: 'changes[1].team', message: 'changes[1].team: there is no team "T99"', reason: 'there is no team "T99"' }]);
    expect(result.inputs).toBe(before);
    expect(result.newPosts).toEqual([]);
    expect(teamRow(result.snapshot, 'T1').caseHoldingFte).toBe(3.5);
  });

  it('names a negative FTE', () => {
    const result = run([{ type: 'add_posts', team: 'T1', role: 'social_worker', fte: -1 }]);
    expect(result.errors.map((e) => e.message)).toEqual(['changes[0].fte: must be more than 0 and at most 1 (got -1)']);
  });

  it('names an unknown worker and an unknown preset, every error at once', () => {
    const result = run([
      { type: 'move_workers', workerIds: ['A', 'W404'], toTeam: 'T2' },
      { type: 'set_profile', profile: 'generous-30' },
    ]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'changes[0].workerIds[1]: there is no worker "W404"',
      'changes[1].profile: there is no preset "generous-30" (expected one of local-18-20, cipfa-14-17, pan-london-15-21, good-15-18, outstanding-7-10)',
    ]);
  });

  it('never throws on input that is not a scenario at all', () => {
    for (const input of [null, 42, 'not json', '{"name":"x"}', { name: 'x', changes: [7] }]) {
      const result = applyScenario(fixture(), input);
      expect(result.ok).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });

  it('uses the scenario date when one is given', () => {
    const result = run([{ type: 'add_posts', team: 'T1', role: 'social_worker', fte: 1, startDate: '2026-01-01' }], { asOf: '2025-12-31' });
    expect(result.snapshot.asOf).toBe('2025-12-31');
    expect(result.newPosts[0]?.startDate).toBe('2026-01-01');
  });
});
