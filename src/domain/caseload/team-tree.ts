import type { Team } from '../workforce/types.ts';

/** What the tree needs of a unit: its id and the id of the unit above it. */
export type TreeNode = Pick<Team, 'teamId' | 'parentId'>;

export interface TeamTree<T extends TreeNode = Team> {
  teams: readonly T[];
  indexOf: ReadonlyMap<string, number>;
  /** Per team index: the team itself then its ancestors, nearest first (service -> locality -> team). */
  lineage: readonly (readonly number[])[];
}

/** Indexes the hierarchy once; a parent cycle or unknown parent simply ends the lineage. The first of duplicate ids wins. */
export function buildTeamTree<T extends TreeNode>(teams: readonly T[]): TeamTree<T> {
  const unique: T[] = [];
  const indexOf = new Map<string, number>();
  for (const team of teams) {
    if (indexOf.has(team.teamId)) continue;
    indexOf.set(team.teamId, unique.length);
    unique.push(team);
  }
  const lineage = unique.map((team, index) => {
    const chain = [index];
    let parentId = team.parentId;
    while (parentId !== null) {
      const parent = indexOf.get(parentId);
      if (parent === undefined || chain.includes(parent)) break;
      chain.push(parent);
      parentId = unique[parent]?.parentId ?? null;
    }
    return chain;
  });
  return { teams: unique, indexOf, lineage };
}

const NONE: readonly number[] = [];

/** The team and its ancestors, or nothing when the team is not in the tree. */
export function lineageOf(tree: TeamTree<TreeNode>, teamId: string | null): readonly number[] {
  if (teamId === null) return NONE;
  const index = tree.indexOf.get(teamId);
  return index === undefined ? NONE : (tree.lineage[index] ?? NONE);
}

/**
 * The unit directly above each team (`la`, the LA, for a top-level team, one whose parent is
 * unknown, or one caught in a parent cycle), the shape shortfalls are added up over.
 */
export function parentIndexes(tree: TeamTree<TreeNode>, la: number): number[] {
  return tree.lineage.map((chain, index) => {
    const parent = chain[1];
    if (parent === undefined) return la;
    return tree.lineage[parent]?.includes(index) === true ? la : parent;
  });
}

/** Whether `teamId` is `ancestorId` or sits anywhere under it. The one walk up the hierarchy. */
export function isWithin(tree: TeamTree<TreeNode>, teamId: string | null, ancestorId: string): boolean {
  if (teamId === null) return false;
  if (teamId === ancestorId) return true;
  return lineageOf(tree, teamId).some((index) => tree.teams[index]?.teamId === ancestorId);
}

/** Whether `teamId` is one of `ancestorIds` or sits under one of them. */
export function isWithinAny(tree: TeamTree<TreeNode>, teamId: string | null, ancestorIds: readonly string[]): boolean {
  return ancestorIds.some((id) => isWithin(tree, teamId, id));
}
