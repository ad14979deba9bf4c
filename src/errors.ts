import type { Issue } from './domain/issue.ts';

/**
 * Errors that reach users. Each carries a code from a closed union and a plain-English message;
 * the CLI maps codes to exit codes and the web app maps them to status codes, in one handler each.
 */
export const ERROR_CODES = [
  'bad_usage',
  'input_rejected',
  'not_found',
  'database_unavailable',
  'database_in_use',
  'migration_refused',
  'conflict',
  'forbidden',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Detail for logs and --debug; never shown to users by default. */
  readonly internal: string | undefined;
  /**
   * Each problem with the input, naming its field (`changes[0].team`) or file; `message` is then
   * the headline. The edges show them as they are: a form against each field, the CLI one line
   * each, `--json` and the JSON API as a list.
   */
  readonly issues: readonly Issue[];

  constructor(code: ErrorCode, message: string, options?: { internal?: string; cause?: unknown; issues?: readonly Issue[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.internal = options?.internal;
    this.issues = options?.issues ?? [];
  }
}

/** An input that cannot be used, with each of its issues: "`what` has 2 problems, so nothing was saved or worked out:". */
export function rejectedInput(what: string, issues: readonly Issue[], consequence = 'so nothing was saved or worked out'): AppError {
  const count = issues.length === 1 ? 'a problem' : `${issues.length} problems`;
  return new AppError('input_rejected', `${what} has ${count}, ${consequence}:`, { issues });
}

/**
 * The error as the command line shows it: the message, then one line per issue (at most `max`),
 * leaving out an issue the message already says in full (a file that could not be used at all).
 */
export function errorLines(err: AppError, max = 20): string[] {
  const issues = err.issues.filter((i) => !err.message.includes(i.message));
  const lines = issues.slice(0, max).map((i) => `- ${i.message}`);
  if (issues.length > max) lines.push(`- and ${issues.length - max} more`);
  return [err.message, ...lines];
}

/** The error as `--json` and the JSON API give it. */
export function errorJson(err: AppError): { error: { code: ErrorCode; message: string; issues: Issue[] } } {
  return { error: { code: err.code, message: err.message, issues: err.issues.map((i) => ({ ...i })) } };
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

export function httpStatusFor(err: unknown): number {
  if (!isAppError(err)) return 500;
  switch (err.code) {
    case 'bad_usage':
    case 'input_rejected':
      return 400;
    case 'not_found':
      return 404;
    case 'forbidden':
      return 403;
    case 'conflict':
      return 409;
    case 'database_unavailable':
    case 'database_in_use':
      return 503;
    default:
      return 500;
  }
}

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
