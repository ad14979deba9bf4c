import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { ensureCouncilPartitions } from '../../src/db/partitions.ts';
import { createLogger } from '../../src/logger.ts';
import { annexAImporter } from '../../src/services/annex-a.importer.ts';
import { runImport, type ImportRequest } from '../../src/services/import-runner.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { readFixture } from '../support/fixtures.ts';

const SAMPLE = readFixture('annex-a/annex-a-sample.xlsx');
const logger = createLogger({ level: 'silent' });
/** Tables the sample fills, each partitioned by la_code. */
const FILLED = ['contact', 'referral', 'assessment', 'cin_episode', 'cla_episode', 'child', 'annex_a_snapshot'];

describe.each(testDrivers())('partitions per council on $kind', (driver) => {
  let handle: DatabaseHandle;
  const deps = () => ({ db: handle.db, clock: () => new Date('2024-06-01T10:00:00Z'), logger });
  const request = (laCode: string): ImportRequest => ({ laCode, fileName: 'annex-a-sample.xlsx', bytes: SAMPLE, loadedBy: 'test' });
  const partitionsOf = async (laCode: string) =>
    (
      await sql<{ name: string }>`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relname like ${`%\\_la${laCode}`} order by 1`.execute(handle.db)
    ).rows.map((r) => r.name);
  /** Each row's physical identity and writing transaction: unchanged exactly when nothing touched it. */
  const versions = async (table: string) =>
    (await sql<{ v: string }>`select xmin::text || ':' || ctid::text as v from ${sql.table(table)} order by 1`.execute(handle.db)).rows.map((r) => r.v);
  const rowsIn = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db)).rows[0]?.n);

  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  it("creates a council's partitions on its first import and loads its rows there, nothing in the default partition", async () => {
    await runImport(deps(), annexAImporter(), request('861'));
    const parts = await partitionsOf('861');
    expect(parts).toEqual(expect.arrayContaining(FILLED.map((t) => `${t}_la861`)));
    for (const table of FILLED) {
      expect(await rowsIn(`${table}_la861`), table).toBeGreaterThan(0);
      expect(await rowsIn(`${table}_default`), table).toBe(0);
    }
    expect(await ensureCouncilPartitions(handle.db, '861')).toEqual([]);
  });

  it("re-importing one council rewrites only that council's partitions", async () => {
    await runImport(deps(), annexAImporter(), request('862'));
    await runImport(deps(), annexAImporter(), request('863'));
    const other = Object.fromEntries(await Promise.all(FILLED.map(async (t) => [t, await versions(`${t}_la863`)] as const)));
    const own = Object.fromEntries(await Promise.all(FILLED.map(async (t) => [t, await versions(`${t}_la862`)] as const)));

    const again = await runImport(deps(), annexAImporter(), request('862'));
    expect(again.replaced).toBe(true);
    for (const table of FILLED) {
      expect(await versions(`${table}_la863`), table).toEqual(other[table]);
      expect(await rowsIn(`${table}_default`), table).toBe(0);
    }
    // The re-imported council's rows were rewritten (the test would pass vacuously otherwise).
    expect(await versions('contact_la862')).not.toEqual(own.contact);
  });

  it('creates partitions once when two imports of a new council start together, and moves rows already in the default partition', async () => {
    await sql`insert into contact (la_code, child_id, event_date, data, first_batch_id, last_batch_id, last_extract_date)
              values ('864', 'EARLY', '2020-01-01', '{}', 0, 0, '2020-01-31')`.execute(handle.db);
    expect(await rowsIn('contact_default')).toBe(1);
    const [a, b] = await Promise.all([ensureCouncilPartitions(handle.db, '864'), ensureCouncilPartitions(handle.db, '864')]);
    expect([...a, ...b].sort()).toEqual((await partitionsOf('864')).map((p) => p.replace(/_la864$/, '')).sort());
    expect(await rowsIn('contact_default')).toBe(0);
    expect(await rowsIn('contact_la864')).toBe(1);
  });

  it('refuses a code that is not a DfE LA number before touching the catalogue', async () => {
    await expect(ensureCouncilPartitions(handle.db, "85'5")).rejects.toThrow(/three-digit/);
  });
});
