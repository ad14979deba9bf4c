import { describe, expect, it } from 'vitest';
import type { BenchmarkDataset, DatasetMeasure } from '../benchmarks/dataset.ts';
import { caseloadTotals, combinationOf, indicatorTotals, largestSharedGroup, publishedPool, type CouncilCaseloads, type CouncilIndicators } from './compare.ts';

const caseloads = (asOf: string, over: Partial<CouncilCaseloads> = {}): CouncilCaseloads => ({
  asOf,
  children: 100,
  heldChildren: 90,
  caseHoldingWorkers: 6,
  caseHoldingFte: 5,
  averagePerFte: 18,
  standardMax: 20,
  standardLabel: 'Local 18-20',
  overWorkers: 2,
  ...over,
});

const period = (start: string, end: string, label = '2024-25') => ({ label, start, end, running: false });
const indicators = (p: CouncilIndicators['period'], referrals: number, rereferred: number, coverage: 'full' | 'partial' = 'full'): CouncilIndicators => ({
  period: p,
  kpis: [
    { id: 'referrals', label: 'Referrals', unit: 'count', numerator: referrals, denominator: null, value: referrals, coverage },
    { id: 'rereferrals_12m', label: 'Re-referrals', unit: 'percent', numerator: rereferred, denominator: referrals, value: (100 * rereferred) / referrals, coverage },
  ],
});

describe('a pool’s totals', () => {
  it('groups councils by their period and picks the largest group (ties: the latest)', () => {
    const g = largestSharedGroup([{ laCode: '1', key: 'b' }, { laCode: '2', key: 'a' }, { laCode: '3', key: null }, { laCode: '4', key: 'b' }], (k) => k);
    expect(g).toEqual({ key: 'b', laCodes: ['1', '4'], covers: 2, of: 4 });
    expect(largestSharedGroup([{ laCode: '1', key: '2024-03-31' }, { laCode: '2', key: '2024-06-30' }], (k) => k)?.key).toBe('2024-06-30');
    expect(largestSharedGroup([{ laCode: '1', key: null }], (k: string) => k)).toBeNull();
  });

  it('adds up caseloads only over councils at the same date, and says how many it covers', () => {
    const t = caseloadTotals([
      { laCode: '201', caseloads: caseloads('2024-03-31') },
      { laCode: '202', caseloads: caseloads('2024-03-31', { children: 50, heldChildren: 40, caseHoldingWorkers: 4, caseHoldingFte: 3, overWorkers: 0 }) },
      { laCode: '203', caseloads: caseloads('2024-02-29', { children: 1000 }) },
      { laCode: '204', caseloads: null },
    ]);
    expect(t).toMatchObject({ key: '2024-03-31', covers: 2, of: 4, children: 150, heldChildren: 130, caseHoldingFte: 8, averagePerFte: 16.3, overWorkers: 2, overSharePercent: 20 });
  });

  it('recombines percentages from counts over councils sharing a period, and totals nothing partly covered', () => {
    const year = period('2024-04-01', '2025-03-31');
    const t = indicatorTotals(
      [
        { laCode: '201', indicators: indicators(year, 100, 10) },
        { laCode: '202', indicators: indicators(year, 300, 60) },
        { laCode: '203', indicators: indicators(period('2023-04-01', '2024-03-31', '2023-24'), 5000, 5) },
      ],
      ['referrals', 'rereferrals_12m'],
    );
    expect(t?.covers).toBe(2);
    expect(t?.of).toBe(3);
    expect(t?.key.end).toBe('2025-03-31');
    expect(t?.kpis.map((k) => [k.id, k.value])).toEqual([['referrals', 400], ['rereferrals_12m', 17.5]]);
    const partial = indicatorTotals([{ laCode: '201', indicators: indicators(year, 100, 10) }, { laCode: '202', indicators: indicators(year, 300, 60, 'partial') }], ['referrals']);
    expect(partial?.kpis[0]).toMatchObject({ value: null, numerator: 400 });
  });
});

describe('a pool in the published benchmarks', () => {
  const measure = (id: string, unit: DatasetMeasure['unit'], values: DatasetMeasure['values'], decimals = 0): DatasetMeasure => ({ id, label: id, unit, decimals, betterWhen: 'neither', source: 's', definition: 'd', values });
  const measures = [
    measure('cla_count', 'count', { '2025': { '201': 100, '202': 300, '203': 'c', E92000001: 80000 } }),
    measure('population_0_17', 'count', { '2024': { '201': 10000, '202': 50000, '203': 20000 } }),
    measure('cla_rate_per_10000', 'rate_per_10000', { '2025': { '201': 100, '202': 60, '203': 50, E92000001: 67 } }),
    measure('caseload_fte', 'ratio', { '2025': { '201': 15.2, '202': 18.1, E92000001: 16.5 } }, 1),
  ];
  const dataset = { measures, synthetic: {} } as unknown as BenchmarkDataset;

  it('adds counts, weights rates by population, and lists the rest council by council', () => {
    const rows = publishedPool(dataset, measures, ['201', '202', '203']);
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect(row('cla_count')).toMatchObject({ year: 2025, combination: 'sum', pool: 400, covers: 2, of: 3, england: 80000 });
    // (100 × 10,000 + 60 × 50,000 + 50 × 20,000) ÷ 80,000 = 62.5, published to 0 decimals.
    expect(row('cla_rate_per_10000')).toMatchObject({ combination: 'weighted', pool: 63, covers: 3, england: 67 });
    expect(row('caseload_fte')).toMatchObject({ combination: 'per_council', pool: null, councils: [{ laCode: '201', value: 15.2 }, { laCode: '202', value: 18.1 }, { laCode: '203', value: null }] });
    expect(combinationOf('turnover_rate_fte')).toBe('per_council');
  });
});
