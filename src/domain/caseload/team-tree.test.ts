import { describe, expect, it } from 'vitest';
import { buildTeamTree, isWithin, isWithinAny } from './team-tree.ts';

const tree = buildTeamTree([
  { teamId: 'S-CIN', parentId: null },
  { teamId: 'L-N', parentId: 'S-CIN' },
  { teamId: 'T-CINN', parentId: 'L-N' },
  { teamId: 'T-ASS1', parentId: 'S-ASS' },
  { teamId: 'S-ASS', parentId: null },
  { teamId: 'LOOP-A', parentId: 'LOOP-B' },
  { teamId: 'LOOP-B', parentId: 'LOOP-A' },
]);

describe('isWithin', () => {
  it('finds a unit itself and every unit above it, at any depth', () => {
    expect(isWithin(tree, 'T-CINN', 'T-CINN')).toBe(true);
    expect(isWithin(tree, 'T-CINN', 'L-N')).toBe(true);
    expect(isWithin(tree, 'T-CINN', 'S-CIN')).toBe(true);
    expect(isWithin(tree, 'T-ASS1', 'S-ASS')).toBe(true);
  });

  it('never looks down the tree or across it, and a missing team is within nothing', () => {
    expect(isWithin(tree, 'S-CIN', 'T-CINN')).toBe(false);
    expect(isWithin(tree, 'T-ASS1', 'S-CIN')).toBe(false);
    expect(isWithin(tree, null, 'S-CIN')).toBe(false);
    expect(isWithin(tree, 'NOPE', 'S-CIN')).toBe(false);
  });

  it('ends a parent cycle instead of walking it for ever', () => {
    expect(isWithin(tree, 'LOOP-A', 'LOOP-B')).toBe(true);
    expect(isWithin(tree, 'LOOP-A', 'S-CIN')).toBe(false);
  });

  it('checks several units at once', () => {
    expect(isWithinAny(tree, 'T-CINN', ['S-ASS', 'L-N'])).toBe(true);
    expect(isWithinAny(tree, 'T-CINN', [])).toBe(false);
  });
});
