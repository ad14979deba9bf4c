import type { Role } from '../workforce/types.ts';
import { DEFAULT_AGENCY_WORKING_DAYS } from './cost-model.ts';
import type { CostModel } from './cost-model.ts';

/**
 * Starting figures for a council's cost model, so that the form saves first time and the
 * council then replaces them with its own pay policy. They are illustrative, not any council's:
 * salaries sit in the middle of the NJC pay bands English councils typically use for these
 * children's social care posts in 2025-26; on-costs of 30% are employer's National Insurance
 * (15% above the threshold from April 2025) plus a typical LGPS employer rate; day rates are the
 * all-in rates of the regional agency memoranda of understanding (about £50 an hour for a
 * qualified social worker, 8 hours a day). No vacancy factor and no recruitment payments, so
 * nothing is taken off or added that the council has not chosen. `docs/scenarios.md` lists them.
 */
export const DEFAULT_COST_RATES: Record<Role, { grade: string; salaryPounds: number; dayRatePounds: number }> = {
  social_worker: { grade: 'Social worker (NJC SCP 29-33)', salaryPounds: 41_500, dayRatePounds: 400 },
  senior_practitioner: { grade: 'Senior practitioner (NJC SCP 33-36)', salaryPounds: 46_000, dayRatePounds: 440 },
  advanced_practitioner: { grade: 'Advanced practitioner (NJC SCP 36-39)', salaryPounds: 50_000, dayRatePounds: 460 },
  team_manager: { grade: 'Team manager (NJC SCP 40-43)', salaryPounds: 56_000, dayRatePounds: 520 },
  practice_manager: { grade: 'Practice manager (NJC SCP 37-40)', salaryPounds: 52_000, dayRatePounds: 480 },
  service_manager: { grade: 'Service manager', salaryPounds: 68_000, dayRatePounds: 600 },
  head_of_service: { grade: 'Head of service', salaryPounds: 85_000, dayRatePounds: 700 },
  iro: { grade: 'Independent reviewing officer (NJC SCP 35-38)', salaryPounds: 49_000, dayRatePounds: 450 },
  personal_adviser: { grade: 'Personal adviser (NJC SCP 20-24)', salaryPounds: 33_000, dayRatePounds: 260 },
  family_worker: { grade: 'Family worker (NJC SCP 17-21)', salaryPounds: 30_000, dayRatePounds: 230 },
  student: { grade: 'Social work apprentice', salaryPounds: 24_000, dayRatePounds: 200 },
};

export const DEFAULT_ASYE = { grade: 'Social worker in their ASYE (NJC SCP 25-28)', salaryPounds: 37_000 };
export const DEFAULT_ON_COSTS_PERCENT = 30;

/** The defaults as a cost model for `laCode`, in the same shape a saved one has. */
export function defaultCostModel(laCode: string, name: string): CostModel {
  const grades: CostModel['grades'] = {};
  const dayRatePence: Partial<Record<Role, number>> = {};
  for (const [role, rates] of Object.entries(DEFAULT_COST_RATES) as [Role, (typeof DEFAULT_COST_RATES)[Role]][]) {
    grades[role] = { grade: rates.grade, annualSalaryPence: rates.salaryPounds * 100 };
    dayRatePence[role] = rates.dayRatePounds * 100;
  }
  return {
    name,
    laCode,
    grades,
    asyeGrade: { grade: DEFAULT_ASYE.grade, annualSalaryPence: DEFAULT_ASYE.salaryPounds * 100 },
    onCostsPercent: DEFAULT_ON_COSTS_PERCENT,
    agency: { basis: 'day_rate', dayRatePence, workingDaysPerYear: DEFAULT_AGENCY_WORKING_DAYS },
    recruitment: { incentivePence: 0, retentionPence: 0 },
    vacancyFactorPercent: 0,
  };
}
