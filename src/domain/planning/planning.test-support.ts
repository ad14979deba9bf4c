import type { CaseloadInput } from '../caseload/caseload-snapshot.ts';
import { getPreset } from '../standards/presets.ts';
import type { Allocation, Team, Worker } from '../workforce/types.ts';
import type { CostModel } from './cost-model.ts';
import { parseCostModel } from './cost-model.ts';

export { allocation, children, team, worker } from '../caseload/caseload.test-support.ts';

export const AS_OF = '2025-09-30';

export function baseline(teams: Team[], workers: Worker[], allocations: Allocation[], asOf = AS_OF): CaseloadInput {
  return { laCode: '855', asOf, profile: getPreset('local-18-20'), teams, workers, allocations };
}

/** Freezes the baseline all the way down, so a test fails loudly if a scenario edits it in place. */
export function frozen(input: CaseloadInput): CaseloadInput {
  for (const list of [input.teams, input.workers, input.allocations]) {
    for (const item of list) Object.freeze(item);
    Object.freeze(list);
  }
  return Object.freeze(input);
}

/** A cost model whose figures are easy to work by hand: on-costs 30%, no vacancy factor. */
export function model(overrides: Record<string, unknown> = {}): CostModel {
  const parsed = parseCostModel({
    name: 'Test council 2025-26',
    laCode: '855',
    grades: {
      social_worker: { grade: 'Grade 10, SCP 30', annualSalaryPence: 4_200_000 },
      senior_practitioner: { annualSalaryPence: 4_600_000 },
      team_manager: { annualSalaryPence: 5_500_000 },
      practice_manager: { annualSalaryPence: 4_800_000 },
      service_manager: { annualSalaryPence: 7_000_000 },
      family_worker: { annualSalaryPence: 3_000_000 },
    },
    onCostsPercent: 30,
    agency: { basis: 'day_rate', dayRatePence: { social_worker: 40_000, team_manager: 55_000 } },
    recruitment: { incentivePence: 200_000, retentionPence: 100_000 },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((error) => error.message).join('\n'));
  return parsed.value;
}
