import { z } from 'zod';
import { ROLES } from '../workforce/types.ts';
import type { Role } from '../workforce/types.ts';
import { hasAtMostTwoDecimals } from './money.ts';
import type { Pence } from './money.ts';
import { issuesToErrors, readJson } from './planning-error.ts';
import type { Outcome } from './planning-error.ts';

/** Working days a year an agency worker is paid for when the cost model does not say. */
export const DEFAULT_AGENCY_WORKING_DAYS = 220;

export interface PayGrade {
  /** How the council names it, e.g. `Grade 10, SCP 32`. */
  grade: string | null;
  /** Full-time annual salary at the spinal column point, in pence. */
  annualSalaryPence: Pence;
}

export type AgencyRates =
  | { basis: 'day_rate'; dayRatePence: Partial<Record<Role, Pence>>; workingDaysPerYear: number }
  | { basis: 'premium'; premiumPercent: number };

/** One local authority's costs of posts; every amount is integer pence. */
export interface CostModel {
  name: string;
  laCode: string | null;
  grades: Partial<Record<Role, PayGrade>>;
  /** Pay for a worker in their ASYE, when it differs from their role's grade. */
  asyeGrade: PayGrade | null;
  /** Employer's National Insurance and pension contributions, as a percentage of salary. */
  onCostsPercent: number;
  agency: AgencyRates | null;
  recruitment: {
    /** Paid once on appointment to each new permanent post (a new post or an agency post made permanent). */
    incentivePence: Pence;
    /** Paid once to each new permanent post holder who stays the qualifying period. */
    retentionPence: Pence;
  };
  /** Share of the permanent establishment budget assumed vacant at any time; reduces establishment cost. */
  vacancyFactorPercent: number;
}

const required = (kind: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${kind}`);

const pence = z
  .number({ error: required('a whole number of pence') })
  .int('must be a whole number of pence (no fractions: £1,234.56 is 123456)')
  .min(0, 'must be 0 or more')
  .max(100_000_000_000, 'must be at most 100000000000 pence (£1bn)');

const percent = (max: number, inclusive: boolean) =>
  z
    .number({ error: required('a number') })
    .min(0, 'must be 0 or more')
    .refine((value) => (inclusive ? value <= max : value < max), `must be ${inclusive ? 'at most' : 'below'} ${max}`)
    .refine(hasAtMostTwoDecimals, 'must have at most two decimal places');

const grade = z.strictObject(
  {
    grade: z.string({ error: required('text') }).trim().min(1, 'must not be empty').optional(),
    annualSalaryPence: pence,
  },
  { error: required('an object with annualSalaryPence') },
);

const roleKey = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

export const costModelSchema = z.strictObject(
  {
    name: z.string({ error: required('text') }).trim().min(1, 'must not be empty').optional(),
    laCode: z.string({ error: required('text') }).trim().min(1, 'must not be empty').optional(),
    grades: z.partialRecord(roleKey, grade, { error: required('an object keyed by role') }),
    asyeGrade: grade.optional(),
    onCostsPercent: percent(100, true),
    agency: z
      .discriminatedUnion('basis', [
        z.strictObject({
          basis: z.literal('day_rate'),
          dayRatePence: z.partialRecord(roleKey, pence, { error: required('an object keyed by role') }),
          workingDaysPerYear: z
            .number({ error: required('a whole number of days') })
            .int('must be a whole number of days')
            .min(1, 'must be 1 or more')
            .max(366, 'must be at most 366')
            .optional(),
        }),
        z.strictObject({ basis: z.literal('premium'), premiumPercent: percent(1000, true) }),
      ])
      .optional(),
    recruitment: z
      .strictObject({ incentivePence: pence.optional(), retentionPence: pence.optional() }, { error: required('an object') })
      .optional(),
    vacancyFactorPercent: percent(100, false).optional(),
  },
  { error: required('a JSON object') },
);

/**
 * Validates a cost model (JSON text or parsed JSON) and fills the defaults: no agency rates, no
 * recruitment payments, no vacancy factor, 220 working days for day rates. Never throws.
 */
export function parseCostModel(json: unknown): Outcome<CostModel> {
  const read = readJson(json, 'cost model');
  if (!read.ok) return read;
  const parsed = costModelSchema.safeParse(read.value);
  if (!parsed.success) {
    const roleKeyed = (parent: string) => (parent === 'grades' || parent === 'agency.dayRatePence' ? `is not a role (expected one of ${ROLES.join(', ')})` : undefined);
    return { ok: false, errors: issuesToErrors(parsed.error.issues, 'cost model', roleKeyed) };
  }
  const data = parsed.data;
  const toGrade = (value: { grade?: string | undefined; annualSalaryPence: number }): PayGrade => ({ grade: value.grade ?? null, annualSalaryPence: value.annualSalaryPence });
  const grades: Partial<Record<Role, PayGrade>> = {};
  for (const role of ROLES) {
    const value = data.grades[role];
    if (value !== undefined) grades[role] = toGrade(value);
  }
  const agency = data.agency;
  return {
    ok: true,
    value: {
      name: data.name ?? 'Cost model',
      laCode: data.laCode ?? null,
      grades,
      asyeGrade: data.asyeGrade === undefined ? null : toGrade(data.asyeGrade),
      onCostsPercent: data.onCostsPercent,
      agency:
        agency === undefined
          ? null
          : agency.basis === 'premium'
            ? { basis: 'premium', premiumPercent: agency.premiumPercent }
            : { basis: 'day_rate', dayRatePence: agency.dayRatePence, workingDaysPerYear: agency.workingDaysPerYear ?? DEFAULT_AGENCY_WORKING_DAYS },
      recruitment: { incentivePence: data.recruitment?.incentivePence ?? 0, retentionPence: data.recruitment?.retentionPence ?? 0 },
      vacancyFactorPercent: data.vacancyFactorPercent ?? 0,
    },
  };
}
