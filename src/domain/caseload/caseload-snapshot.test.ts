import { describe, expect, it } from 'vitest';
import { getPreset } from '../standards/presets.ts';
import type { StandardProfile } from '../standards/caseload-standard.ts';
import type { Allocation, Team, Worker } from '../workforce/types.ts';
import { computeCaseloadSnapshot } from './caseload-snapshot.ts';
import type { CaseloadSnapshot, TeamCaseload, WorkerCaseload } from './caseload-snapshot.ts';
import { allocation, children, team, worker } from '../../../test/support/caseload.fixtures.ts';

const AS_OF = '2024-06-30';
const local = getPreset('local-18-20');

function snapshot(
  workers: Worker[],
  allocations: Allocation[],
  teams: Team[] = [team('T1', null)],
  profile: StandardProfile = local,
  asOf = AS_OF,
): CaseloadSnapshot {
  return computeCaseloadSnapshot({ laCode: '855', asOf, profile, teams, workers, allocations });
}

function teamRow(result: CaseloadSnapshot, teamId: string): TeamCaseload {
  const row = [...result.teams, ...result.localities, ...result.services].find((candidate) => candidate.teamId === teamId);
  if (row === undefined) throw new Error(`no row for team ${teamId}`);
  return row;
}

function workerRow(result: CaseloadSnapshot, workerId: string): WorkerCaseload {
  const row = result.workers.find((candidate) => candidate.workerId === workerId);
  if (row === undefined) throw new Error(`no row for worker ${workerId}`);
  return row;
}

