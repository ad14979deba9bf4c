import type { Team } from '../workforce/types.ts';
import type { Pence } from './money.ts';

/**
 * One vocabulary for what making agency posts permanent saves, used word for word on the
 * planning pages and in the business case (docs/scenarios.md, "Savings"):
 * the gross agency cost avoided, less the cost of the new permanent posts, is the net saving.
 * All three are full-year figures before the vacancy factor.
 */
export const SAVINGS_TERMS = {
  gross: 'Gross agency cost avoided',
  newPosts: 'Cost of the new permanent posts',
  net: 'Net saving',
} as const;

/** Money figures of a unit that add up: a parent's are the sum of its own posts' and its children's. */
export type CostValues = Record<string, Pence>;

export interface RolledUpRow<V extends CostValues> {
  teamId: string | null;
  name: string;
  /** 0 for a top-level unit (a service), 1 under it, and so on. */
  depth: number;
  /** True for a unit with units under it: its figures include theirs. */
  rollup: boolean;
  /** True for the row of posts held directly by a unit that also has units under it. */
  own: boolean;
  values: V;
}

function add<V extends CostValues>(a: V, b: V): V {
  const out = { ...a };
  for (const key of Object.keys(b)) (out as CostValues)[key] = (a[key] ?? 0) + (b[key] ?? 0);
  return out;
}

/**
 * Team cost rows arranged as the hierarchy (service, locality, team), each parent carrying the
 * sum of everything under it, so teams add up to their service and services to the council.
 * A parent that holds posts itself (a service manager) gets a row "posts held directly" beside
 * its units. Units with no cost anywhere under them are left out; rows for a team the hierarchy
 * does not know (or no team) are listed at the top level.
 */
export function rollUpCosts<V extends CostValues>(units: readonly Team[], rows: readonly { teamId: string | null; name: string; values: V }[], zero: V): RolledUpRow<V>[] {
  const known = new Map(units.map((u) => [u.teamId, u]));
  const own = new Map(rows.map((r) => [r.teamId, r]));
  const children = new Map<string | null, Team[]>();
  for (const u of units) {
    const parent = u.parentId !== null && known.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const totals = new Map<string, V>();
  const total = (unit: Team, seen: Set<string>): V => {
    const cached = totals.get(unit.teamId);
    if (cached) return cached;
    if (seen.has(unit.teamId)) return zero;
    seen.add(unit.teamId);
    let sum = own.get(unit.teamId)?.values ?? zero;
    for (const child of children.get(unit.teamId) ?? []) sum = add(sum, total(child, seen));
    totals.set(unit.teamId, sum);
    return sum;
  };
  const hasCost = (unit: Team): boolean => own.has(unit.teamId) || (children.get(unit.teamId) ?? []).some(hasCost);
  const out: RolledUpRow<V>[] = [];
  const walk = (unit: Team, depth: number) => {
    if (!hasCost(unit)) return;
    const kids = (children.get(unit.teamId) ?? []).filter(hasCost);
    out.push({ teamId: unit.teamId, name: unit.name, depth, rollup: kids.length > 0, own: false, values: total(unit, new Set()) });
    const mine = own.get(unit.teamId);
    if (kids.length > 0 && mine) out.push({ teamId: unit.teamId, name: `Posts held directly in ${unit.name}`, depth: depth + 1, rollup: false, own: true, values: mine.values });
    for (const kid of kids) walk(kid, depth + 1);
  };
  for (const root of children.get(null) ?? []) walk(root, 0);
  for (const row of rows) if (row.teamId === null || !known.has(row.teamId)) out.push({ teamId: row.teamId, name: row.name, depth: 0, rollup: false, own: false, values: row.values });
  return out;
}
