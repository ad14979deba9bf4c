import { mkdirSync } from 'node:fs';
import { Kysely } from 'kysely';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { AppError } from '../errors.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { PostgresCopyDialect } from './postgres-copy-dialect.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use instead of `public` (tests isolate themselves this way). */
  schema?: string | undefined;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, without credentials: a directory or host/database. */
  location: string;
  /** PGlite only: a gzipped tar of the whole data directory, taken with no transaction open. */
  dump?: (() => Promise<Uint8Array>) | undefined;
  close(): Promise<void>;
}

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

const identity = (value: string): string => value;

/**
 * Opens the database. Both drivers return the same JavaScript types: bigint counts and
 * numerics as numbers, dates as ISO strings (never Date objects, so no time-zone drift).
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.schema);
  return openPGlite(config.dataDir ?? './.headroom-data');
}

async function openPostgres(url: string, schema: string | undefined): Promise<DatabaseHandle> {
  const parsers: Record<number, (value: string) => unknown> = {
    [OID.INT8]: Number,
    [OID.NUMERIC]: Number,
    [OID.DATE]: identity,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end();
    throw new AppError('database_unavailable', `Could not connect to the PostgreSQL database at ${describeUrl(url)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresCopyDialect(pool) });
  return { db, kind: 'postgresql', location: describeUrl(url), close: () => db.destroy() };
}

/**
 * A jsonb parameter for PGlite. Bytes (`jsonbBinary` in bulk.ts) go to the server as they are, in
 * jsonb's binary format: PGlite sends a Uint8Array parameter unchanged, where a string is walked
 * twice in JavaScript to count its UTF-8 bytes, a tenth of a bulk load's time. Anything else is
 * serialised as PGlite's own serialiser does.
 */
function jsonbParameter(value: unknown): string {
  if (value instanceof Uint8Array) return value as unknown as string;
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function openPGlite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // Held for the life of the handle (and released on exit): a second process is refused, never let in beside.
  const lock: DataDirLock | null = inMemory ? null : acquireDataDirLock(dataDir);
  let instance: PGlite | undefined;
  const open = async (): Promise<PGlite> => {
    try {
      return (instance = await PGlite.create(inMemory ? undefined : dataDir, {
        parsers: {
          [pgliteTypes.INT8]: (v: string) => Number(v),
          [pgliteTypes.NUMERIC]: (v: string) => Number(v),
          [pgliteTypes.DATE]: identity,
        },
        serializers: { [pgliteTypes.JSONB]: jsonbParameter },
      }));
    } catch (err) {
      throw new AppError('database_unavailable', `Could not open the data directory ${dataDir}: ${(err as Error).message}`, { cause: err });
    }
  };
  const db = new Kysely<Database>({ dialect: new PGliteDialect(open) });
  try {
    // Kysely initialises the driver lazily; touch it now so a bad directory fails here.
    await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
  } catch (err) {
    await db.destroy().catch(() => undefined);
    lock?.release();
    throw err;
  }
  const close = async (): Promise<void> => {
    try {
      await db.destroy();
    } finally {
      lock?.release();
    }
  };
  // Holding the one connection keeps every transaction out while the directory is copied.
  const dump = async (): Promise<Uint8Array> =>
    db.connection().execute(async () => {
      if (!instance) throw new Error('PGlite dumped before it was opened');
      return new Uint8Array(await (await instance.dumpDataDir('gzip')).arrayBuffer());
    });
  return { db, kind: 'pglite', location: inMemory ? 'memory' : dataDir, dump, close };
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'the configured DATABASE_URL';
  }
}
