import { z } from 'zod';
import { isIsoDate } from '../dates.ts';
import { MANAGER_ROLES } from '../standards/caseload-standard.ts';
import { ROLES } from '../workforce/types.ts';
import { issuesToErrors, readJson } from './planning-error.ts';
import type { Outcome } from './planning-error.ts';

const required = (kind: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${kind}`);

const text = z.string({ error: required('text') }).trim().min(1, 'must not be empty');
const id = text;
const isoDate = z.string({ error: required('a date written YYYY-MM-DD') }).refine(isIsoDate, 'must be a date written YYYY-MM-DD');
const fte = z
  .number({ error: required('a number') })
  .refine((value) => value > 0 && value <= 1, { error: (issue) => `must be more than 0 and at most 1 (got ${String(issue.input)})` });
const count = z
  .number({ error: required('a whole number') })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(1_000, 'must be at most 1000');
const flag = z.boolean({ error: required('true or false') });
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const managerRole = role.refine((value) => MANAGER_ROLES.includes(value), `must be one of ${MANAGER_ROLES.join(', ')}`);
const workerIds = z.array(id, { error: required('a list of worker ids') });

const addPosts = z.strictObject({
  type: z.literal('add_posts'),
  team: id,
  role,
  fte,
  count: count.optional(),
  agency: flag.optional(),
  asye: flag.optional(),
  supernumerary: flag.optional(),
  startDate: isoDate.optional(),
});

const removePosts = z
  .strictObject({
    type: z.literal('remove_posts'),
    team: id.optional(),
    role: role.optional(),
    fte: fte.optional(),
    count: count.optional(),
    workerId: id.optional(),
  })
  .superRefine((change, ctx) => {
    if (change.workerId !== undefined) {
      for (const key of ['team', 'role', 'fte', 'count'] as const) {
        if (change[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'must not be given with workerId: remove one worker, or posts by team, role and FTE' });
      }
      return;
    }
    for (const key of ['team', 'role', 'fte'] as const) {
      if (change[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is required (or give workerId to remove one worker)' });
    }
  });

const convertAgency = z
  .strictObject({
    type: z.literal('convert_agency'),
    team: id.optional(),
    workerIds: workerIds.min(1, 'must list at least one worker').optional(),
    count: count.optional(),
  })
  .superRefine((change, ctx) => {
    if (change.workerIds !== undefined && change.count !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'must not be given with workerIds: name the workers, or give a count' });
    }
  });

const moveWorkers = z.strictObject({
  type: z.literal('move_workers'),
  workerIds: workerIds.min(1, 'must list at least one worker'),
  toTeam: id,
});

const moveTeam = z.strictObject({
  type: z.literal('move_team'),
  team: id,
  toParent: id.nullable(),
});

const splitManager = z
  .strictObject({
    workerId: id.optional(),
    role: managerRole.optional(),
    fte: fte.optional(),
    agency: flag.optional(),
    startDate: isoDate.optional(),
  })
  .superRefine((manager, ctx) => {
    if (manager.workerId !== undefined) {
      for (const key of ['role', 'fte', 'agency', 'startDate'] as const) {
        if (manager[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'must not be given with workerId: move an existing manager, or add a new post by role' });
      }
    } else if (manager.role === undefined) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'is required for a new manager post (or give workerId to move an existing manager)' });
    }
  });

const splitTeam = z.strictObject({
  type: z.literal('split_team'),
  team: id,
  newTeam: z.strictObject({ teamId: id, name: text }, { error: required('an object with teamId and name') }),
  workerIds,
  managers: z.array(splitManager, { error: required('a list of managers') }).optional(),
});

const setProfile = z.strictObject({
  type: z.literal('set_profile'),
  profile: id,
});

const demand = z.strictObject({
  type: z.literal('demand'),
  team: id,
  /** A multiplier, or "forecast": the team's forecast children `months` ahead ÷ its children today (docs/forecasting.md). */
  factor: z.union([
    z
      .number({ error: required('a number or "forecast"') })
      .min(0, 'must be 0 or more')
      .max(10, 'must be at most 10'),
    z.literal('forecast'),
  ], { error: required('a number or "forecast"') }),
  months: z.number({ error: required('a whole number of months') }).int('must be a whole number of months').min(1, 'must be at least 1').max(36, 'must be at most 36').optional(),
});

export const CHANGE_TYPES = ['add_posts', 'remove_posts', 'convert_agency', 'move_workers', 'move_team', 'split_team', 'set_profile', 'demand'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const changeSchema = z.discriminatedUnion('type', [addPosts, removePosts, convertAgency, moveWorkers, moveTeam, splitTeam, setProfile, demand], {
  error: (issue) => (issue.input === undefined || typeof issue.input !== 'object' ? 'must be an object with a type' : undefined),
});

export const scenarioSchema = z.strictObject(
  {
    name: text,
    description: z.string({ error: required('text') }).optional(),
    asOf: isoDate.optional(),
    changes: z.array(changeSchema, { error: required('a list of changes') }).max(500, 'must have at most 500 changes'),
  },
  { error: required('a JSON object') },
);

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioChange = Scenario['changes'][number];
export type AddPostsChange = z.infer<typeof addPosts>;
export type RemovePostsChange = z.infer<typeof removePosts>;
export type ConvertAgencyChange = z.infer<typeof convertAgency>;
export type MoveWorkersChange = z.infer<typeof moveWorkers>;
export type MoveTeamChange = z.infer<typeof moveTeam>;
export type SplitTeamChange = z.infer<typeof splitTeam>;
export type SetProfileChange = z.infer<typeof setProfile>;
export type DemandChange = z.infer<typeof demand>;

/** Validates a scenario (JSON text or parsed JSON). Never throws: problems come back naming their field. */
export function parseScenario(json: unknown): Outcome<Scenario> {
  const read = readJson(json, 'scenario');
  if (!read.ok) return read;
  const parsed = scenarioSchema.safeParse(read.value);
  if (!parsed.success) return { ok: false, errors: issuesToErrors(parsed.error.issues, 'scenario') };
  return { ok: true, value: parsed.data };
}
