import { describe, expect, it } from 'vitest';
import { quartersOf } from '../calendar/periods.ts';
import { buildGoldenFlowData, GOLDEN_OPTIONS, GOLDEN_PERIOD, GOLDEN_PUBLISHED, GOLDEN_YEAR } from './golden-fixture.ts';
import { computeKpis } from './indicators.ts';
import type { KpiId } from './kpi.ts';

describe('golden: a council table published for 2023-24', () => {
  const data = buildGoldenFlowData();

  it('reproduces every published numerator, denominator and value (1 dp)', () => {
    const kpis = new Map(computeKpis(data, GOLDEN_PERIOD, GOLDEN_OPTIONS).map((k) => [k.id, k]));
    for (const published of GOLDEN_PUBLISHED) {
      const k = kpis.get(published.id);
      expect({ id: k?.id, numerator: k?.numerator, denominator: k?.denominator, value: k?.value }).toEqual(published);
    }
  });

  it('reproduces the table by hand-written figures', () => {
    const k = new Map(computeKpis(data, GOLDEN_PERIOD, GOLDEN_OPTIONS).map((x) => [x.id, x]));
    expect(k.get('contacts')?.value).toBe(6859);
    expect(k.get('referrals')?.value).toBe(2336);
    expect(k.get('rereferrals_12m')).toMatchObject({ numerator: 353, denominator: 2336, value: 15.1 });
    expect(k.get('assessments_within_45wd')).toMatchObject({ numerator: 943, denominator: 2201, value: 42.8 });
    expect(k.get('cp_second_or_subsequent')).toMatchObject({ numerator: 24, denominator: 404, value: 5.9 });
    expect(k.get('cp_open_2y_plus')).toMatchObject({ numerator: 9, denominator: 306, value: 2.9 });
    expect(k.get('care_leavers_suitable_accommodation')).toMatchObject({ numerator: 29, denominator: 31, value: 93.5 });
  });

  it('gives the same re-referrals from the Annex A counts as from the history', () => {
    const fromAnnexA = computeKpis(data, GOLDEN_PERIOD).find((k) => k.id === 'rereferrals_12m');
    expect(fromAnnexA).toMatchObject({ numerator: 353, denominator: 2336, value: 15.1 });
  });

  it('adds up: quarterly flows sum to the year, stocks at Q4 equal the year end', () => {
    const year = new Map(computeKpis(data, GOLDEN_PERIOD, GOLDEN_OPTIONS).map((k) => [k.id, k]));
    const quarters = quartersOf(GOLDEN_YEAR).map((q) => new Map(computeKpis(data, q, GOLDEN_OPTIONS).map((k) => [k.id, k])));
    const flows: KpiId[] = ['contacts', 'referrals', 'assessments_completed', 's47_started', 'cp_plans_started'];
    for (const id of flows) {
      const sum = quarters.reduce((total, q) => total + (q.get(id)?.numerator ?? 0), 0);
      expect(sum).toBe(year.get(id)?.numerator);
    }
    const stocks: KpiId[] = ['cp_open_at_end', 'cp_open_2y_plus', 'cin_open_at_end', 'cla_open_at_end', 'cla_3plus_placements'];
    for (const id of stocks) expect(quarters[3]?.get(id)).toEqual(year.get(id));
  });
});
