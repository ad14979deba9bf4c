import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewSession {
  id: string;
  laCode: string;
  userId: number | null;
  demo: boolean;
  csrfToken: string;
  at: Date;
  ip: string | null;
}

export interface SessionRow {
  id: string;
  userId: number | null;
  demo: boolean;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export async function insertSession(db: Db, s: NewSession): Promise<void> {
  await db
    .insertInto('app_session')
    .values({ id: s.id, la_code: s.laCode, user_id: s.userId, demo: s.demo, csrf_token: s.csrfToken, created_at: s.at, last_seen_at: s.at, ip: s.ip })
    .execute();
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const r = await db.selectFrom('app_session').select(['id', 'user_id', 'demo', 'csrf_token', 'created_at', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, userId: r.user_id, demo: r.demo, csrfToken: r.csrf_token, createdAt: r.created_at, lastSeenAt: r.last_seen_at };
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('app_session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('app_session').where('id', '=', id).execute();
}

/** Returns how many sessions were ended. */
export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const result = await db.deleteFrom('app_session').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sessions idle since before `idleBefore` or started before `startedBefore` can never be used again. */
export async function deleteExpiredSessions(db: Db, idleBefore: Date, startedBefore: Date): Promise<void> {
  await db
    .deleteFrom('app_session')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', startedBefore)]))
    .execute();
}

export async function insertSignInAttempt(db: Db, a: { ip: string; username: string; at: Date; succeeded: boolean }): Promise<number> {
  const row = await db.insertInto('sign_in_attempt').values({ la_code: '*', ip: a.ip, username: a.username, at: a.at, succeeded: a.succeeded }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function markSignInAttemptSucceeded(db: Db, id: number): Promise<void> {
  await db.updateTable('sign_in_attempt').set({ succeeded: true }).where('id', '=', id).execute();
}

export async function deleteSignInAttempt(db: Db, id: number): Promise<void> {
  await db.deleteFrom('sign_in_attempt').where('id', '=', id).execute();
}

export async function countFailedSignIns(db: Db, ip: string, since: Date): Promise<number> {
  const r = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteSignInAttemptsBefore(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('sign_in_attempt').where('at', '<', before).execute();
}
