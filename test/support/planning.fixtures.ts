import type { CaseloadInput } from '../../src/domain/caseload/caseload-snapshot.ts';
import { getPreset } from '../../src/domain/standards/presets.ts';
import type { Allocation, Team, Worker } from '../../src/domain/workforce/types.ts';
import { worker } from './caseload.fixtures.ts';
import type { CostModel } from '../../src/domain/planning/cost-model.ts';
import { parseCostModel } from '../../src/domain/planning/cost-model.ts';

export { allocation, children, team, worker } from './caseload.fixtures.ts';

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

/**
 * The worked example of docs/scenarios.md: North locality's service manager and Assessment team 1
 * (a team manager, a deputy, ten social workers, SW10 agency, and a family worker), the option-B
 * split with SW10 made permanent, and the cost model printed there. The planning tests keep the
 * printed figures true; the business case tests check the document against them.
 */
export const WORKED_EXAMPLE_WORKERS: Worker[] = [
  worker('SM', 'L1', { role: 'service_manager' }),
  worker('TM1', 'T1', { role: 'team_manager', managerId: 'SM' }),
  worker('PM1', 'T1', { role: 'practice_manager', managerId: 'TM1' }),
  ...Array.from({ length: 10 }, (_, i) => worker(`SW${i + 1}`, 'T1', { managerId: 'TM1', agency: i === 9 })),
  worker('FW1', 'T1', { role: 'family_worker', managerId: 'TM1' }),
];

export const WORKED_EXAMPLE_SCENARIO = {
  name: 'Split the assessment team',
  description: 'Option B: two teams of 1 + 1 + 7 + 1',
  changes: [
    { type: 'convert_agency', workerIds: ['SW10'] },
    {
      type: 'split_team',
      team: 'T1',
      newTeam: { teamId: 'T2', name: 'Assessment team 2' },
      workerIds: ['SW8', 'SW9', 'SW10'],
      managers: [
        { role: 'team_manager', startDate: '2025-11-01' },
        { role: 'practice_manager', startDate: '2025-11-01' },
      ],
    },
    { type: 'add_posts', team: 'T2', role: 'social_worker', fte: 1, count: 4, startDate: '2026-01-05' },
    { type: 'add_posts', team: 'T2', role: 'family_worker', fte: 1, startDate: '2025-11-01' },
  ],
};

export const WORKED_EXAMPLE_COST_MODEL = {
  name: "Children's services pay 2025-26",
  laCode: '855',
  grades: {
    social_worker: { grade: 'Grade 10, SCP 30', annualSalaryPence: 4200000 },
    team_manager: { grade: 'Grade 13, SCP 42', annualSalaryPence: 5500000 },
    practice_manager: { grade: 'Grade 12, SCP 38', annualSalaryPence: 4800000 },
    service_manager: { grade: 'Grade 15', annualSalaryPence: 7000000 },
    family_worker: { grade: 'Grade 7, SCP 17', annualSalaryPence: 3000000 },
  },
  asyeGrade: { grade: 'Grade 9, SCP 25', annualSalaryPence: 3700000 },
  onCostsPercent: 30,
  agency: { basis: 'day_rate', dayRatePence: { social_worker: 40000 }, workingDaysPerYear: 220 },
  recruitment: { incentivePence: 200000, retentionPence: 100000 },
  vacancyFactorPercent: 3,
};
