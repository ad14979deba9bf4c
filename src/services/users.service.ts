import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findPoolByName, listPools, type PoolRow } from '../db/pool.repository.ts';
import { deleteUserSessions } from '../db/session.repository.ts';
import { findUserByUsername, insertUser, listUsers, setUserAccess, setUserDisabled, setUserPassword, type UserRow } from '../db/user.repository.ts';
import { AppError } from '../errors.ts';
import type { AuditService } from './audit.service.ts';
import { hashPassword } from './auth.service.ts';
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from './security/password-policy.ts';
import { ALL_LAS, ROLES, isRole, type Role } from '../domain/access/roles.ts';
import { isLaCode } from '../domain/la-code.ts';

export interface UserSummary {
  username: string;
  displayName: string | null;
  role: Role | string;
  laCodes: string[];
  teamIds: string[];
  /** A regional analyst's pool. */
  pool: { id: number; name: string } | null;
  disabled: boolean;
  locked: boolean;
  createdAt: Date;
}

export interface UserAccess {
  role: string;
  laCodes?: readonly string[] | undefined;
  teamIds?: readonly string[] | undefined;
  /** The name of a regional analyst's pool (required for that role, refused for any other). */
  pool?: string | undefined;
}

/** Who made a change, for the audit log: a username, or `cli:<os user>`. */
export interface Actor {
  actor: string;
  actorRole?: string | null | undefined;
  ip?: string | null | undefined;
  route?: string | undefined;
}

/** The field of a user form a rule is about, for a form to show the message against it. */
export type UserField = 'username' | 'role' | 'laCodes' | 'teamIds' | 'pool' | 'password';

/**
 * A user change that breaks a rule (`bad_usage`, or `conflict` for a taken username) with the CLI's message, plus the field it is
 * about and the same rule in the words of the web form (which has no `--teams`).
 */
export class UserInputError extends AppError {
  readonly field: UserField;
  readonly formMessage: string;
  constructor(field: UserField, message: string, formMessage = message, code: 'bad_usage' | 'conflict' = 'bad_usage') {
    super(code, message);
    this.field = field;
    this.formMessage = formMessage;
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
const TEAM_ID = /^[^\s,][^,]{0,99}$/;

export function normaliseUsername(raw: string): string {
  const username = raw.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new UserInputError('username', 'A username is 2 to 64 characters: letters, digits, dots, hyphens, underscores or @, starting with a letter or digit.');
  }
  if (username === 'demo' || username === 'unknown') {
    throw new UserInputError('username', `"${username}" is reserved: choose another username.`);
  }
  return username;
}

function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new UserInputError('password', PASSWORD_PROBLEM_TEXT[problem]);
}

/**
 * Validates a role with its councils and teams; a team manager must manage at least one team. A
 * regional analyst has no councils of their own (they see their pool's consenting councils) and
 * no teams; their pool is checked by `checkPool`.
 */
function checkAccess(access: UserAccess): { role: Role; laCodes: string[]; teamIds: string[]; laCode: string } {
  if (!isRole(access.role)) throw new UserInputError('role', `The role must be one of: ${ROLES.join(', ')}.`, 'Choose a role');
  if (access.role === 'regional_analyst') {
    if (access.laCodes !== undefined && access.laCodes.length > 0) {
      throw new UserInputError('laCodes', 'A regional analyst sees the councils that consent to their pool: leave out --la for this role.', 'A regional analyst sees the councils that consent to their pool: clear the councils');
    }
    if ((access.teamIds ?? []).length > 0) {
      throw new UserInputError('teamIds', 'Only team managers have teams: leave out --teams for this role.', 'Only team managers have teams: clear the teams, or choose the team manager role');
    }
    return { role: access.role, laCodes: [], teamIds: [], laCode: ALL_LAS };
  }
  const laCodes = [...new Set((access.laCodes ?? [ALL_LAS]).map((c) => c.trim()).filter((c) => c !== ''))];
  if (laCodes.length === 0) throw new UserInputError('laCodes', 'Give at least one council: a three-digit DfE LA number, or * for every council.', 'Choose at least one council, or every council');
  const badLa = laCodes.find((c) => c !== ALL_LAS && !isLaCode(c));
  if (badLa !== undefined) throw new UserInputError('laCodes', `"${badLa}" is not a three-digit DfE LA number (or * for every council).`);
  const teamIds = [...new Set((access.teamIds ?? []).map((t) => t.trim()).filter((t) => t !== ''))];
  const badTeam = teamIds.find((t) => !TEAM_ID.test(t));
  if (badTeam !== undefined) throw new UserInputError('teamIds', `"${badTeam}" is not a team id.`);
  if (access.role === 'team_manager' && teamIds.length === 0) {
    throw new UserInputError('teamIds', 'A team manager must manage at least one team: give the team ids with --teams.', 'Choose at least one team for a team manager');
  }
  if (access.role !== 'team_manager' && teamIds.length > 0) {
    throw new UserInputError('teamIds', 'Only team managers have teams: leave out --teams for this role.', 'Only team managers have teams: clear the teams, or choose the team manager role');
  }
  const all = laCodes.includes(ALL_LAS);
  return { role: access.role, laCodes: all ? [ALL_LAS] : laCodes.sort(), teamIds, laCode: all || laCodes.length !== 1 ? ALL_LAS : laCodes[0]! };
}

