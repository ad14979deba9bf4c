import { AppError } from '../errors.ts';

export { storageFault } from '../errors.ts';

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
