import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  laCode: string;
  at: Date;
  actor: string;
  actorRole: string | null;
  action: string;
  route: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export interface AuditRow extends AuditEntry {
  id: number;
}

export interface AuditQuery {
  /** Inclusive lower bound. */
  from?: Date | undefined;
  /** Exclusive upper bound. */
  to?: Date | undefined;
  laCodes?: readonly string[] | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  newestFirst?: boolean | undefined;
}

type Row = { id: number; la_code: string; at: Date; actor: string; actor_role: string | null; action: string; route: string | null; ip: string | null; detail: unknown };

const toEntry = (r: Row): AuditRow => ({
  id: Number(r.id),
  laCode: r.la_code,
  at: r.at,
  actor: r.actor,
  actorRole: r.actor_role,
  action: r.action,
  route: r.route,
  ip: r.ip,
  detail: (r.detail && typeof r.detail === 'object' ? r.detail : {}) as Record<string, unknown>,
});

export async function insertAudit(db: Db, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ la_code: e.laCode, at: e.at, actor: e.actor, actor_role: e.actorRole, action: e.action, route: e.route, ip: e.ip, detail: storableJson(e.detail) })
    .execute();
}

function matching(db: Db, q: AuditQuery) {
  let query = db.selectFrom('audit_log');
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.laCodes) query = query.where('la_code', 'in', [...q.laCodes, '*']);
  return query;
}

/** Rows in time order, oldest first unless asked otherwise. */
export async function listAudit(db: Db, q: AuditQuery): Promise<AuditRow[]> {
  let query = matching(db, q).selectAll();
  if (q.limit !== undefined) query = query.limit(q.limit);
  if (q.offset !== undefined) query = query.offset(q.offset);
  const dir = q.newestFirst ? 'desc' : 'asc';
  const rows = await query.orderBy('at', dir).orderBy('id', dir).execute();
  return rows.map(toEntry);
}

/** How many rows match, counting no further than `cap`. */
export async function countAudit(db: Db, q: AuditQuery, cap: number): Promise<number> {
  const row = await db
    .selectFrom(matching(db, q).select('id').limit(cap).as('matched'))
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Lets the current transaction delete audit rows (see the guard trigger in the security migration). */
export async function allowAuditArchive(tx: Transaction<Database>): Promise<void> {
  await sql`select set_config('headroom.audit_archive', 'on', true)`.execute(tx);
}

export async function deleteAuditUpTo(db: Db, before: Date, maxId: number): Promise<number> {
  const r = await db.deleteFrom('audit_log').where('at', '<', before).where('id', '<=', maxId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** JSON for a jsonb column: PostgreSQL cannot store the NUL character, so any in the detail (a file name, say) is dropped. */
function storableJson(value: unknown): string {
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1');
}