export function usersService(deps: { db: Kysely<Database>; clock: () => Date; audit: AuditService }) {
  /** The pool a regional analyst belongs to (required), or null for any other role (which must not name one). */
  async function checkPool(role: Role, poolName: string | undefined): Promise<{ id: number; name: string } | null> {
    const name = poolName?.trim() ?? '';
    if (role !== 'regional_analyst') {
      if (name !== '') throw new UserInputError('pool', 'Only regional analysts belong to a pool: leave out --pool for this role.', 'Only regional analysts belong to a pool: choose no pool, or the regional analyst role');
      return null;
    }
    if (name === '') throw new UserInputError('pool', 'A regional analyst must belong to a pool: give its name with --pool (headroom pools list shows them).', 'Choose the pool this regional analyst works for');
    const pool = await findPoolByName(deps.db, name.replace(/\s+/g, ' '));
    if (!pool) throw new UserInputError('pool', `There is no pool called "${name}" (headroom pools list shows them).`, `There is no pool called "${name}"`);
    return { id: pool.id, name: pool.name };
  }

  async function find(rawUsername: string): Promise<UserRow> {
    const user = await findUserByUsername(deps.db, rawUsername.trim().toLowerCase());
    if (!user) throw new AppError('not_found', `There is no user called "${rawUsername.trim()}".`);
    return user;
  }
  const audit = (by: Actor, action: Parameters<AuditService['record']>[0]['action'], user: { username: string; laCode: string }, detail: Record<string, unknown>) =>
    deps.audit.record({ actor: by.actor, actorRole: by.actorRole, ip: by.ip, route: by.route, action, laCode: user.laCode, detail: { username: user.username, ...detail } });

  return {
    async add(input: { username: string; password: string; displayName?: string | null | undefined } & UserAccess, by: Actor): Promise<UserSummary> {
      const username = normaliseUsername(input.username);
      const access = checkAccess(input);
      const pool = await checkPool(access.role, input.pool);
      checkPassword(input.password, username);
      if (await findUserByUsername(deps.db, username)) throw new UserInputError('username', `There is already a user called "${username}".`, `There is already a user called "${username}": choose another username`, 'conflict');
      const at = deps.clock();
      await insertUser(deps.db, { username, displayName: input.displayName ?? null, role: access.role, laCodes: access.laCodes, teamIds: access.teamIds, laCode: access.laCode, poolId: pool?.id ?? null, passwordHash: await hashPassword(input.password), at });
      await audit(by, 'user_added', { username, laCode: access.laCode }, { role: access.role, laCodes: access.laCodes, teamIds: access.teamIds, ...(pool ? { pool: pool.name } : {}) });
      return summary(await find(username), at, await listPools(deps.db));
    },

    async list(): Promise<UserSummary[]> {
      const now = deps.clock();
      const [users, pools] = await Promise.all([listUsers(deps.db), listPools(deps.db)]);
      return users.map((u) => summary(u, now, pools));
    },

    async get(username: string): Promise<UserSummary> {
      return summary(await find(username), deps.clock(), await listPools(deps.db));
    },

    /** Disables the account and ends its sessions at once. */
    async disable(username: string, by: Actor): Promise<void> {
      const user = await find(username);
      const at = deps.clock();
      await setUserDisabled(deps.db, user.id, at, at);
      const ended = await deleteUserSessions(deps.db, user.id);
      await audit(by, 'user_disabled', user, { sessionsEnded: ended });
    },

    async enable(username: string, by: Actor): Promise<void> {
      const user = await find(username);
      await setUserDisabled(deps.db, user.id, null, deps.clock());
      await audit(by, 'user_enabled', user, {});
    },

    /** Sets a new password, clears any lockout and ends the account's sessions. */
    async resetPassword(username: string, password: string, by: Actor): Promise<void> {
      const user = await find(username);
      checkPassword(password, user.username);
      await setUserPassword(deps.db, user.id, await hashPassword(password), deps.clock());
      const ended = await deleteUserSessions(deps.db, user.id);
      await audit(by, 'password_reset', user, { sessionsEnded: ended });
    },

    /**
     * The local account for someone the council's identity provider has signed in, with the role
     * their groups give. An existing account takes that role (its councils and teams, set with
     * `headroom users set-role`, are kept); a new one is created with no password, every council
     * and no teams. A disabled account is left alone and refused.
     */
    async provisionFromProvider(rawUsername: string, role: Role, by: Actor): Promise<{ ok: true; user: UserRow; created: boolean } | { ok: false; reason: 'bad_username' | 'disabled' }> {
      let username: string;
      try {
        username = normaliseUsername(rawUsername);
      } catch {
        return { ok: false, reason: 'bad_username' };
      }
      const at = deps.clock();
      const existing = await findUserByUsername(deps.db, username);
      if (existing?.disabledAt) return { ok: false, reason: 'disabled' };
      if (existing) {
        if (existing.role === role) return { ok: true, user: existing, created: false };
        // A regional analyst keeps a pool an administrator gave them; no other role has one.
        await setUserAccess(deps.db, existing.id, { role, laCodes: existing.laCodes, teamIds: existing.teamIds, laCode: existing.laCode, poolId: role === 'regional_analyst' ? existing.poolId : null }, at);
        await audit(by, 'role_changed', existing, { from: { role: existing.role }, to: { role }, source: 'identity provider groups' });
        return { ok: true, user: await find(username), created: false };
      }
      await insertUser(deps.db, { username, displayName: null, role, laCodes: [ALL_LAS], teamIds: [], laCode: ALL_LAS, passwordHash: null, at });
      await audit(by, 'user_added', { username, laCode: ALL_LAS }, { role, laCodes: [ALL_LAS], teamIds: [], source: 'identity provider groups' });
      return { ok: true, user: await find(username), created: true };
    },

    /**
     * Changes role, councils, teams and pool; takes effect on the user's next request. A regional
     * analyst keeps their pool when none is given; councils and teams left out keep theirs.
     */
    async setRole(username: string, access: UserAccess, by: Actor): Promise<UserSummary> {
      const user = await find(username);
      const regional = access.role === 'regional_analyst';
      const checked = checkAccess({
        role: access.role,
        laCodes: access.laCodes ?? (regional ? undefined : user.laCodes),
        teamIds: access.teamIds ?? (access.role === 'team_manager' ? user.teamIds : []),
      });
      const pools = await listPools(deps.db);
      const keptPool = regional && (access.pool ?? '').trim() === '' && user.poolId !== null ? pools.find((p) => p.id === user.poolId)?.name : undefined;
      const pool = await checkPool(checked.role, access.pool ?? keptPool);
      const at = deps.clock();
      await setUserAccess(deps.db, user.id, { ...checked, poolId: pool?.id ?? null }, at);
      const poolName = (id: number | null) => (id === null ? null : (pools.find((p) => p.id === id)?.name ?? null));
      await audit(by, 'role_changed', user, {
        from: { role: user.role, laCodes: user.laCodes, teamIds: user.teamIds, pool: poolName(user.poolId) },
        to: { role: checked.role, laCodes: checked.laCodes, teamIds: checked.teamIds, pool: pool?.name ?? null },
      });
      return summary(await find(user.username), at, pools);
    },
  };
}
export type UsersService = ReturnType<typeof usersService>;

function summary(u: UserRow, now: Date, pools: readonly PoolRow[]): UserSummary {
  const pool = u.poolId === null ? undefined : pools.find((p) => p.id === u.poolId);
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    laCodes: u.laCodes,
    teamIds: u.teamIds,
    pool: pool ? { id: pool.id, name: pool.name } : null,
    disabled: u.disabledAt !== null,
    locked: u.lockedUntil !== null && u.lockedUntil.getTime() > now.getTime(),
    createdAt: u.createdAt,
  };
}
