import { describe, expect, it } from 'vitest';
import type { Team } from '../workforce/types.ts';
import { rollUpCosts } from './cost-rollup.ts';

const units: Team[] = [
  { teamId: 'S-A', name: 'Assessment Service', parentId: null, kind: 'service' },
  { teamId: 'T-1', name: 'Assessment Team 1', parentId: 'S-A', kind: 'team' },
  { teamId: 'T-2', name: 'Assessment Team 2', parentId: 'S-A', kind: 'team' },
  { teamId: 'S-B', name: 'Children in Care', parentId: null, kind: 'service' },
  { teamId: 'L-B', name: 'North', parentId: 'S-B', kind: 'locality' },
  { teamId: 'T-3', name: 'CIC North', parentId: 'L-B', kind: 'team' },
  { teamId: 'S-C', name: 'Empty Service', parentId: null, kind: 'service' },
];

describe('rollUpCosts', () => {
  it('gives each service the sum of its own posts and every team under it, so services add up to the council', () => {
    const rows = rollUpCosts(
      units,
      [
        { teamId: 'S-A', name: 'Assessment Service', values: { cost: 88_270 } },
        { teamId: 'T-1', name: 'Assessment Team 1', values: { cost: 1_000 } },
        { teamId: 'T-2', name: 'Assessment Team 2', values: { cost: 2_000 } },
        { teamId: 'S-B', name: 'Children in Care', values: { cost: 88_270 } },
        { teamId: 'T-3', name: 'CIC North', values: { cost: 500 } },
        { teamId: null, name: 'No team', values: { cost: 7 } },
      ],
      { cost: 0 },
    );
    expect(rows.map((r) => [r.name, r.depth, r.rollup, r.values.cost])).toEqual([
      ['Assessment Service', 0, true, 91_270],
      ['Posts held directly in Assessment Service', 1, false, 88_270],
      ['Assessment Team 1', 1, false, 1_000],
      ['Assessment Team 2', 1, false, 2_000],
      ['Children in Care', 0, true, 88_770],
      ['Posts held directly in Children in Care', 1, false, 88_270],
      ['North', 1, true, 500],
      ['CIC North', 2, false, 500],
      ['No team', 0, false, 7],
    ]);
    const topLevel = rows.filter((r) => r.depth === 0).reduce((a, r) => a + r.values.cost, 0);
    expect(topLevel).toBe(88_270 + 1_000 + 2_000 + 88_270 + 500 + 7);
  });
});
