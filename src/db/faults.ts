import { AppError } from '../errors.ts';

/**
 * Faults of the machine rather than of Headroom or the input, named plainly: a full disk (ENOSPC
 * from the file system, or PostgreSQL's disk_full, 53100), a read-only or unwritable database
 * (EROFS, EACCES) and running out of memory (53200). Null for anything else.
 */
export function storageFault(err: unknown): AppError | null {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const code = String((e as { code?: unknown }).code ?? '');
    const message = String((e as { message?: unknown }).message ?? '');
    if (code === 'ENOSPC' || code === '53100' || /no space left on device|could not extend file/i.test(message)) {
      return new AppError('database_unavailable', 'The disk holding the database is full. Free some space and try again; nothing was changed.', { cause: err });
    }
    if (code === 'EROFS' || code === 'EACCES' || /read-only file system/i.test(message)) {
      return new AppError('database_unavailable', 'The database cannot be written: its directory is read-only or belongs to another user. Nothing was changed.', { cause: err });
    }
    if (code === '53200' || /out of memory/i.test(message)) {
      return new AppError('database_unavailable', 'The database ran out of memory. Try again when the computer is less busy, or with a smaller file; nothing was changed.', { cause: err });
    }
  }
  return null;
}

/**
 * Waits at most `ms` for work that talks to the database, so a command never hangs (a full disk
 * can stall the embedded database indefinitely); the work is abandoned, not cancelled.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('database_unavailable', `${what} did not answer within ${Math.round(ms / 1000)} seconds. Check that the disk holding the database has free space and that no other program holds it, then try again.`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * For the crash tests only: when HEADROOM_TEST_KILL_AT names this point, the process kills itself
 * at once (SIGKILL: no clean-up, no rollback from our side), as a power cut would, so a test can
 * prove the database keeps a change whole or not at all when it dies exactly there.
 */
export function crashPoint(name: string): void {
  if (process.env.HEADROOM_TEST_KILL_AT === name) process.kill(process.pid, 'SIGKILL');
}
