import { isWithinAny, type TeamTree, type TreeNode } from '../../domain/caseload/team-tree.ts';

/**
 * Who may see what. Deny by default: a role sees child-level data (child ids, worker names,
 * a worker's cases) only where `childScope` says so, and only for the councils in `laCodes`.
 *
 * - admin: users, settings, audit, and everything an analyst can do.
 * - analyst: imports, all data, exports.
 * - senior_manager: all data (read), exports.
 * - team_manager: child-level data for their own teams and the teams under them; aggregates for the council.
 * - regional_analyst: aggregates only, as a viewer sees them, for the councils that consent to
 *   their regional pool (resolved afresh on every request, so a withdrawal applies at once).
 * - viewer: aggregates only, never a child id or a worker's name; counts of 1 to 5 shown as "c".
 */
export const ROLES = ['admin', 'analyst', 'senior_manager', 'regional_analyst', 'team_manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TEXT: Record<Role, string> = {
  admin: 'Administrator',
  analyst: 'Analyst',
  senior_manager: 'Senior manager',
  regional_analyst: "Regional analyst (a pool's councils, aggregates only)",
  team_manager: 'Team manager',
  viewer: 'Viewer (aggregates only)',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** `*` in `laCodes` means every council in the database. */
export const ALL_LAS = '*';

export interface Principal {
  /** null for the demo administrator, who has no account. */
  userId: number | null;
  username: string;
  role: Role;
  laCodes: readonly string[];
  teamIds: readonly string[];
  demo: boolean;
  /** A regional analyst's pool; their `laCodes` are its consenting councils at this request. */
  poolId?: number | null | undefined;
}

export type ChildScope = 'all' | 'own_teams' | 'none';

export function childScope(role: Role): ChildScope {
  if (role === 'team_manager') return 'own_teams';
  if (role === 'viewer' || role === 'regional_analyst') return 'none';
  return 'all';
}

export function canSeeLa(principal: Pick<Principal, 'laCodes'>, laCode: string): boolean {
  return principal.laCodes.includes(ALL_LAS) || principal.laCodes.includes(laCode);
}

/** Small counts are withheld from viewers and regional analysts, who see aggregates only. */
export function suppressesSmallCounts(role: Role): boolean {
  return role === 'viewer' || role === 'regional_analyst';
}

/**
 * Whether a team (or service or locality) is within a principal's child-level reach: every unit
 * for roles that see all data; for a team manager, the units they manage and every unit under
 * them in the council's team tree.
 */
export function canSeeTeam(principal: Pick<Principal, 'role' | 'teamIds'>, teamId: string | null, tree: TeamTree<TreeNode>): boolean {
  const scope = childScope(principal.role);
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  return isWithinAny(tree, teamId, principal.teamIds);
}
