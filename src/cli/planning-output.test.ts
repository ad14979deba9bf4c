import { describe, expect, it } from 'vitest';
import { parseCostModel } from '../domain/planning/index.ts';
import type { ScenarioComparison } from '../domain/planning/index.ts';
import { comparisonTable, costModelJson, renderPlainTable } from './planning-output.ts';

describe('renderPlainTable', () => {
  it('right-aligns columns of numbers and money, left-aligns text, and indents every line', () => {
    const text = renderPlainTable(
      {
        head: ['Team', 'Children', 'Cost'],
        rows: [
          ['T1 Assessment', 220, '£732,371.00'],
          ['T2', 8, '-£1.50'],
          ['', '-', '£0.00'],
        ],
      },
      '  ',
    );
    expect(text.split('\n')).toEqual([
      '  Team           Children         Cost',
      '  T1 Assessment       220  £732,371.00',
      '  T2                    8       -£1.50',
      '                        -        £0.00',
    ]);
  });
});

describe('comparisonTable', () => {
  const f = (children: number, fte: number, over: number) => ({ children, caseHoldingFte: fte, averagePerFte: fte > 0 ? Math.round((children / fte) * 10) / 10 : null, unallocated: 0, casesOverCapacity: over, fteRequiredToMax: over / 20, fteRequiredToMid: 0 });
  const comparison: ScenarioComparison = {
    options: ['B'],
    teams: [
      { teamId: 'T1', name: 'Assessment 1', baseline: f(220, 10, 20), options: [f(152, 7, 12)] },
      { teamId: 'T2', name: 'Assessment 2', baseline: null, options: [f(68, 7, 0)] },
    ],
    totals: { baseline: f(220, 10, 20), options: [f(220, 14, 12)] },
  };

  it('gives each team a row for today and one per option, a dash where the team does not exist, then the total', () => {
    const table = comparisonTable(comparison, ['option B']);
    expect(table.rows).toEqual([
      ['T1 Assessment 1', 'today', 220, 10, 22, 0, 20, 1],
      ['', 'option B', 152, 7, 21.7, 0, 12, 0.6],
      ['T2 Assessment 2', 'today', '-', '-', '-', '-', '-', '-'],
      ['', 'option B', 68, 7, 9.7, 0, 0, 0],
      ['Total', 'today', 220, 10, 22, 0, 20, 1],
      ['', 'option B', 220, 14, 15.7, 0, 12, 0.6],
    ]);
  });
});

describe('costModelJson', () => {
  it('writes a model back as JSON that parses to the same model, leaving out what was not given', () => {
    const input = {
      grades: { social_worker: { annualSalaryPence: 4200000 }, team_manager: { grade: 'Grade 13', annualSalaryPence: 5500000 } },
      onCostsPercent: 30,
      agency: { basis: 'premium', premiumPercent: 55 },
    };
    const parsed = parseCostModel(input);
    if (!parsed.ok) throw new Error('model should parse');
    const json = costModelJson(parsed.value);
    expect(json).toEqual({ name: 'Cost model', ...input, recruitment: { incentivePence: 0, retentionPence: 0 }, vacancyFactorPercent: 0 });
    expect(parseCostModel(json)).toEqual(parsed);
  });
});
