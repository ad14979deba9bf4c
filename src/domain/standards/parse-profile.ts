import { z } from 'zod';
import { CASE_TYPES, ROLES } from '../workforce/types.ts';
import { DEFAULT_SPAN_OF_CONTROL } from './caseload-standard.ts';
import type { StandardProfile } from './caseload-standard.ts';
import { issue as makeIssue, joinPath, type Issue } from '../issue.ts';

/**
 * A problem with a caseload standard: the shared `Issue`, its path the dotted field
 * (`roles.social_worker.max`; empty for the whole profile) and its message naming the field.
 */
export type ProfileError = Issue;

export type ParseProfileResult = { ok: true; profile: StandardProfile } | { ok: false; errors: ProfileError[] };

const required = (kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${kind}`;

const lowerBound = z.number({ error: required('a number') }).min(0, 'must be 0 or more');
const upperBound = z.number({ error: required('a number') }).positive('must be more than 0');

/** Compared only when both bounds are themselves valid, so one mistake gives one message. */
function checkOrder(range: { min: number; max: number }, ctx: z.RefinementCtx): void {
  if (range.min >= 0 && range.max > 0 && range.min > range.max) {
    ctx.addIssue({ code: 'custom', path: ['min'], message: `(${range.min}) must not be above max (${range.max})` });
  }
}

const rangeSchema = z
  .strictObject({ min: lowerBound, max: upperBound }, { error: required('an object with min and max') })
  .superRefine(checkOrder);

export const profileSchema = z.strictObject(
  {
    name: z.string({ error: required('text') }).trim().min(1, 'must not be empty'),
    label: z.string({ error: required('text') }).trim().min(1, 'must not be empty').optional(),
    source: z.string({ error: required('text') }).trim().min(1, 'must not be empty').optional(),
    roles: z.partialRecord(z.enum(ROLES), rangeSchema, { error: required('an object keyed by role') }).transform((roles, ctx) => {
      const socialWorker = roles.social_worker;
      if (socialWorker === undefined) {
        ctx.addIssue({ code: 'custom', path: ['social_worker'], message: 'is required: FTE required is counted in social worker posts' });
        return z.NEVER;
      }
      return { ...roles, social_worker: socialWorker };
    }),
    asye: rangeSchema,
    weights: z
      .partialRecord(z.enum(CASE_TYPES), z.number({ error: required('a number') }).positive('must be more than 0'), {
        error: required('an object keyed by case type'),
      })
      .optional(),
    spanOfControl: z
      .strictObject(
        {
          min: lowerBound,
          max: upperBound,
          roles: z.array(z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }), { error: required('a list of roles') }).optional(),
        },
        { error: required('an object with min and max') },
      )
      .superRefine(checkOrder)
      .optional(),
  },
  { error: required('a JSON object') },
);

/** Keys a misspelt field could have meant, so the message can say what is allowed. */
function allowedKeys(parent: string): readonly string[] {
  if (parent === 'roles') return ROLES;
  if (parent === 'weights') return CASE_TYPES;
  if (parent === '') return Object.keys(profileSchema.shape);
  if (parent === 'spanOfControl') return ['min', 'max', 'roles'];
  return ['min', 'max'];
}

function unknownWhat(parent: string): string {
  if (parent === 'roles') return 'role';
  if (parent === 'weights') return 'case type';
  return 'field';
}

function toErrors(issues: readonly z.core.$ZodIssue[]): ProfileError[] {
  return issues.flatMap((issue): ProfileError[] => {
    const path = joinPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const reason = `unknown ${unknownWhat(path)} "${key}" (expected one of ${allowedKeys(path).join(', ')})`;
        return makeIssue('unknown_field', path === '' ? key : `${path}.${key}`, `${path === '' ? 'profile' : path}: ${reason}`, reason);
      });
    }
    const code = issue.code === 'invalid_type' && issue.message.startsWith('is required') ? 'required' : 'invalid';
    return [makeIssue(code, path, `${path === '' ? 'profile' : path} ${issue.message}`, issue.message)];
  });
}

/**
 * Validates a custom caseload standard profile (JSON text or already-parsed JSON) and fills the
 * defaults: label = name, weights = none (every case type weighs 1), span of control 8-10 for
 * managers. Never throws: problems come back as errors naming the field.
 */
export function parseProfile(json: unknown): ParseProfileResult {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [makeIssue('not_json', '', `profile: not valid JSON (${detail})`, `not valid JSON (${detail})`)] };
    }
  }
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: toErrors(parsed.error.issues) };
  const data = parsed.data;
  const span = data.spanOfControl;
  return {
    ok: true,
    profile: {
      name: data.name,
      label: data.label ?? data.name,
      source: data.source ?? 'Custom profile',
      roles: data.roles,
      asye: data.asye,
      weights: data.weights ?? {},
      spanOfControl:
        span === undefined ? DEFAULT_SPAN_OF_CONTROL : { min: span.min, max: span.max, roles: span.roles ?? DEFAULT_SPAN_OF_CONTROL.roles },
    },
  };
}
