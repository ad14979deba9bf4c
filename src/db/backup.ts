import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { migrationStatus } from './migrate.ts';
import type { Database } from './schema.ts';

export const PG_DUMP_ADVICE =
  'This Headroom uses a PostgreSQL server (DATABASE_URL): back it up and restore it with the server\'s own tools, pg_dump and pg_restore (see docs/operations.md). Nothing was written.';

/** Writes a dump of the embedded database to `file` (readable by its owner only); refuses to overwrite. */
export function writeBackup(file: string, bytes: Uint8Array): void {
  if (existsSync(file)) throw new AppError('bad_usage', `${file} already exists. Choose a new file name; nothing was written.`);
  // Written under a private name and linked into place whole, so a crash part-way never leaves a
  // truncated file that looks like a backup.
  const partial = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(partial, bytes, { mode: 0o600, flag: 'wx' });
    linkSync(partial, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('bad_usage', `${file} already exists. Choose a new file name; nothing was written.`);
    throw err;
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Before migrations change an embedded database that already holds data, a copy of it goes to
 * the backups folder beside the directory; null when there was nothing to copy or nothing to apply.
 */
export async function backupIfUpgrading(handle: { db: Kysely<Database>; location: string; dump?: (() => Promise<Uint8Array>) | undefined }, now: Date): Promise<string | null> {
  if (!handle.dump || handle.location === 'memory') return null;
  const { applied, pending } = await migrationStatus(handle.db);
  if (applied.length === 0 || !pending[0]) return null;
  return backupBeforeMigration(handle.location, pending[0], await handle.dump(), now);
}

/** Where automatic backups of a data directory go: a folder beside it. */
export function backupFolderFor(dataDir: string): string {
  return `${path.resolve(dataDir)}-backups`;
}

/**
 * Before migrations change an embedded database that already holds data, a copy of it goes to
 * the backups folder beside the directory, named after the time and the first migration applied.
 */
export function backupBeforeMigration(dataDir: string, firstPending: string, bytes: Uint8Array, now: Date): string {
  const folder = backupFolderFor(dataDir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = path.join(folder, `before-${firstPending}-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
  writeBackup(file, bytes);
  return file;
}

/**
 * Replaces the data directory with a backup. The backup is first opened on its own (in memory)
 * to check it is a whole Headroom database; the current directory is kept, renamed, beside the
 * new one. Holds the directory's lock throughout, so no Headroom can be using it.
 */
export async function restoreBackup(dataDir: string, file: string, now: Date): Promise<{ keptAs: string | null }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const missing = (err as { code?: string } | null)?.code === 'ENOENT';
    throw new AppError('input_rejected', `${file}: ${missing ? 'no such file or folder' : 'could not be read'}. Nothing was changed.`, { cause: err });
  }
  const blob = new Blob([new Uint8Array(bytes)]);
  const lock = acquireDataDirLock(dataDir);
  try {
    await checkBackup(bytes, blob, file);
    const target = path.resolve(dataDir);
    let keptAs: string | null = null;
    if (existsSync(target) && readdirSync(target).length > 0) {
      keptAs = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, keptAs);
    }
    mkdirSync(target, { recursive: true });
    try {
      const restored = await PGlite.create(target, { loadDataDir: blob });
      await restored.query('select 1');
      await restored.close();
    } catch (err) {
      rmSync(target, { recursive: true, force: true });
      if (keptAs) renameSync(keptAs, target);
      throw new AppError('input_rejected', `${file} could not be restored (${(err as Error).message}). The data directory is as it was.`, { cause: err });
    }
    return { keptAs };
  } finally {
    lock.release();
  }
}

/** A gzipped tar (what `dumpDataDir` writes), checked by hand first: PGlite's reader fails outside any promise on other bytes. */
function looksLikeBackup(bytes: Buffer): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return false;
  try {
    const tar = gunzipSync(bytes);
    return tar.length >= 512 && tar.toString('latin1', 257, 262) === 'ustar';
  } catch {
    return false;
  }
}

async function checkBackup(bytes: Buffer, blob: Blob, file: string): Promise<void> {
  if (!looksLikeBackup(bytes)) throw new AppError('input_rejected', `${file} is not a Headroom backup that can be restored (it was not written by headroom db backup). Nothing was changed.`);
  let probe: PGlite | undefined;
  try {
    probe = await PGlite.create({ loadDataDir: blob });
    const r = await probe.query<{ t: string | null }>(`select to_regclass('kysely_migration')::text as t`);
    if (!r.rows[0]?.t) throw new Error('it holds no Headroom database');
  } catch (err) {
    throw new AppError('input_rejected', `${file} is not a Headroom backup that can be restored (${(err as Error).message}). Nothing was changed.`, { cause: err });
  } finally {
    await probe?.close().catch(() => undefined);
  }
}
