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

  constructor(code: ErrorCode, message: string, options?: { internal?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.internal = options?.internal;
  }
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
