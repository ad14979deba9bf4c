import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { AppError } from '../errors.ts';
import { crashPoint } from './faults.ts';
import type { Database } from './schema.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

let names: Promise<string[]> | null = null;

/** The migrations this version has, in order (the files do not change while it runs). */
function migrationNames(): Promise<string[]> {
  names ??= readdir(MIGRATIONS_DIR).then((files) =>
    files
      .filter((f) => /^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+\.ts$/.test(f))
      .sort()
      .map((f) => f.replace(/\.ts$/, '')),
  );
  return names;
}

/** Migrations are the files in src/db/migrations, named `YYYY-MM-DDTHHMM-what.ts`, applied in name order. */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const name of await migrationNames()) {
      const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, `${name}.ts`)).href)) as Migration;
      out[name] = {
        ...mod,
        async up(db) {
          await mod.up(db);
          crashPoint(`migration ${name}`);
        },
      };
    }
    return out;
  }
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  latest: string | null;
}

// The migration tables live in the connection's current schema: Kysely would otherwise look
// for them across every schema and be confused by another database user's copy.
async function migrator(db: Kysely<Database>): Promise<Migrator> {
  const schema = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  return new Migrator({ db, provider: new FolderProvider(), migrationTableSchema: schema.rows[0]?.s ?? 'public' });
}

/**
 * Before migrating, Kysely looks for its own tables by listing the tables of every schema on the
 * server, asking about each schema by name: a schema another program drops meanwhile fails that
 * look with "schema … does not exist" (3F000) before anything has been changed. That is tried again.
 */
export async function migrateRetryingSchemaRace(run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await run();
    const gone = outcome.results === undefined && typeof outcome.error === 'object' && outcome.error !== null && (outcome.error as { code?: unknown }).code === '3F000';
    if (!gone || attempt === 5) return outcome;
  }
}

/** Applies pending migrations; forward-only. Refuses a database that has migrations this version does not know. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  await refuseUnknown(db);
  const { error, results } = await migrateRetryingSchemaRace(async () => (await migrator(db)).migrateToLatest());
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = failed
      ? `The database could not be upgraded: migration ${failed} failed.`
      : 'The database could not be upgraded: Headroom could not read which upgrades it already has, and changed nothing. Try again; if it fails again, run the command with --debug for the database’s own message.';
    throw new AppError('migration_refused', message, {
      internal: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies migrations up to and including `name` only (tests of a migration's data conversion). */
export async function migrateUpTo(db: Kysely<Database>, name: string): Promise<void> {
  const { error } = await migrateRetryingSchemaRace(async () => (await migrator(db)).migrateTo(name));
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

// Read for every /health and /status request, so it reads only the table of applied names
// (Kysely's own status loads every migration and checks its tables: tens of milliseconds).
export async function migrationStatus(db: Kysely<Database>): Promise<MigrationStatus> {
  const [known, done] = await Promise.all([migrationNames(), appliedNames(db)]);
  const isApplied = new Set(done);
  const applied = known.filter((n) => isApplied.has(n));
  const pending = known.filter((n) => !isApplied.has(n));
  return { applied, pending, latest: applied.at(-1) ?? null };
}

async function refuseUnknown(db: Kysely<Database>): Promise<void> {
  const known = new Set(await migrationNames());
  const applied = await appliedNames(db);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new AppError(
      'migration_refused',
      `This database has been upgraded by a newer or different version of Headroom (unknown migration ${unknown.join(', ')}). ` +
        'Use the version that created it, or restore a backup; nothing was changed.',
    );
  }
}

async function appliedNames(db: Kysely<Database>): Promise<string[]> {
  // to_regclass follows search_path, so a schema-isolated connection sees only its own table.
  const exists = await sql<{ t: string | null }>`select to_regclass('kysely_migration')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}
