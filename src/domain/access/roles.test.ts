import { describe, expect, it } from 'vitest';
import { buildTeamTree } from '../../domain/caseload/team-tree.ts';
import { canSeeLa, canSeeTeam, childScope, suppressesSmallCounts, type Principal } from './roles.ts';

const tree = buildTeamTree([
  { teamId: 'S-ASS', parentId: null },
  { teamId: 'T-ASS1', parentId: 'S-ASS' },
  { teamId: 'S-CIN', parentId: null },
  { teamId: 'L-N', parentId: 'S-CIN' },
  { teamId: 'T-CINN', parentId: 'L-N' },
]);
const who = (role: Principal['role'], teamIds: string[] = [], laCodes: string[] = ['*']): Principal => ({ userId: 1, username: 'x', role, teamIds, laCodes, demo: false });

describe('roles', () => {
  it('gives child-level reach by role: all, own teams, or none', () => {
    expect(childScope('admin')).toBe('all');
    expect(childScope('analyst')).toBe('all');
    expect(childScope('senior_manager')).toBe('all');
    expect(childScope('team_manager')).toBe('own_teams');
    expect(childScope('viewer')).toBe('none');
    expect(childScope('regional_analyst')).toBe('none');
  });

  it('withholds small counts from viewers and regional analysts only', () => {
    expect(suppressesSmallCounts('viewer')).toBe(true);
    expect(suppressesSmallCounts('regional_analyst')).toBe(true);
    for (const role of ['admin', 'analyst', 'senior_manager', 'team_manager'] as const) expect(suppressesSmallCounts(role), role).toBe(false);
  });

  it('never lets a regional analyst reach a team', () => {
    expect(canSeeTeam(who('regional_analyst', ['T-ASS1'], ['855']), 'T-ASS1', tree)).toBe(false);
  });

  it('lets a team manager see their teams and every unit under them, and nothing else', () => {
    const tm = who('team_manager', ['S-CIN']);
    expect(canSeeTeam(tm, 'S-CIN', tree)).toBe(true);
    expect(canSeeTeam(tm, 'L-N', tree)).toBe(true);
    expect(canSeeTeam(tm, 'T-CINN', tree)).toBe(true);
    expect(canSeeTeam(tm, 'T-ASS1', tree)).toBe(false);
    expect(canSeeTeam(tm, 'S-ASS', tree)).toBe(false);
    expect(canSeeTeam(tm, null, tree)).toBe(false);
    const narrow = who('team_manager', ['T-CINN']);
    expect(canSeeTeam(narrow, 'L-N', tree)).toBe(false);
  });

  it('never lets a viewer reach a team, and lets the all-data roles reach every team', () => {
    expect(canSeeTeam(who('viewer'), 'T-ASS1', tree)).toBe(false);
    expect(canSeeTeam(who('senior_manager'), 'T-ASS1', tree)).toBe(true);
    expect(canSeeTeam(who('analyst'), null, tree)).toBe(true);
  });

  it('limits councils to the list, with * for all', () => {
    expect(canSeeLa(who('admin'), '855')).toBe(true);
    expect(canSeeLa(who('analyst', [], ['855']), '855')).toBe(true);
    expect(canSeeLa(who('analyst', [], ['855']), '856')).toBe(false);
  });
});
