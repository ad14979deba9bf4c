import { writeFile } from 'node:fs/promises';
import { CommanderError } from 'commander';
import { AppError, isAppError } from '../errors.ts';

/**
 * The one exit-code rule of every command (README, "Exit codes"):
 * - 0 done;
 * - 1 failed while working (a database that cannot be reached, an unexpected fault);
 * - 2 the command line was wrong: an unknown command or flag, a missing argument, a flag value
 *   that is not valid (commander's errors and `bad_usage`);
 * - 3 an input could not be used: a file that is missing, unreadable or of the wrong kind, an
 *   unknown LA or other named thing, an embedded data directory another process holds
 *   (`input_rejected`, `not_found`, `database_in_use`); nothing was written.
 */
export type ExitCode = 0 | 1 | 2 | 3;

export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  if (!isAppError(err)) return 1;
  switch (err.code) {
    case 'bad_usage':
      return 2;
    case 'input_rejected':
    case 'not_found':
    // Another process owns the embedded data directory: the database could not be used.
    case 'database_in_use':
      return 3;
    default:
      return 1;
  }
}

/**
 * A file named on the command line that could not be read, as one plain line (exit 3).
 * `nothing` ends the line: "Nothing was loaded." or "Nothing was saved.".
 */
export function unreadableFile(file: string, err: unknown, nothing: string): AppError {
  const code = (err as { code?: string } | null)?.code;
  const why =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'no such file or folder'
      : code === 'EISDIR'
        ? 'is a folder, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : 'could not be read';
  return new AppError('input_rejected', `${file}: ${why}. ${nothing}`, { cause: err });
}

/**
 * Writes a file named on the command line (a report, an export). A file that cannot be written,
 * or one that exists when `newOnly` asks for a new one, is an input that could not be used
 * (exit 3): one plain line, and nothing was written.
 */
export async function writeOutputFile(file: string, data: string | Uint8Array, options: { newOnly?: boolean } = {}): Promise<void> {
  try {
    await writeFile(file, data, { flag: options.newOnly === true ? 'wx' : 'w', mode: 0o600 });
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    const why =
      code === 'EEXIST'
        ? 'already exists: choose a new file name'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'could not be written: its folder does not exist'
          : code === 'EISDIR'
            ? 'is a folder, not a file'
            : code === 'EACCES' || code === 'EPERM'
              ? 'could not be written: permission denied'
              : `could not be written (${code ?? 'error'})`;
    throw new AppError('input_rejected', `${file} ${why}. Nothing was written.`, { cause: err });
  }
}
