import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { migrateToLatest, migrateUpTo, migrationStatus } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import { testDrivers } from '../support/databases.ts';

const PARTITIONING = '2026-12-05T1000-partition-by-la';

/** The large child-level tables the partition-by-la migration partitions. */
const PARTITIONED = [
  'child', 'allocation', 'contact', 'early_help', 'referral', 'assessment', 's47', 'cin_episode', 'cp_plan', 'cla_episode',
  'care_leaver', 'adoption', 'adopter', 'annex_a_snapshot', 'ssda903_episode', 'ssda903_record', 'cin_census_event', 'case_audit',
];

/**
 * Child-level tables: every table (not a partition, not a view) in the current schema with a
 * child or adopter id. Their keys must carry la_code, so that a council's rows can live in its
 * own partition here and on a distributed PostgreSQL.
 */
async function childLevelKeys(db: Kysely<Database>) {
  return (
    await sql<{ table: string; constraint: string | null; type: string | null; columns: string[] | null }>`
      select c.relname as table, k.conname as constraint, k.contype as type,
        array(select a.attname from unnest(k.conkey) n join pg_attribute a on a.attrelid = c.oid and a.attnum = n)::text[] as columns
      from pg_class c
      join pg_namespace ns on ns.oid = c.relnamespace
      left join pg_constraint k on k.conrelid = c.oid and k.contype in ('p', 'u')
      where ns.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname in ('child_id', 'adopter_id') and not a.attisdropped)
      order by c.relname, k.conname`.execute(db)
  ).rows;
}

async function partitionKeys(db: Kysely<Database>) {
  return (
    await sql<{ table: string; strategy: string; column: string }>`
      select c.relname as table, pt.partstrat as strategy, a.attname as column
      from pg_partitioned_table pt
      join pg_class c on c.oid = pt.partrelid
      join pg_namespace ns on ns.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum = pt.partattrs[0]
      where ns.nspname = current_schema()
      order by c.relname`.execute(db)
  ).rows;
}

describe.each(testDrivers())('child-level keys on $kind', (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('gives every child-level table a primary key, and every primary or unique key of one includes la_code', async () => {
    const keys = await childLevelKeys(handle.db);
    const tables = [...new Set(keys.map((k) => k.table))];
    expect(tables).toEqual(expect.arrayContaining(PARTITIONED));
    const withoutPrimaryKey = tables.filter((t) => !keys.some((k) => k.table === t && k.type === 'p'));
    // Snapshot rows are never addressed one by one (a batch's rows are replaced together), so they have no key.
    expect(withoutPrimaryKey).toEqual(['annex_a_snapshot']);
    const lacking = keys.filter((k) => k.constraint !== null && !(k.columns ?? []).includes('la_code')).map((k) => `${k.table}.${k.constraint}`);
    expect(lacking).toEqual([]);
  });

  it('partitions the large child-level tables by la_code, each with a default partition', async () => {
    const parts = await partitionKeys(handle.db);
    for (const table of PARTITIONED) expect(parts.find((p) => p.table === table), table).toEqual({ table, strategy: 'l', column: 'la_code' });
    const defaults = await sql<{ parent: string }>`
      select c.relname as parent from pg_partitioned_table pt join pg_class c on c.oid = pt.partrelid
      join pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = current_schema() and pt.partdefid <> 0`.execute(handle.db);
    expect(defaults.rows.map((r) => r.parent).sort()).toEqual([...PARTITIONED].sort());
  });
});

describe.each(testDrivers())('the partition-by-la migration on $kind', (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await driver.open({ migrate: false });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('moves existing rows into a partition per council, keeping keys, indexes, views and sequences', async () => {
    const pending = (await migrationStatus(handle.db)).pending;
    const before = pending.filter((m) => m < PARTITIONING).at(-1);
    expect(before).toBeDefined();
    await migrateUpTo(handle.db, before!);
    const db = handle.db;

    const batch = async (la: string) =>
      (await db.insertInto('import_batch').values({ la_code: la, source: 'annex-a', file_name: 'f.xlsx', sha256: 'x', extract_date: '2024-03-31', loaded_by: 't', status: 'loaded' }).returning('id').executeTakeFirstOrThrow()).id;
    const b855 = await batch('855');
    const b856 = await batch('856');
    for (const [la, b] of [['855', b855], ['856', b856]] as const) {
      await db.insertInto('contact').values({ la_code: la, child_id: 'C1', event_date: '2024-01-02', source: '1', allocated_team: null, allocated_worker: null, data: '{}', first_batch_id: b, last_batch_id: b, last_extract_date: '2024-03-31' }).execute();
      await db.insertInto('allocation').values({ la_code: la, child_id: 'C1', worker_id: 'W1', team_id: 'T1', case_type: 'cin', start_date: '2024-01-02', end_date: null, source: 'allocations', snapshot_date: null, batch_id: b }).execute();
      await db.insertInto('ssda903_episode').values({ la_code: la, return_year: 2024, child_id: 'C1', start_date: '2023-05-01', end_date: null, reason_new_episode: 'S', legal_status: 'C2', cin_category: 'N1', placement_type: 'U1', placement_provider: null, reason_ceased: null, reason_place_change: null, urn: null, data: '{}', batch_id: b }).execute();
    }

    await migrateToLatest(db);

    const placed = await sql<{ part: string; la_code: string }>`select tableoid::regclass::text as part, la_code from contact order by la_code`.execute(db);
    expect(placed.rows.map((r) => [r.part.replace(/^.*\./, ''), r.la_code])).toEqual([['contact_la855', '855'], ['contact_la856', '856']]);
    expect((await db.selectFrom('allocation').select(['la_code', 'id']).orderBy('id').execute()).map((r) => r.la_code)).toEqual(['855', '856']);

    // The serial id carries on from where it was, and the allocation key is (la_code, id).
    const next = await db.insertInto('allocation').values({ la_code: '855', child_id: 'C2', worker_id: null, team_id: null, case_type: 'cin', start_date: '2024-02-01', end_date: null, source: 'allocations', snapshot_date: null, batch_id: b855 }).returning('id').executeTakeFirstOrThrow();
    expect(next.id).toBe(3);
    const pk = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'allocation'::regclass and contype = 'p'`.execute(db);
    expect(pk.rows[0]?.def).toBe('PRIMARY KEY (la_code, id)');

    // Indexes and foreign keys are as before: deleting a batch still removes its allocations.
    const indexes = await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'allocation' order by 1`.execute(db);
    expect(indexes.rows.map((r) => r.name)).toEqual(['allocation_la_dates', 'allocation_la_snapshot', 'allocation_la_worker', 'allocation_pkey']);
    await db.deleteFrom('import_batch').where('id', '=', b856).execute();
    expect((await db.selectFrom('allocation').select('la_code').where('la_code', '=', '856').execute()).length).toBe(0);

    // The view over the returns reads the partitioned table.
    expect((await db.selectFrom('ssda903_episode_latest').select('la_code').execute()).map((r) => r.la_code)).toEqual(['855']);

    // A council not seen before lands in the default partition until it gets its own.
    await db.insertInto('contact').values({ la_code: '857', child_id: 'C9', event_date: '2024-01-02', source: '1', allocated_team: null, allocated_worker: null, data: '{}', first_batch_id: b855, last_batch_id: b855, last_extract_date: '2024-03-31' }).execute();
    const where = await sql<{ part: string }>`select tableoid::regclass::text as part from contact where la_code = '857'`.execute(db);
    expect(where.rows[0]?.part.replace(/^.*\./, '')).toBe('contact_default');
  });
});
