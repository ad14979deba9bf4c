import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { migrateToLatest, migrationStatus } from '../../src/db/migrate.ts';
import { isAppError } from '../../src/errors.ts';
import { testDrivers } from '../support/databases.ts';

describe.each(testDrivers())('migrations on $kind', (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await driver.open({ migrate: false });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('applies every migration on an empty database, and a second run is a no-op', async () => {
    const first = await migrateToLatest(handle.db);
    expect(first.length).toBeGreaterThan(0);
    const status = await migrationStatus(handle.db);
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(first);

    const second = await migrateToLatest(handle.db);
    expect(second).toEqual([]);
    expect((await migrationStatus(handle.db)).applied).toEqual(first);
  });

  it('gives every application table an la_code column', async () => {
    const rows = await sql<{ table_name: string; has_la: boolean }>`
      select t.table_name, bool_or(c.column_name = 'la_code') as has_la
      from information_schema.tables t
      join information_schema.columns c on c.table_schema = t.table_schema and c.table_name = t.table_name
      where t.table_schema = current_schema() and t.table_name not like 'kysely_%'
      group by t.table_name`.execute(handle.db);
    expect(rows.rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.rows.filter((r) => !r.has_la).map((r) => r.table_name)).toEqual([]);
  });

  it('refuses a database with an applied migration it does not know, and changes nothing', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01T0000-from-the-future', '2099-01-01T00:00:00.000Z')`.execute(handle.db);
    const before = await migrationStatus(handle.db);
    const error = await migrateToLatest(handle.db).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('migration_refused');
    expect((error as Error).message).toContain('2099-01-01T0000-from-the-future');
    expect((error as Error).message).toMatch(/newer or different version of Headroom/);
    expect(await migrationStatus(handle.db)).toEqual(before);
    await sql`delete from kysely_migration where name = '2099-01-01T0000-from-the-future'`.execute(handle.db);
  });
});
