import { describe, expect, it } from 'vitest';
import type { Kpi } from './kpi.ts';
import { percent, ratePer10k, withPrevious } from './kpi.ts';

const base = (id: Kpi['id'], value: number | null): Kpi => ({
  id,
  label: id,
  numerator: value ?? 0,
  denominator: null,
  value,
  unit: 'count',
  betterWhen: 'neutral',
});

describe('percent and ratePer10k', () => {
  it('round half up to 1 decimal place', () => {
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(1, 80)).toBe(1.3);
    expect(percent(29, 31)).toBe(93.5);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 5)).toBe(0);
    expect(percent(3, 0)).toBeNull();
  });

  it('rates per 10,000 scale and annualise', () => {
    expect(ratePer10k(25, 50_000)).toBe(5);
    expect(ratePer10k(25, 50_000, 4)).toBe(20);
    expect(ratePer10k(1, 30_000)).toBe(0.3);
    expect(ratePer10k(1, null)).toBeNull();
    expect(ratePer10k(1, 0)).toBeNull();
  });
});

describe('withPrevious', () => {
  it('pairs indicators by id and says which way the value moved', () => {
    const current = [base('contacts', 10), base('referrals', 5), base('s47_started', 3), base('cp_plans_started', null)];
    const previous = [base('referrals', 7), base('contacts', 8), base('s47_started', 3), base('cp_plans_started', 1)];
    const out = withPrevious(current, previous);
    expect(out.map((k) => [k.id, k.previous?.value, k.direction])).toEqual([
      ['contacts', 8, 'up'],
      ['referrals', 7, 'down'],
      ['s47_started', 3, 'same'],
      ['cp_plans_started', 1, null],
    ]);
  });

  it('leaves previous null when the indicator is missing before', () => {
    const [k] = withPrevious([base('contacts', 1)], []);
    expect(k?.previous).toBeNull();
    expect(k?.direction).toBeNull();
  });
});
