import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';

export interface TestDriver {
  kind: DatabaseKind;
  /** A fresh, empty database (migrated unless asked not to), isolated from every other test file. */
  open(options?: { migrate?: boolean }): Promise<DatabaseHandle>;
}

/**
 * The drivers every storage test runs on: always PGlite, and PostgreSQL whenever
 * TEST_DATABASE_URL is set. In CI (CI=true) a missing TEST_DATABASE_URL is an error,
 * so the PostgreSQL half can never be skipped silently.
 */
export function testDrivers(): TestDriver[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('TEST_DATABASE_URL must be set in CI: the storage tests run on PostgreSQL as well as PGlite.');
  }
  const drivers: TestDriver[] = [{ kind: 'pglite', open: openPGlite }];
  if (url) drivers.push({ kind: 'postgresql', open: (o) => openPostgresSchema(url, o) });
  return drivers;
}

async function openPGlite(options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dataDir: 'memory://' });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return handle;
}

async function openPostgresSchema(url: string, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = await openDatabase({ databaseUrl: url, schema });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    location: `${handle.location} (schema ${schema})`,
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/**
 * Empties every application table (keeps migrations), for a clean slate between tests. The audit
 * log refuses truncation unless its archive setting is on in the transaction, as the app's archive does.
 */
export async function truncateAll(db: Kysely<Database>): Promise<void> {
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db);
  if (tables.rows.length === 0) return;
  const list = tables.rows.map((t) => `"${t.tablename}"`).join(', ');
  await db.transaction().execute(async (tx) => {
    await sql`select set_config('headroom.audit_archive', 'on', true)`.execute(tx);
    await sql.raw(`truncate ${list} restart identity cascade`).execute(tx);
  });
}
