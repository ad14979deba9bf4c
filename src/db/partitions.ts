import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from './schema.ts';
import { isLaCode } from '../domain/la-code.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** First key of the advisory lock that serialises partition creation ("HR" + 2; imports use + 1). */
const PARTITION_LOCK_CLASS = 0x4852_0002;

/** The name of a council's partition of a table partitioned by la_code. */
export function partitionName(table: string, laCode: string): string {
  return `${table}_la${laCode}`;
}

/**
 * Gives a council its own partition of every table partitioned by la_code (see the
 * partition-by-la migration), before its first import loads anything. Idempotent: a council
 * that has them costs one catalogue query. Safe under concurrent imports: creation is
 * serialised by an advisory lock and re-checked under it.
 *
 * Runs in its own short transaction, never inside an import's: each partition is built as a
 * plain table and then attached, which locks the parent only against other schema changes
 * (SHARE UPDATE EXCLUSIVE), so other councils keep reading and importing meanwhile. Rows that
 * reached the default partition for this council (written before it had a partition) move
 * into the new one. Returns the tables that got a partition.
 */
export async function ensureCouncilPartitions(db: Kysely<Database>, laCode: string): Promise<string[]> {
  if (!isLaCode(laCode)) {
    throw new AppError('bad_usage', `The LA code must be the DfE three-digit local authority number (for example 855), not "${laCode}".`);
  }
  if ((await tablesWithoutPartition(db, laCode)).length === 0) return [];
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${PARTITION_LOCK_CLASS}, 0)`.execute(tx);
    const missing = await tablesWithoutPartition(tx, laCode);
    for (const { parent, defaultPartition } of missing) await attachPartition(tx, parent, defaultPartition, laCode);
    return missing.map((m) => m.parent);
  });
}

interface Parent {
  parent: string;
  defaultPartition: string | null;
}

/** Tables in the current schema LIST-partitioned by la_code that have no partition for the council. */
async function tablesWithoutPartition(db: Db, laCode: string): Promise<Parent[]> {
  const rows = await sql<{ parent: string; default_partition: string | null }>`
    select c.relname as parent, d.relname as default_partition
    from pg_partitioned_table pt
    join pg_class c on c.oid = pt.partrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum = pt.partattrs[0]
    left join pg_class d on d.oid = pt.partdefid
    where n.nspname = current_schema() and pt.partstrat = 'l' and a.attname = 'la_code'
      and not exists (
        select 1 from pg_inherits i join pg_class p on p.oid = i.inhrelid
        where i.inhparent = c.oid and p.relname = c.relname || '_la' || ${laCode})
    order by c.relname`.execute(db);
  return rows.rows.map((r) => ({ parent: r.parent, defaultPartition: r.default_partition }));
}

async function attachPartition(tx: Transaction<Database>, parent: string, defaultPartition: string | null, laCode: string): Promise<void> {
  const name = partitionName(parent, laCode);
  await sql`create table ${sql.table(name)} (like ${sql.table(parent)} including defaults including constraints)`.execute(tx);
  if (defaultPartition !== null) {
    const columns = await sql<{ name: string }>`
      select attname as name from pg_attribute
      where attrelid = ${parent}::regclass and attnum > 0 and not attisdropped order by attnum`.execute(tx);
    const cols = sql.join(columns.rows.map((c) => sql.ref(c.name)));
    await sql`
      with moved as (delete from ${sql.table(defaultPartition)} where la_code = ${laCode} returning *)
      insert into ${sql.table(name)} (${cols}) select ${cols} from moved`.execute(tx);
  }
  await sql`alter table ${sql.table(parent)} attach partition ${sql.table(name)} for values in (${sql.lit(laCode)})`.execute(tx);
}
