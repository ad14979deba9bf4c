import { ROLES, isRole, type Role } from './roles.ts';

/**
 * Turning an OpenID Connect sign-in into a Headroom role: which provider groups give which role
 * (`OIDC_ROLE_GROUPS`), and reading the username and group claims from the ID token. Pure, so
 * the rules can be tested without a provider.
 */

/** Group id -> the roles it gives (a group may be mapped to more than one role). */
export type RoleGroups = ReadonlyMap<string, readonly Role[]>;

/** Most powerful first: someone in several mapped groups gets the first role here that any of their groups gives. */
export const ROLE_PRECEDENCE: readonly Role[] = ['admin', 'analyst', 'senior_manager', 'regional_analyst', 'team_manager', 'viewer'];

/**
 * Parses `role=group,role=group,...`. A role may appear more than once (several groups give it).
 * Returns a plain-English problem instead of throwing, so config can name the variable.
 */
export function parseRoleGroups(raw: string): { ok: true; groups: RoleGroups } | { ok: false; problem: string } {
  const groups = new Map<string, Role[]>();
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) return { ok: false, problem: 'it maps no groups: give role=group-id pairs separated by commas' };
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const role = eq < 0 ? entry : entry.slice(0, eq).trim();
    const group = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!isRole(role)) return { ok: false, problem: `"${role}" is not a role (use ${ROLES.join(', ')})` };
    if (group === '') return { ok: false, problem: `the role ${role} has no group id after "="` };
    const roles = groups.get(group) ?? [];
    if (!roles.includes(role)) roles.push(role);
    groups.set(group, roles);
  }
  return { ok: true, groups };
}

/** The most powerful role the person's groups give, or null when none of their groups is mapped. */
export function roleForGroups(memberOf: readonly string[], mapping: RoleGroups): Role | null {
  const given = new Set(memberOf.flatMap((g) => mapping.get(g) ?? []));
  return ROLE_PRECEDENCE.find((r) => given.has(r)) ?? null;
}

/** A claim holding a list of strings (Entra ID sends `groups` as an array; some providers send one string). */
export function stringsClaim(claims: Readonly<Record<string, unknown>>, name: string): string[] {
  const value = claims[name];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

/** A claim holding one non-empty string, or null. */
export function stringClaim(claims: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Entra ID leaves the `groups` claim out and names a source in `_claim_names` instead when a
 * person is in more groups than fit in a token ("group overage"). Headroom does not call Graph
 * to fetch them; the administrator should send only the groups assigned to the application.
 */
export function groupsOverflowed(claims: Readonly<Record<string, unknown>>, name: string): boolean {
  const names = claims._claim_names;
  return claims[name] === undefined && typeof names === 'object' && names !== null && name in names;
}