describe('council report arithmetic', () => {
  it('a team of 14 social workers averaging 21 children against a maximum of 20 is 14 cases over and needs 0.7 FTE', () => {
    const workers = Array.from({ length: 14 }, (_, index) => worker(`W${index}`, 'T1'));
    const allocations = workers.flatMap((w) => children(w.workerId, 21, w.workerId, 'T1'));
    const row = teamRow(snapshot(workers, allocations), 'T1');
    expect(row).toMatchObject({
      caseHoldingWorkers: 14,
      caseHoldingFte: 14,
      children: 294,
      unallocated: 0,
      averagePerFte: 21,
      averagePerHead: 21,
      capacity: 280,
      headroom: -14,
      casesOverCapacity: 14,
      fteRequiredToMax: 0.7,
    });
    // Midpoint 19: 294 ÷ 19 = 15.47 FTE needed, 1.47 more than the 14 in post, rounded up.
    expect(row.fteRequiredToMid).toBe(1.5);
  });

  it('flags an ASYE at 16 against the protected 12-15, without calling them over the social worker maximum', () => {
    const result = snapshot([worker('A', 'T1', { asye: true })], children('a', 16, 'A', 'T1'));
    const row = workerRow(result, 'A');
    expect(row).toMatchObject({ caseload: 16, capacity: 15, headroom: -1 });
    expect(row.flags).toEqual(['asye_over_protected']);
  });

  it('flags an ASYE above the social worker maximum twice over', () => {
    const result = snapshot([worker('A', 'T1', { asye: true })], children('a', 21, 'A', 'T1'));
    expect(workerRow(result, 'A').flags).toEqual(['over_max', 'asye_over_protected']);
  });

  it('flags a manager with 11 direct reports, and one with 7, but not one with 8 or 10', () => {
    const managers = [
      worker('M11', 'T1', { role: 'team_manager' }),
      worker('M7', 'T1', { role: 'team_manager' }),
      worker('M8', 'T1', { role: 'team_manager' }),
      worker('M10', 'T1', { role: 'team_manager' }),
    ];
    const reports = [11, 7, 8, 10].flatMap((count) =>
      Array.from({ length: count }, (_, index) => worker(`R${count}-${index}`, 'T1', { managerId: `M${count}` })),
    );
    const result = snapshot([...managers, ...reports], []);
    expect(workerRow(result, 'M11')).toMatchObject({ directReports: 11, flags: ['span_of_control_high'] });
    expect(workerRow(result, 'M7')).toMatchObject({ directReports: 7, flags: ['span_of_control_low'] });
    expect(workerRow(result, 'M8').flags).toEqual([]);
    expect(workerRow(result, 'M10').flags).toEqual([]);
  });

  it('does not count a report who has left towards span of control', () => {
    const reports = Array.from({ length: 10 }, (_, index) => worker(`R${index}`, 'T1', { managerId: 'M' }));
    reports.push(worker('gone', 'T1', { managerId: 'M', endDate: '2024-01-01' }));
    const result = snapshot([worker('M', 'T1', { role: 'team_manager' }), ...reports], []);
    expect(workerRow(result, 'M')).toMatchObject({ directReports: 10, flags: [] });
  });

  it('measures an IRO at 85 against the IRO Handbook 50-70', () => {
    const result = snapshot([worker('I', 'T1', { role: 'iro' }), worker('J', 'T1', { role: 'iro' })], [
      ...children('i', 85, 'I', 'T1'),
      ...children('j', 65, 'J', 'T1'),
    ]);
    expect(workerRow(result, 'I')).toMatchObject({ caseload: 85, capacity: 70, headroom: -15, flags: ['over_max'] });
    expect(workerRow(result, 'J')).toMatchObject({ caseload: 65, capacity: 70, headroom: 5, flags: [] });
  });

  it('measures a personal adviser against their own 18-20', () => {
    const result = snapshot([worker('P', 'T1', { role: 'personal_adviser' })], children('p', 21, 'P', 'T1'));
    expect(workerRow(result, 'P')).toMatchObject({ capacity: 20, headroom: -1, flags: ['over_max'] });
  });

  it('averages the children case holders hold (the DfE definition), with unallocated children beside it', () => {
    const workers = [worker('a', 'T1'), worker('b', 'T1', { fte: 0.5 }), worker('m', 'T1', { role: 'team_manager' })];
    const allocations = [...children('a', 18, 'a', 'T1'), ...children('b', 9, 'b', 'T1'), ...children('m', 2, 'm', 'T1'), ...children('u', 6, null, 'T1')];
    const row = teamRow(snapshot(workers, allocations), 'T1');
    // Held by case holders: 27 children over 1.5 FTE = 18.0 (not 35 ÷ 1.5 = 23.3); per head 27 ÷ 2.
    expect(row).toMatchObject({ children: 35, heldChildren: 27, unallocated: 6, averagePerFte: 18, averagePerHead: 13.5 });
    // The team's work still counts every child: 35 against a capacity of 30.
    expect(row).toMatchObject({ capacity: 30, casesOverCapacity: 5 });
  });

  it('counts a child held by two case holders of a team once in the team’s average', () => {
    const row = teamRow(snapshot([worker('a', 'T1'), worker('b', 'T1')], [allocation('x', 'a', 'T1'), allocation('x', 'b', 'T1')]), 'T1');
    expect(row).toMatchObject({ heldChildren: 1, averagePerFte: 0.5 });
  });

  it('counts team-only allocations as unallocated children of the team', () => {
    const result = snapshot([worker('W', 'T1')], [...children('w', 2, 'W', 'T1'), ...children('t', 3, null, 'T1')]);
    expect(teamRow(result, 'T1')).toMatchObject({ children: 5, unallocated: 3 });
    expect(result.totals).toMatchObject({ children: 5, unallocated: 3 });
  });

  it('does not count a child as unallocated when a worker also holds it', () => {
    const result = snapshot([worker('W', 'T1')], [allocation('c', null, 'T1'), allocation('c', 'W', 'T1')]);
    expect(teamRow(result, 'T1')).toMatchObject({ children: 1, unallocated: 0 });
  });

  it('pro-rates capacity by FTE', () => {
    const result = snapshot([worker('H', 'T1', { fte: 0.5 })], children('h', 11, 'H', 'T1'));
    expect(workerRow(result, 'H')).toMatchObject({ capacity: 10, headroom: -1, flags: ['over_max'] });
    expect(teamRow(result, 'T1')).toMatchObject({ caseHoldingFte: 0.5, averagePerFte: 22, averagePerHead: 11, casesOverCapacity: 1, fteRequiredToMax: 0.1 });
  });

  it('shows a case-holding manager’s caseload without counting them as capacity', () => {
    const result = snapshot([worker('M', 'T1', { role: 'team_manager' }), worker('W', 'T1')], [
      ...children('m', 3, 'M', 'T1'),
      ...children('w', 18, 'W', 'T1'),
    ]);
    expect(workerRow(result, 'M')).toMatchObject({ caseload: 3, capacity: 0, headroom: -3 });
    expect(teamRow(result, 'T1')).toMatchObject({ caseHoldingWorkers: 1, caseHoldingFte: 1, children: 21, capacity: 20, headroom: -1 });
  });

  it('counts a child once per worker, at its highest weight', () => {
    const profile: StandardProfile = { ...local, weights: { cp: 1.5, cla: 1.25 } };
    const result = snapshot([worker('W', 'T1')], [
      allocation('c1', 'W', 'T1', { caseType: 'cin' }),
      allocation('c1', 'W', 'T1', { caseType: 'cp' }),
      allocation('c2', 'W', 'T1', { caseType: 'cla' }),
      allocation('c3', 'W', 'T1', { caseType: 'cin' }),
    ], [team('T1', null)], profile);
    expect(workerRow(result, 'W')).toMatchObject({ caseload: 3, weightedCaseload: 3.75 });
  });

  it('keeps a leaver’s open cases in the team and flags them', () => {
    const result = snapshot([worker('L', 'T1', { endDate: '2024-03-31' })], children('l', 4, 'L', 'T1'));
    expect(workerRow(result, 'L')).toMatchObject({ caseload: 4, capacity: 0, flags: ['not_in_post'] });
    expect(teamRow(result, 'T1')).toMatchObject({ children: 4, unallocated: 0, caseHoldingWorkers: 0, averagePerFte: null });
  });

  it('reports ids it cannot match', () => {
    const result = snapshot([worker('W', 'T9')], [allocation('c', 'X', 'T1'), allocation('d', 'W', null)]);
    expect(result.unmatched).toEqual({ workerIds: ['X'], teamIds: ['T9'] });
    expect(result.totals.children).toBe(2);
  });
});

