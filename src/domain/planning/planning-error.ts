import type { z } from 'zod';

/** A problem with a scenario, a cost model or a planning request, naming the field it is about. */
export interface PlanningError {
  /** Path of the offending field, e.g. `changes[2].team` or `grades.family_worker`; empty for the whole input. */
  path: string;
  /** Plain English, starting with the path: `changes[2].team: there is no team "T99"`. */
  message: string;
}

/** What a planning function gives back when bad input means nothing could be computed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: PlanningError[] };

export function planningError(path: string, message: string, what = 'input'): PlanningError {
  return { path, message: `${path === '' ? what : path}: ${message}` };
}

export function joinPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((path, part) => {
    if (typeof part === 'number') return `${path}[${part}]`;
    return path === '' ? String(part) : `${path}.${String(part)}`;
  }, '');
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
      return issue.keys.map((key) => planningError(path === '' ? key : `${path}.${key}`, message, what));
    }
    if (issue.code === 'invalid_union' && 'options' in issue && issue.options !== undefined && issue.discriminator !== undefined) {
      return [planningError(path, `must be one of ${issue.options.map(String).join(', ')}`, what)];
    }
    return [planningError(path, issue.message, what)];
  });
}

/** Reads JSON text, or passes an already-parsed value through. */
export function readJson(json: unknown, what: string): Outcome<unknown> {
  if (typeof json !== 'string') return { ok: true, value: json };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [planningError('', `not valid JSON (${detail})`, what)] };
  }
}
