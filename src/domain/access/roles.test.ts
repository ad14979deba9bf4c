import { describe, expect, it } from 'vitest';
import { canSeeLa, canSeeTeam, childScope, type Principal } from './roles.ts';

const parents = new Map<string, string | null>([
  ['S-ASS', null],
  ['T-ASS1', 'S-ASS'],
  ['S-CIN', null],
  ['L-N', 'S-CIN'],
  ['T-CINN', 'L-N'],
]);
const parentOf = (id: string) => parents.get(id);
const who = (role: Principal['role'], teamIds: string[] = [], laCodes: string[] = ['*']): Principal => ({ userId: 1, username: 'x', role, teamIds, laCodes, demo: false });

describe('roles', () => {
  it('gives child-level reach by role: all, own teams, or none', () => {
    expect(childScope('admin')).toBe('all');
    expect(childScope('analyst')).toBe('all');
    expect(childScope('senior_manager')).toBe('all');
    expect(childScope('team_manager')).toBe('own_teams');
    expect(childScope('viewer')).toBe('none');
  });

  it('lets a team manager see their teams and every unit under them, and nothing else', () => {
    const tm = who('team_manager', ['S-CIN']);
    expect(canSeeTeam(tm, 'S-CIN', parentOf)).toBe(true);
    expect(canSeeTeam(tm, 'L-N', parentOf)).toBe(true);
    expect(canSeeTeam(tm, 'T-CINN', parentOf)).toBe(true);
    expect(canSeeTeam(tm, 'T-ASS1', parentOf)).toBe(false);
    expect(canSeeTeam(tm, 'S-ASS', parentOf)).toBe(false);
    expect(canSeeTeam(tm, null, parentOf)).toBe(false);
    const narrow = who('team_manager', ['T-CINN']);
    expect(canSeeTeam(narrow, 'L-N', parentOf)).toBe(false);
  });

  it('never lets a viewer reach a team, and lets the all-data roles reach every team', () => {
    expect(canSeeTeam(who('viewer'), 'T-ASS1', parentOf)).toBe(false);
    expect(canSeeTeam(who('senior_manager'), 'T-ASS1', parentOf)).toBe(true);
    expect(canSeeTeam(who('analyst'), null, parentOf)).toBe(true);
  });

  it('limits councils to the list, with * for all', () => {
    expect(canSeeLa(who('admin'), '855')).toBe(true);
    expect(canSeeLa(who('analyst', [], ['855']), '855')).toBe(true);
    expect(canSeeLa(who('analyst', [], ['855']), '856')).toBe(false);
  });
});
