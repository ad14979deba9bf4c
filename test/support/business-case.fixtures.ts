import { computeCaseloadSeries } from '../../src/domain/caseload/caseload-series.ts';
import { applyScenario } from '../../src/domain/planning/apply-scenario.ts';
import { parseCostModel, type CostModel } from '../../src/domain/planning/cost-model.ts';
import { scenarioCost, type ScenarioCost } from '../../src/domain/planning/costs.ts';
import { evaluateBaseline } from '../../src/domain/planning/plan-state.ts';
import { baseline, children, frozen, team, WORKED_EXAMPLE_COST_MODEL, WORKED_EXAMPLE_SCENARIO, WORKED_EXAMPLE_WORKERS } from './planning.fixtures.ts';
import type { Allocation } from '../../src/domain/workforce/types.ts';
import { buildBusinessCase, type BusinessCaseInput, type BusinessCaseReport } from '../../src/reports/business-case/model.ts';

export { htmlTables, loadWorkbook, sheetRow, unzipText, wordTables, wordText } from './report.fixtures.ts';

/** The worked example of docs/scenarios.md (its costs are printed there, worked by hand). */
export const WORKERS = WORKED_EXAMPLE_WORKERS;

/** Children arrive month by month, so the trend has something to show: 10 in October 2024, the rest by 1 April 2025. */
const ALLOCATIONS: Allocation[] = [
  ...Array.from({ length: 10 }, (_, i) => children(`c${i + 1}`, 21, `SW${i + 1}`, 'T1', i < 5 ? '2024-10-01' : '2025-04-01')).flat(),
  ...children('u', 10, null, 'T1', '2024-10-15'),
];

export const SPLIT_SCENARIO = WORKED_EXAMPLE_SCENARIO;

/** Removes the agency worker by id and adds two permanent posts instead. */
export const REPLACE_SCENARIO = {
  name: 'Replace the agency post',
  changes: [
    { type: 'remove_posts', workerId: 'SW10' },
    { type: 'add_posts', team: 'T1', role: 'social_worker', fte: 1, count: 2, startDate: '2025-12-01' },
  ],
};

export function costModel(): CostModel {
  const parsed = parseCostModel(WORKED_EXAMPLE_COST_MODEL);
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
