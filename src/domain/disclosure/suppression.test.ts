import { describe, expect, it } from 'vitest';
import type { Kpi } from '../flow/kpi.ts';
import { withPrevious } from '../flow/kpi.ts';
import { publishCount, publishKpis, suppressCount, suppressKpi } from './suppression.ts';

function kpi(partial: Partial<Kpi> & Pick<Kpi, 'unit' | 'numerator'>): Kpi {
  return { id: 'referrals', label: 'x', denominator: null, value: partial.numerator, betterWhen: 'neutral', ...partial };
}

describe('suppressCount', () => {
  it('shows 0, withholds 1 to 5, shows 6 and more', () => {
    expect([0, 1, 2, 5, 6, 100].map((n) => suppressCount(n))).toEqual([0, 'c', 'c', 'c', 6, 100]);
    expect(suppressCount(null)).toBeNull();
  });
});

describe('suppressKpi', () => {
  it('withholds small counts and their value', () => {
    expect(suppressKpi(kpi({ unit: 'count', numerator: 4 }))).toMatchObject({ numerator: 'c', value: 'c', suppressed: true });
    expect(suppressKpi(kpi({ unit: 'count', numerator: 0 }))).toMatchObject({ numerator: 0, value: 0, suppressed: false });
    expect(suppressKpi(kpi({ unit: 'count', numerator: 6 }))).toMatchObject({ numerator: 6, value: 6, suppressed: false });
  });

  it('withholds a percentage when its numerator or denominator is withheld', () => {
    expect(suppressKpi(kpi({ unit: 'percent', numerator: 3, denominator: 40, value: 7.5 }))).toMatchObject({
      numerator: 'c',
      denominator: 40,
      value: 'c',
      suppressed: true,
    });
    expect(suppressKpi(kpi({ unit: 'percent', numerator: 0, denominator: 4, value: 0 }))).toMatchObject({
      numerator: 0,
      denominator: 'c',
      value: 'c',
    });
    expect(suppressKpi(kpi({ unit: 'percent', numerator: 29, denominator: 31, value: 93.5 }))).toMatchObject({
      numerator: 29,
      denominator: 31,
      value: 93.5,
      suppressed: false,
    });
    expect(suppressKpi(kpi({ unit: 'percent', numerator: 0, denominator: 0, value: null }))).toMatchObject({ value: null, suppressed: false });
  });

  it('withholds a rate from a withheld count but never the population', () => {
    expect(suppressKpi(kpi({ unit: 'rate_per_10k', numerator: 2, denominator: 40_000, value: 0.5 }))).toMatchObject({
      numerator: 'c',
      denominator: 40_000,
      value: 'c',
    });
    expect(suppressKpi(kpi({ unit: 'rate_per_10k', numerator: 20, denominator: 40_000, value: 5 }))).toMatchObject({
      numerator: 20,
      value: 5,
    });
  });

  it('withholds the previous figures and the direction when either side is withheld', () => {
    const [paired] = withPrevious([kpi({ unit: 'count', numerator: 12 })], [kpi({ unit: 'count', numerator: 3 })]);
    if (!paired) throw new Error('no pair');
    const out = suppressKpi(paired);
    expect(out.previous).toEqual({ numerator: 'c', denominator: null, value: 'c' });
    expect(out.direction).toBeNull();
    expect(out.value).toBe(12);
    const [visible] = withPrevious([kpi({ unit: 'count', numerator: 12 })], [kpi({ unit: 'count', numerator: 9 })]);
    if (!visible) throw new Error('no pair');
    expect(suppressKpi(visible).direction).toBe('up');
  });
});

describe('publishKpis and publishCount', () => {
  const kpis = [kpi({ unit: 'count', numerator: 2 }), kpi({ unit: 'count', numerator: 20 })];

  it('suppress by default', () => {
    expect(publishKpis(kpis).map((k) => k.value)).toEqual(['c', 20]);
    expect(publishKpis(kpis, { suppress: true }).map((k) => k.value)).toEqual(['c', 20]);
    expect(publishCount(3)).toBe('c');
  });

  it('leave figures as computed with suppress: false', () => {
    expect(publishKpis(kpis, { suppress: false }).map((k) => [k.value, k.suppressed])).toEqual([
      [2, false],
      [20, false],
    ]);
    expect(publishCount(3, { suppress: false })).toBe(3);
  });
});
