import { sql, type Kysely } from 'kysely';

/**
 * The child-level tables become LIST-partitioned by la_code, one partition per council plus a
 * default, so that a council's import, re-import or removal reads and writes only its own
 * partition (and, on a distributed PostgreSQL, la_code is the distribution column). Every primary
 * and unique key of these tables now starts with la_code, as PostgreSQL requires of a
 * partitioned table. Existing rows are copied into a partition per council found in them; later
 * councils get theirs from `ensureCouncilPartitions` (src/db/partitions.ts) before their first import.
 *
 * Each table's keys, foreign keys, indexes and dependent views are read from the catalogue and
 * recreated as they were, so this migration does not restate (and cannot drift from) the earlier ones.
 */
const TABLES = [
  'child',
  'allocation',
  'contact',
  'early_help',
  'referral',
  'assessment',
  's47',
  'cin_episode',
  'cp_plan',
  'cla_episode',
  'care_leaver',
  'adoption',
  'adopter',
  'annex_a_snapshot',
  'ssda903_episode',
  'ssda903_record',
  'cin_census_event',
  'case_audit',
];

const LA_CODE = /^\d{3}$/;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await partition(db, table);
}

async function partition(db: Kysely<any>, table: string): Promise<void> {
  const old = `${table}_unpartitioned`;
  const t = ident(table);

  const keys = await sql<{ name: string; type: string; columns: string[] }>`
    select c.conname as name, c.contype as type,
      array(select a.attname from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i)::text[] as columns
    from pg_constraint c
    where c.conrelid = ${table}::regclass and c.contype in ('p', 'u')
    order by c.conname`.execute(db);
  const foreign = await sql<{ name: string; def: string }>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = ${table}::regclass and contype = 'f' order by conname`.execute(db);
  const indexes = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conrelid = ${table}::regclass and c.conname = i.indexname)
    order by i.indexname`.execute(db);
  const views = await sql<{ name: string; def: string }>`
    select distinct v.relname as name, pg_get_viewdef(v.oid) as def
    from pg_depend d join pg_rewrite r on r.oid = d.objid join pg_class v on v.oid = r.ev_class
    where d.refobjid = ${table}::regclass and v.relkind = 'v' and v.oid <> ${table}::regclass
    order by v.relname`.execute(db);
  const serials = await sql<{ column: string; seq: string }>`
    select a.attname as column, pg_get_serial_sequence(${table}, a.attname) as seq
    from pg_attribute a
    where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped
      and pg_get_serial_sequence(${table}, a.attname) is not null`.execute(db);
  const columns = await sql<{ name: string }>`
    select attname as name from pg_attribute
    where attrelid = ${table}::regclass and attnum > 0 and not attisdropped order by attnum`.execute(db);

  for (const v of views.rows) await sql.raw(`drop view ${ident(v.name)}`).execute(db);
  await sql.raw(`alter table ${t} rename to ${ident(old)}`).execute(db);
  for (const i of indexes.rows) await sql.raw(`drop index ${ident(i.name)}`).execute(db);
  for (const k of [...keys.rows, ...foreign.rows]) await sql.raw(`alter table ${ident(old)} drop constraint ${ident(k.name)}`).execute(db);

  await sql.raw(`create table ${t} (like ${ident(old)} including defaults including constraints) partition by list (la_code)`).execute(db);
  await sql.raw(`create table ${ident(`${table}_default`)} partition of ${t} default`).execute(db);
  const councils = await sql<{ la_code: string }>`select distinct la_code from ${sql.table(old)} order by la_code`.execute(db);
  for (const { la_code } of councils.rows) {
    if (!LA_CODE.test(la_code)) continue;
    await sql.raw(`create table ${ident(`${table}_la${la_code}`)} partition of ${t} for values in ('${la_code}')`).execute(db);
  }
  for (const s of serials.rows) await sql.raw(`alter sequence ${s.seq} owned by ${t}.${ident(s.column)}`).execute(db);
  const cols = columns.rows.map((c) => ident(c.name)).join(', ');
  await sql.raw(`insert into ${t} (${cols}) select ${cols} from ${ident(old)}`).execute(db);
  await sql.raw(`drop table ${ident(old)}`).execute(db);

  for (const k of keys.rows) {
    const keyColumns = k.columns.includes('la_code') ? k.columns : ['la_code', ...k.columns];
    const kind = k.type === 'p' ? 'primary key' : 'unique';
    await sql.raw(`alter table ${t} add constraint ${ident(k.name)} ${kind} (${keyColumns.map(ident).join(', ')})`).execute(db);
  }
  for (const f of foreign.rows) await sql.raw(`alter table ${t} add constraint ${ident(f.name)} ${f.def}`).execute(db);
  for (const i of indexes.rows) await sql.raw(i.def).execute(db);
  for (const v of views.rows) await sql.raw(`create view ${ident(v.name)} as ${v.def}`).execute(db);
}