describe('boundaries', () => {
  it('treats an allocation ending on the date as closed and one starting on it as open', () => {
    const result = snapshot([worker('W', 'T1')], [
      allocation('ends', 'W', 'T1', { startDate: '2024-01-01', endDate: AS_OF }),
      allocation('starts', 'W', 'T1', { startDate: AS_OF }),
      allocation('later', 'W', 'T1', { startDate: '2024-07-01' }),
      allocation('runs-on', 'W', 'T1', { startDate: '2024-01-01', endDate: '2024-07-01' }),
    ]);
    expect(workerRow(result, 'W').caseload).toBe(2);
  });

  it('treats a worker leaving on the date as gone and one starting on it as in post', () => {
    const result = snapshot([
      worker('leaves', 'T1', { endDate: AS_OF }),
      worker('starts', 'T1', { startDate: AS_OF }),
      worker('unknown-start', 'T1', { startDate: null }),
    ], []);
    expect(result.workers.map((row) => row.workerId)).toEqual(['starts', 'unknown-start']);
    expect(teamRow(result, 'T1')).toMatchObject({ caseHoldingWorkers: 2, capacity: 40 });
  });
});

describe('roll-ups', () => {
  const teams = [
    team('S', null, 'service'),
    team('L1', 'S', 'locality'),
    team('L2', 'S', 'locality'),
    team('A', 'L1'),
    team('B', 'L1'),
    team('C', 'L2'),
  ];

  it('counts a child held in two teams once in the locality, service and LA, and sums capacity', () => {
    const result = snapshot([worker('a', 'A'), worker('b', 'B'), worker('c', 'C')], [
      allocation('shared', 'a', 'A'),
      allocation('shared', 'b', 'B'),
      allocation('own', 'c', 'C'),
    ], teams);
    expect(teamRow(result, 'A').children).toBe(1);
    expect(teamRow(result, 'B').children).toBe(1);
    expect(teamRow(result, 'L1')).toMatchObject({ children: 1, capacity: 40, headroom: 39, parent: 'S' });
    expect(teamRow(result, 'S')).toMatchObject({ children: 2, capacity: 60, caseHoldingWorkers: 3 });
    expect(result.totals).toMatchObject({ children: 2, capacity: 60 });
    expect(result.localities.map((row) => row.teamId)).toEqual(['L1', 'L2']);
    expect(result.services.map((row) => row.teamId)).toEqual(['S']);
  });

  it('adds up each team’s shortfall in a roll-up: spare capacity in one team does not offset another', () => {
    const result = snapshot([worker('a', 'A'), worker('b', 'B')], [...children('a', 25, 'a', 'A'), ...children('b', 10, 'b', 'B')], teams);
    expect(teamRow(result, 'A')).toMatchObject({ casesOverCapacity: 5, fteRequiredToMax: 0.3 });
    // Net headroom nets the teams (40 − 35 = 5); cases over capacity and FTE required do not.
    expect(teamRow(result, 'L1')).toMatchObject({ children: 35, capacity: 40, headroom: 5, casesOverCapacity: 5, fteRequiredToMax: 0.3 });
    expect(teamRow(result, 'S')).toMatchObject({ casesOverCapacity: 5, fteRequiredToMax: 0.3 });
    expect(result.totals).toMatchObject({ headroom: 5, casesOverCapacity: 5, fteRequiredToMax: 0.3 });
  });

  it('counts a locality’s own children (in none of its teams) against its own workers, beside its teams’ shortfalls', () => {
    const result = snapshot(
      [worker('a', 'A'), worker('roamer', 'L1')],
      [...children('a', 22, 'a', 'A'), ...children('r', 21, 'roamer', 'L1'), ...children('loose', 3, null, 'L1')],
      teams,
    );
    // Team A: 22 against 20 = 2 over; L1's own part: 21 + 3 unallocated against 20 = 4 over.
    expect(teamRow(result, 'L1')).toMatchObject({ children: 46, capacity: 40, casesOverCapacity: 6, unallocated: 3, heldChildren: 43 });
    expect(result.totals.casesOverCapacity).toBe(6);
  });

  it('counts children with no known team against no capacity in the LA total', () => {
    const result = snapshot([worker('a', 'A')], [...children('a', 10, 'a', 'A'), ...children('lost', 2, null, 'nowhere')], teams);
    expect(result.totals).toMatchObject({ children: 12, casesOverCapacity: 2, unallocated: 2, heldChildren: 10 });
  });

  it('counts a worker attached to a locality in the locality but in no team', () => {
    const result = snapshot([worker('roamer', 'L1')], children('r', 5, 'roamer', 'L1'), teams);
    expect(teamRow(result, 'A').children).toBe(0);
    expect(teamRow(result, 'L1')).toMatchObject({ children: 5, capacity: 20 });
  });
});

describe('rounding', () => {
  it('rounds averages half away from zero to one decimal and keeps FTE free of float noise', () => {
    const workers = [worker('x', 'T1', { fte: 0.1 }), worker('y', 'T1', { fte: 0.2 })];
    const result = snapshot(workers, [...children('x', 1, 'x', 'T1'), ...children('y', 2, 'y', 'T1')]);
    // 3 children ÷ 0.3 FTE = 10; 3 ÷ 2 heads = 1.5.
    expect(teamRow(result, 'T1')).toMatchObject({ caseHoldingFte: 0.3, averagePerFte: 10, averagePerHead: 1.5, capacity: 6 });
  });

  it('rounds FTE required up to the next tenth', () => {
    const result = snapshot([worker('W', 'T1')], children('w', 21, 'W', 'T1'));
    // 1 case over ÷ 20 = 0.05 FTE, shown as 0.1.
    expect(teamRow(result, 'T1').fteRequiredToMax).toBe(0.1);
  });
});
