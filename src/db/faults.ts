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
