import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface PoolRow {
  id: number;
  name: string;
  createdAt: Date;
  createdBy: string;
}

export interface PoolMemberRow {
  poolId: number;
  laCode: string;
  consentedBy: string;
  consentedAt: Date;
}

const toPool = (r: { id: number; name: string; created_at: Date; created_by: string }): PoolRow => ({ id: r.id, name: r.name, createdAt: r.created_at, createdBy: r.created_by });

export async function insertPool(db: Db, pool: { name: string; createdBy: string; at: Date }): Promise<number> {
  const row = await db.insertInto('pool').values({ name: pool.name, created_by: pool.createdBy, created_at: pool.at }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function getPool(db: Db, id: number): Promise<PoolRow | undefined> {
  const row = await db.selectFrom('pool').select(['id', 'name', 'created_at', 'created_by']).where('id', '=', id).executeTakeFirst();
  return row && toPool(row);
}

/** The pool of that name, whatever its case. */
export async function findPoolByName(db: Db, name: string): Promise<PoolRow | undefined> {
  const row = await db.selectFrom('pool').select(['id', 'name', 'created_at', 'created_by']).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
  return row && toPool(row);
}

export async function listPools(db: Db): Promise<PoolRow[]> {
  const rows = await db.selectFrom('pool').select(['id', 'name', 'created_at', 'created_by']).orderBy('name').execute();
  return rows.map(toPool);
}

export async function renamePool(db: Db, id: number, name: string): Promise<void> {
  await db.updateTable('pool').set({ name }).where('id', '=', id).execute();
}

/** Deletes the pool and, by cascade, every consent to it. */
export async function deletePool(db: Db, id: number): Promise<void> {
  await db.deleteFrom('pool').where('id', '=', id).execute();
}

/** Records a council's consent; false when it had already consented (nothing changes). */
export async function insertPoolMember(db: Db, member: { poolId: number; laCode: string; consentedBy: string; at: Date }): Promise<boolean> {
  const rows = await db
    .insertInto('pool_member')
    .values({ pool_id: member.poolId, la_code: member.laCode, consented_by: member.consentedBy, consented_at: member.at })
    .onConflict((oc) => oc.columns(['pool_id', 'la_code']).doNothing())
    .returning('la_code')
    .execute();
  return rows.length > 0;
}

/** Removes a council's consent; false when it had not consented. */
export async function deletePoolMember(db: Db, poolId: number, laCode: string): Promise<boolean> {
  const result = await db.deleteFrom('pool_member').where('pool_id', '=', poolId).where('la_code', '=', laCode).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every consent, to every pool (or to one), by pool then council. */
export async function listPoolMembers(db: Db, poolId?: number): Promise<PoolMemberRow[]> {
  let q = db.selectFrom('pool_member').select(['pool_id', 'la_code', 'consented_by', 'consented_at']);
  if (poolId !== undefined) q = q.where('pool_id', '=', poolId);
  const rows = await q.orderBy('pool_id').orderBy('la_code').execute();
  return rows.map((r) => ({ poolId: r.pool_id, laCode: r.la_code, consentedBy: r.consented_by, consentedAt: r.consented_at }));
}

/** The councils consenting to a pool now: read on every request of a regional analyst. */
export async function consentedLaCodes(db: Db, poolId: number): Promise<string[]> {
  const rows = await db.selectFrom('pool_member').select('la_code').where('pool_id', '=', poolId).orderBy('la_code').execute();
  return rows.map((r) => r.la_code);
}

/** Every council consenting to at least one pool. */
export async function listPooledLaCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('pool_member').select('la_code').distinct().orderBy('la_code').execute();
  return rows.map((r) => r.la_code);
}

/** The pools a council consents to now. */
export async function poolsOfLa(db: Db, laCode: string): Promise<number[]> {
  const rows = await db.selectFrom('pool_member').select('pool_id').where('la_code', '=', laCode).orderBy('pool_id').execute();
  return rows.map((r) => r.pool_id);
}

/** How many accounts belong to each pool (regional analysts), by pool id. */
export async function countPoolUsers(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('app_user')
    .select(['pool_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('pool_id', 'is not', null)
    .groupBy('pool_id')
    .execute();
  return new Map(rows.map((r) => [r.pool_id as number, Number(r.n)]));
}
