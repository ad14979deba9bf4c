import { describe, expect, it } from 'vitest';
import { groupsOverflowed, parseRoleGroups, roleForGroups, stringClaim, stringsClaim, type RoleGroups } from './oidc-roles.ts';

const mapping = (raw: string): RoleGroups => {
  const parsed = parseRoleGroups(raw);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.groups;
};

describe('OIDC group to role mapping', () => {
  const m = mapping('viewer=g-v, team_manager=g-tm,regional_analyst=g-ra,senior_manager=g-sm,analyst=g-an,admin=g-ad');

  it('gives the role of the one mapped group someone is in, ignoring groups not mapped', () => {
    expect(roleForGroups(['g-unrelated', 'g-tm'], m)).toBe('team_manager');
    expect(roleForGroups(['g-v'], m)).toBe('viewer');
  });

  it('gives the most powerful role when someone is in several: admin > analyst > senior_manager > regional_analyst > team_manager > viewer', () => {
    expect(roleForGroups(['g-v', 'g-ad', 'g-an'], m)).toBe('admin');
    expect(roleForGroups(['g-v', 'g-sm', 'g-an'], m)).toBe('analyst');
    expect(roleForGroups(['g-tm', 'g-sm'], m)).toBe('senior_manager');
    expect(roleForGroups(['g-ra', 'g-sm'], m)).toBe('senior_manager');
    expect(roleForGroups(['g-tm', 'g-ra', 'g-v'], m)).toBe('regional_analyst');
    expect(roleForGroups(['g-v', 'g-tm'], m)).toBe('team_manager');
  });

  it('gives no role when no group is mapped', () => {
    expect(roleForGroups([], m)).toBeNull();
    expect(roleForGroups(['g-canteen'], m)).toBeNull();
  });

  it('lets several groups give one role, and one group give several roles (the most powerful wins)', () => {
    const several = mapping('analyst=g1,analyst=g2,viewer=g2');
    expect(roleForGroups(['g1'], several)).toBe('analyst');
    expect(roleForGroups(['g2'], several)).toBe('analyst');
    expect(several.get('g2')).toEqual(['analyst', 'viewer']);
  });

  it('refuses a mapping with an unknown role, a missing group id, or nothing in it', () => {
    expect(parseRoleGroups('manager=g1')).toEqual({ ok: false, problem: expect.stringContaining('"manager" is not a role') });
    expect(parseRoleGroups('admin=')).toEqual({ ok: false, problem: expect.stringContaining('admin has no group id') });
    expect(parseRoleGroups('admin')).toEqual({ ok: false, problem: expect.stringContaining('admin has no group id') });
    expect(parseRoleGroups(' , ')).toEqual({ ok: false, problem: expect.stringContaining('maps no groups') });
  });

  it('reads the username and group claims, whatever shape the provider sends', () => {
    expect(stringsClaim({ groups: ['a', 'b', 3, ''] }, 'groups')).toEqual(['a', 'b']);
    expect(stringsClaim({ roles: 'Headroom.Admin' }, 'roles')).toEqual(['Headroom.Admin']);
    expect(stringsClaim({}, 'groups')).toEqual([]);
    expect(stringClaim({ preferred_username: ' j.smith@council.gov.uk ' }, 'preferred_username')).toBe('j.smith@council.gov.uk');
    expect(stringClaim({ preferred_username: '' }, 'preferred_username')).toBeNull();
    expect(stringClaim({ preferred_username: ['x'] }, 'preferred_username')).toBeNull();
  });

  it('notices Entra ID’s group overage (groups left out of the token)', () => {
    expect(groupsOverflowed({ _claim_names: { groups: 'src1' } }, 'groups')).toBe(true);
    expect(groupsOverflowed({ groups: [] }, 'groups')).toBe(false);
  });
});
