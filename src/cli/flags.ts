import { z } from 'zod';
import { isLaCode, LA_CODE_RULE, type LaCode } from '../domain/la-code.ts';
import { AppError } from '../errors.ts';

/**
 * Validates a command's options with its zod schema; the first problem becomes one plain
 * "bad usage" line naming the flag as the user typed it (`extractDate` → `--extract-date`).
 */
export function parseFlags<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? 'option');
  const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new AppError('bad_usage', `${flag} ${issue?.message ?? 'is not valid'}.`);
}

/** The `--la` flag, parsed once into an `LaCode`; `hint` ends both messages (where to find the codes). */
export function laFlag(hint = ''): z.ZodType<LaCode> {
  return z.custom<LaCode>(isLaCode, { error: (issue) => (issue.input === undefined ? `is required${hint}` : `${LA_CODE_RULE}${hint}`) });
}
