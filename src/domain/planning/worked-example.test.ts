import { describe, expect, it } from 'vitest';
import type { Allocation } from '../workforce/types.ts';
import { applyScenario } from './apply-scenario.ts';
import { compareScenarios, type ComparedFigures } from './comparison.ts';
import { parseCostModel } from './cost-model.ts';
import { scenarioCost } from './costs.ts';
import { formatPence } from './money.ts';
import { evaluateBaseline } from './plan-state.ts';
import { postsNeeded } from './posts-needed.ts';
import { redistribute } from './redistribution.ts';
import { baseline, children, frozen, team, WORKED_EXAMPLE_COST_MODEL, WORKED_EXAMPLE_SCENARIO, WORKED_EXAMPLE_WORKERS } from '../../../test/support/planning.fixtures.ts';

const workers = WORKED_EXAMPLE_WORKERS;
const allocations: Allocation[] = [...Array.from({ length: 10 }, (_, i) => children(`c${i + 1}`, 21, `SW${i + 1}`, 'T1')).flat(), ...children('u', 10, null, 'T1')];
const input = frozen(baseline([team('L1', null, 'locality'), team('T1', 'L1')], workers, allocations));

const SCENARIO = WORKED_EXAMPLE_SCENARIO;
const COST_MODEL = WORKED_EXAMPLE_COST_MODEL;

describe('the worked example in docs/scenarios.md', () => {
  const before = evaluateBaseline(input);
  const result = applyScenario(input, SCENARIO);

  it('describes each change', () => {
    expect(result.applied.map((a) => a.summary)).toEqual([
      'Made 1 agency post permanent',
      'Split team T1: new team T2 "Assessment team 2" with 3 workers moved, 2 managers (2 new posts) and 5 of 10 unallocated children',
      'Added 4 social worker posts of 1 FTE to team T2',
      'Added 1 family worker post of 1 FTE to team T2',
    ]);
  });

  it('gives the caseload table, spans and redistribution', () => {
    const comparison = compareScenarios(before, [result]);
    if (!comparison.ok) throw new Error('comparison');
    const row = (f: ComparedFigures | null | undefined) =>
      f ? [f.children, f.caseHoldingFte, f.averagePerFte, f.unallocated, f.casesOverCapacity, f.fteRequiredToMax, f.fteRequiredToMid] : null;
    // The average caseload counts the children workers hold (210 of 220 today); the 10 unallocated sit beside it.
    expect(comparison.value.teams.map((t) => [t.teamId, row(t.baseline), row(t.options[0])])).toEqual([
      ['T1', [220, 10, 21, 10, 20, 1, 1.6], [152, 7, 21, 5, 12, 0.6, 1]],
      ['T2', null, [68, 7, 9, 5, 0, 0, 0]],
    ]);
    expect(row(comparison.value.totals.baseline)).toEqual([220, 10, 21, 10, 20, 1, 1.6]);
    expect(row(comparison.value.totals.options[0])).toEqual([220, 14, 15, 10, 12, 0.6, 1]);
    expect(postsNeeded(before).teams[0]?.spans[0]).toMatchObject({ workerId: 'TM1', directReports: 12, status: 'high' });
    expect(postsNeeded(result).teams.map((t) => [t.reports, t.managers, t.managerPostsNeeded, t.spans[0]?.directReports])).toEqual([
      [8, 2, 0, 9],
      [8, 2, 0, 9],
    ]);
    expect(redistribute(result).teams.map((t) => t.perFte)).toEqual([21.7, 9.7]);
  });

  it('gives the cost tables', () => {
    const model = parseCostModel(COST_MODEL);
    if (!model.ok) throw new Error('model');
    const cost = scenarioCost(before, result, model.value);
    if (!cost.ok) throw new Error('cost');
    const { value } = cost;
    expect(value.teams.map((t) => [t.teamId, formatPence(t.baselinePence), formatPence(t.scenarioPence), formatPence(t.pressurePence), formatPence(t.inYearPence)])).toEqual([
      ['L1', '£88,270.00', '£88,270.00', '£0.00', '£0.00'],
      ['T1', '£732,371.00', '£538,447.00', '-£193,924.00', '-£97,227.64'],
      ['T2', '£0.00', '£538,447.00', '£538,447.00', '£198,958.15'],
    ]);
    expect([value.total.baselinePence, value.total.scenarioPence, value.total.pressurePence, value.total.inYearPence].map(formatPence)).toEqual([
      '£820,641.00',
      '£1,165,164.00',
      '£344,523.00',
      '£101,730.51',
    ]);
    expect(value.baseline.teams[1]).toMatchObject({ permanentPence: 66_430_000, agencyPence: 8_800_000, vacancyFactorPence: 1_992_900 });
    expect(value.total).toMatchObject({ newPermanentPosts: 8, oneOffPence: 2_400_000 });
    expect(value.agency.total).toEqual({ conversions: 1, agencyPence: 8_800_000, permanentPence: 5_460_000, netSavingPence: 3_340_000 });
  });
});
