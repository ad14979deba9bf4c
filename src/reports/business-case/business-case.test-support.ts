import { computeCaseloadSeries } from '../../domain/caseload/caseload-series.ts';
import { applyScenario } from '../../domain/planning/apply-scenario.ts';
import { parseCostModel, type CostModel } from '../../domain/planning/cost-model.ts';
import { scenarioCost, type ScenarioCost } from '../../domain/planning/costs.ts';
import { evaluateBaseline } from '../../domain/planning/plan-state.ts';
import { baseline, children, frozen, team, worker } from '../../domain/planning/planning.test-support.ts';
import type { Allocation, Worker } from '../../domain/workforce/types.ts';
import { buildBusinessCase, type BusinessCaseInput, type BusinessCaseReport } from './model.ts';

export { htmlTables, loadWorkbook, sheetRow, unzipText, wordTables, wordText } from '../common/report.test-support.ts';

/**
 * The worked example of docs/scenarios.md: Assessment team 1 (a team manager, a deputy, ten
 * social workers, one of them agency, and a family worker; 220 children) split into two teams,
 * the agency post made permanent. Its costs are printed in the docs, so the tests can check the
 * business case against figures worked by hand.
 */
export const WORKERS: Worker[] = [
  worker('SM', 'L1', { role: 'service_manager' }),
  worker('TM1', 'T1', { role: 'team_manager', managerId: 'SM' }),
  worker('PM1', 'T1', { role: 'practice_manager', managerId: 'TM1' }),
  ...Array.from({ length: 10 }, (_, i) => worker(`SW${i + 1}`, 'T1', { managerId: 'TM1', agency: i === 9 })),
  worker('FW1', 'T1', { role: 'family_worker', managerId: 'TM1' }),
];

/** Children arrive month by month, so the trend has something to show: 10 in October 2024, the rest by 1 April 2025. */
const ALLOCATIONS: Allocation[] = [
  ...Array.from({ length: 10 }, (_, i) => children(`c${i + 1}`, 21, `SW${i + 1}`, 'T1', i < 5 ? '2024-10-01' : '2025-04-01')).flat(),
  ...children('u', 10, null, 'T1', '2024-10-15'),
];

export const SPLIT_SCENARIO = {
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

/** Removes the agency worker by id and adds two permanent posts instead. */
export const REPLACE_SCENARIO = {
  name: 'Replace the agency post',
  changes: [
    { type: 'remove_posts', workerId: 'SW10' },
    { type: 'add_posts', team: 'T1', role: 'social_worker', fte: 1, count: 2, startDate: '2025-12-01' },
  ],
};

export function costModel(): CostModel {
  const parsed = parseCostModel({
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
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value;
}

export const ALL_WORKER_IDS = WORKERS.map((w) => w.workerId);
export const ALL_CHILD_IDS = ALLOCATIONS.map((a) => a.childId);

export interface Built {
  input: BusinessCaseInput;
  cost: ScenarioCost;
  report: BusinessCaseReport;
}

export function buildExample(opts: { scenario?: unknown; withNames?: boolean; risks?: string[] | null; trend?: boolean } = {}): Built {
  const inputs = frozen(baseline([{ ...team('L1', null, 'locality'), name: 'North locality' }, { ...team('T1', 'L1'), name: 'Assessment team 1' }], WORKERS, ALLOCATIONS));
  const before = evaluateBaseline(inputs);
  const result = applyScenario(inputs, opts.scenario ?? SPLIT_SCENARIO);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  const model = costModel();
  const cost = scenarioCost(before, result, model);
  if (!cost.ok) throw new Error(cost.errors.map((e) => e.message).join('\n'));
  const trend =
    opts.trend === false
      ? null
      : computeCaseloadSeries({ profile: inputs.profile, teams: inputs.teams, workers: inputs.workers, allocations: inputs.allocations, from: '2024-10-01', to: '2025-09-30' });
  const input: BusinessCaseInput = {
    la: { code: '855', name: 'Goldshire' },
    asOf: inputs.asOf,
    generatedOn: '2025-10-06',
    scenario: { name: result.name, description: result.description, version: 2 },
    baseline: before,
    result,
    cost: cost.value,
    costModel: model,
    trend,
    risks: opts.risks ?? null,
    withNames: opts.withNames ?? false,
  };
  return { input, cost: cost.value, report: buildBusinessCase(input) };
}

export function tableOf(report: BusinessCaseReport, id: string) {
  const table = report.sections.flatMap((s) => s.tables).find((t) => t.id === id);
  if (!table) throw new Error(`no table ${id}`);
  return table;
}
