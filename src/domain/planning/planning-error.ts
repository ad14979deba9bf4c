import type { z } from 'zod';
import { issue, joinPath, type Issue, type IssueCode } from '../issue.ts';

export { joinPath };

/**
 * A problem with a scenario, a cost model or a planning request: the shared `Issue`, its path
 * naming the field (`changes[2].team`, `grades.family_worker`; empty for the whole input) and its
 * message starting with the path: `changes[2].team: there is no team "T99"`.
 */
export type PlanningError = Issue;

/** What a planning function gives back when bad input means nothing could be computed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: PlanningError[] };

export function planningError(path: string, message: string, what = 'input', code: IssueCode = 'invalid'): PlanningError {
  return issue(code, path, `${path === '' ? what : path}: ${message}`, message);
}

/** The issue code of a zod issue: a missing field is `required`, anything else `invalid`. */
export function zodIssueCode(zodIssue: z.core.$ZodIssue): IssueCode {
  if (zodIssue.code === 'unrecognized_keys') return 'unknown_field';
  return zodIssue.code === 'invalid_type' && zodIssue.message.startsWith('is required') ? 'required' : 'invalid';
}

/**
 * Turns zod issues into errors naming their field; `what` names the whole input (`scenario`,
 * `cost model`). `unknownKey` may say what a misspelt key under a given path should have been.
 */
export function issuesToErrors(issues: readonly z.core.$ZodIssue[], what: string, unknownKey?: (parent: string) => string | undefined): PlanningError[] {
  return issues.flatMap((issue): PlanningError[] => {
    const path = joinPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const message = unknownKey?.(path) ?? 'is not a field this input has (check the spelling)';
      return issue.keys.map((key) => planningError(path === '' ? key : `${path}.${key}`, message, what, 'unknown_field'));
    }
    if (issue.code === 'invalid_union' && 'options' in issue && issue.options !== undefined && issue.discriminator !== undefined) {
      return [planningError(path, `must be one of ${issue.options.map(String).join(', ')}`, what)];
    }
    return [planningError(path, issue.message, what, zodIssueCode(issue))];
  });
}

/** Reads JSON text, or passes an already-parsed value through. */
export function readJson(json: unknown, what: string): Outcome<unknown> {
  if (typeof json !== 'string') return { ok: true, value: json };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [planningError('', `not valid JSON (${detail})`, what, 'not_json')] };
  }
}
