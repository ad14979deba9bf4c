import { ALL_LAS, canSeeLa, type Principal, type Role } from './roles.ts';

/**
 * Who may do what with regional pools. A pool is a named group of councils; a council is a
 * member only while its own administrator consents. Pure rules: the pool service and the web
 * pages ask these, and their tests pin them.
 */

type Who = Pick<Principal, 'role' | 'laCodes'>;

/** The roles that may open every pool's page when they can see every council. */
const ALL_POOL_ROLES: readonly Role[] = ['admin', 'analyst', 'senior_manager'];

/** Creating, renaming and deleting pools: an administrator of every council. */
export function canManagePools(who: Who): boolean {
  return who.role === 'admin' && who.laCodes.includes(ALL_LAS);
}

/** Giving or withdrawing a council's consent to a pool: an administrator of that council (or of every council). */
export function canConsentFor(who: Who, laCode: string): boolean {
  return who.role === 'admin' && canSeeLa(who, laCode);
}

/**
 * Opening a pool's page: the pool's own regional analysts, and administrators, analysts and
 * senior managers of every council. Nobody else, whatever councils they can see: a council's
 * own staff see their council, not the comparison with others.
 */
export function canSeePool(who: Who & Pick<Principal, 'poolId'>, poolId: number): boolean {
  if (who.role === 'regional_analyst') return who.poolId === poolId;
  return ALL_POOL_ROLES.includes(who.role) && who.laCodes.includes(ALL_LAS);
}

/** Whether the Pools section is offered at all (the navigation): someone who can open at least one pool's page. */
export function seesPools(who: Who & Pick<Principal, 'poolId'>): boolean {
  if (who.role === 'regional_analyst') return who.poolId !== null && who.poolId !== undefined;
  return ALL_POOL_ROLES.includes(who.role) && who.laCodes.includes(ALL_LAS);
}

/**
 * The councils a regional analyst sees: the consenting members of their pool, and nothing
 * without a pool. Never `*`, whatever the account's stored councils say.
 */
export function regionalAnalystLaCodes(consented: readonly string[]): string[] {
  return [...new Set(consented.filter((c) => c !== ALL_LAS))].sort();
}

export const POOL_NAME_MAX = 80;

/** A pool's name as stored: trimmed, with runs of spaces made one. */
export function normalisePoolName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

/** What is wrong with a pool name, in plain words, or null. */
export function poolNameProblem(name: string): string | null {
  if (name === '') return 'Give the pool a name, for example "London".';
  if (name.length > POOL_NAME_MAX) return `A pool’s name is at most ${POOL_NAME_MAX} characters.`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A pool’s name cannot contain control characters.';
  return null;
}
