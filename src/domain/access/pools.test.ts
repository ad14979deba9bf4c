import { describe, expect, it } from 'vitest';
import { canConsentFor, canManagePools, canSeePool, normalisePoolName, poolNameProblem, regionalAnalystLaCodes, seesPools } from './pools.ts';
import type { Principal } from './roles.ts';

const who = (role: Principal['role'], laCodes: string[] = ['*'], poolId: number | null = null) => ({ role, laCodes, poolId });

describe('regional pool rules', () => {
  it('lets only an administrator of every council create, rename and delete pools', () => {
    expect(canManagePools(who('admin'))).toBe(true);
    expect(canManagePools(who('admin', ['855']))).toBe(false);
    expect(canManagePools(who('analyst'))).toBe(false);
    expect(canManagePools(who('senior_manager'))).toBe(false);
    expect(canManagePools(who('regional_analyst', ['855'], 1))).toBe(false);
  });

  it('lets a council’s administrator consent for that council only', () => {
    expect(canConsentFor(who('admin', ['855']), '855')).toBe(true);
    expect(canConsentFor(who('admin', ['855']), '856')).toBe(false);
    expect(canConsentFor(who('admin', ['855', '856']), '856')).toBe(true);
    expect(canConsentFor(who('admin'), '856')).toBe(true);
    expect(canConsentFor(who('analyst', ['855']), '855')).toBe(false);
    expect(canConsentFor(who('senior_manager'), '855')).toBe(false);
  });

  it('opens a pool’s page to its own regional analysts and to every-council admins, analysts and senior managers', () => {
    expect(canSeePool(who('regional_analyst', ['855'], 1), 1)).toBe(true);
    expect(canSeePool(who('regional_analyst', ['855'], 1), 2)).toBe(false);
    expect(canSeePool(who('regional_analyst', [], null), 1)).toBe(false);
    for (const role of ['admin', 'analyst', 'senior_manager'] as const) {
      expect(canSeePool(who(role), 7), role).toBe(true);
      expect(canSeePool(who(role, ['855']), 7), `${role} of one council`).toBe(false);
    }
    expect(canSeePool(who('team_manager'), 1)).toBe(false);
    expect(canSeePool(who('viewer'), 1)).toBe(false);
  });

  it('offers the Pools section only to those who can open a pool', () => {
    expect(seesPools(who('regional_analyst', [], 3))).toBe(true);
    expect(seesPools(who('regional_analyst', [], null))).toBe(false);
    expect(seesPools(who('admin'))).toBe(true);
    expect(seesPools(who('admin', ['855']))).toBe(false);
    expect(seesPools(who('viewer'))).toBe(false);
  });

  it('gives a regional analyst exactly the consenting councils, never every council', () => {
    expect(regionalAnalystLaCodes(['856', '855', '855'])).toEqual(['855', '856']);
    expect(regionalAnalystLaCodes([])).toEqual([]);
    expect(regionalAnalystLaCodes(['*', '855'])).toEqual(['855']);
  });

  it('checks pool names', () => {
    expect(normalisePoolName('  London   boroughs ')).toBe('London boroughs');
    expect(poolNameProblem('')).toMatch(/Give the pool a name/);
    expect(poolNameProblem('x'.repeat(81))).toMatch(/at most 80/);
    expect(poolNameProblem('a\u0007b')).toMatch(/control characters/);
    expect(poolNameProblem('London')).toBeNull();
  });
});
