import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AppUserTable, Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserRow {
  id: number;
  laCode: string;
  username: string;
  displayName: string | null;
  role: string;
  passwordHash: string | null;
  laCodes: string[];
  teamIds: string[];
  failedAttempts: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  /** A regional analyst's pool; null for every other role. */
  poolId: number | null;
}

export interface NewUser {
  laCode: string;
  username: string;
  displayName: string | null;
  role: string;
  /** null for an account that signs in only through the council's identity provider. */
  passwordHash: string | null;
  laCodes: readonly string[];
  teamIds: readonly string[];
  poolId?: number | null | undefined;
  at: Date;
}

const stringArray = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

type Row = Selectable<AppUserTable>;

function toUser(r: Row): UserRow {
  return {
    id: r.id,
    laCode: r.la_code,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    passwordHash: r.password_hash,
    laCodes: stringArray(r.la_codes),
    teamIds: stringArray(r.team_ids),
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    poolId: r.pool_id,
  };
}

export async function insertUser(db: Db, user: NewUser): Promise<number> {
  const row = await db
    .insertInto('app_user')
    .values({
      la_code: user.laCode,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      la_codes: JSON.stringify(user.laCodes),
      team_ids: JSON.stringify(user.teamIds),
      pool_id: user.poolId ?? null,
      created_at: user.at,
      updated_at: user.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  return row && toUser(row);
}

export async function getUser(db: Db, id: number): Promise<UserRow | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const rows = await db.selectFrom('app_user').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

export async function setUserPassword(db: Db, id: number, passwordHash: string, at: Date): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: passwordHash, failed_attempts: 0, locked_until: null, updated_at: at }).where('id', '=', id).execute();
}

export async function setUserAccess(db: Db, id: number, access: { role: string; laCodes: readonly string[]; teamIds: readonly string[]; laCode: string; poolId: number | null }, at: Date): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ role: access.role, la_codes: JSON.stringify(access.laCodes), team_ids: JSON.stringify(access.teamIds), la_code: access.laCode, pool_id: access.poolId, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function setUserDisabled(db: Db, id: number, disabledAt: Date | null, at: Date): Promise<void> {
  await db.updateTable('app_user').set({ disabled_at: disabledAt, updated_at: at }).where('id', '=', id).execute();
}

export interface LockoutRule {
  after: number;
  baseMinutes: number;
  maxMinutes: number;
}

/**
 * Counts one sign-in attempt against the account before its password is checked, in one
 * statement, so attempts sent at once cannot all read the same count. Returns the new count, or
 * null when the account is paused (nothing counted: that password must not be checked). The
 * pause starts at `after` attempts and doubles with each further one, up to `maxMinutes`.
 */
export async function reserveSignInAttempt(db: Db, id: number, now: Date, rule: LockoutRule): Promise<number | null> {
  const next = sql<number>`failed_attempts + 1`;
  const row = await db
    .updateTable('app_user')
    .set({
      failed_attempts: next,
      locked_until: sql<Date | null>`case when ${next} >= ${rule.after}
        then ${now}::timestamptz + make_interval(mins => least(${rule.maxMinutes}::float8, ${rule.baseMinutes}::float8 * power(2::float8, least(${next} - ${rule.after}, 30)))::int)
        else locked_until end`,
    })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('failed_attempts')
    .executeTakeFirst();
  return row ? row.failed_attempts : null;
}

export async function clearFailedSignIns(db: Db, id: number): Promise<void> {
  await db.updateTable('app_user').set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
}
