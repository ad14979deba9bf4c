import { describe, expect, it } from 'vitest';
import { laBenchmarks, neighboursAverage, quantile7, quartileIn, rankIn, rankingOf, roundTo } from './compare.ts';
import type { BenchmarkDataset, DatasetMeasure } from './dataset.ts';

const measure = (values: Record<string, Record<string, number | string>>): DatasetMeasure => ({ id: 'm', label: 'M', unit: 'percent', decimals: 1, betterWhen: 'lower', source: 's', definition: 'd', values });

describe('LAIT ranking and banding', () => {
  it('ranks 1 = lowest, ties sharing the lowest rank (1, 2, 2, 4)', () => {
    const r = rankingOf(measure({ '2025': { '101': 10, '102': 20, '103': 20, '104': 30, E92000001: 1, '105': 'c' } }), 2025);
    expect(r.sorted).toEqual([10, 20, 20, 30]);
    expect([10, 20, 30].map((v) => rankIn(r, v))).toEqual([1, 2, 4]);
  });

  it('takes quartiles as R’s default quantile (type 7) and bands A to D inclusive of each upper bound', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(quantile7(sorted, 0.25)).toBeCloseTo(2.75);
    expect(quantile7(sorted, 0.5)).toBeCloseTo(4.5);
    const r = { sorted, q1: 2.75, q2: 4.5, q3: 6.25 };
    expect([1, 2.75, 3, 4.5, 5, 6.25, 7].map((v) => quartileIn(r, v))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D']);
  });

  it('averages only the neighbours with a figure and says how many', () => {
    expect(neighboursAverage({ a: 10, b: 'c', c: 11, d: 'x' }, ['a', 'b', 'c', 'd', 'e'], 1)).toEqual({ average: 10.5, count: 2 });
    expect(neighboursAverage({ a: 'c' }, ['a'], 1)).toEqual({ average: null, count: 0 });
  });

  it('rounds half away from zero at the published precision', () => {
    expect(roundTo(0.15, 1)).toBe(0.2);
    expect(roundTo(14.25, 1)).toBe(14.3);
    expect(roundTo(66.5, 0)).toBe(67);
  });
});

describe('laBenchmarks', () => {
  const dataset: BenchmarkDataset = {
    format: 1,
    version: 't',
    builtAt: '2026-01-01',
    published: null,
    licence: 'OGL',
    sources: [],
    regions: { E12000001: 'North East' },
    las: { '101': { name: 'A', region: 'E12000001' }, '102': { name: 'B', region: 'E12000001' } },
    neighbours: { model: '2025 model', byLa: { '101': ['102'] } },
    measures: [measure({ '2024': { '101': 5, '102': 7 }, '2025': { '101': 'c', '102': 8, E92000001: 6, E12000001: 7.5 } })],
  };

  it('shows a suppressed figure as not published (with its symbol), never as 0, and gives it no rank', () => {
    const r = laBenchmarks(dataset, '101', 2025)?.measures[0];
    expect(r).toMatchObject({ value: null, notPublished: 'c', rank: null, quartile: null, england: 6, region: 7.5, neighboursAverage: 8, neighboursWithValue: 1, of: 1 });
  });

  it('uses each measure’s latest year unless a year is asked for, and says not published for a year with no figures', () => {
    expect(laBenchmarks(dataset, '102')?.measures[0]).toMatchObject({ year: 2025, value: 8 });
    expect(laBenchmarks(dataset, '102', 2019)?.measures[0]).toMatchObject({ year: 2019, value: null, notPublished: 'x', rank: null });
  });

  it('returns null for an LA the dataset does not hold', () => {
    expect(laBenchmarks(dataset, '999')).toBeNull();
  });
});
