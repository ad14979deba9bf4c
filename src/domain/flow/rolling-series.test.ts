import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../calendar/periods.ts';
import { emptyFlowData } from './events.ts';
import { buildGoldenFlowData, GOLDEN_OPTIONS, GOLDEN_PERIOD } from './golden-fixture.ts';
import { computeKpis } from './indicators.ts';
import { KPI_IDS } from './kpi.ts';
import { rollingSeries, rollingSeriesMany } from './rolling-series.ts';

describe('rollingSeries', () => {
  it('gives the 12 months to each month end', () => {
    const data = {
      ...emptyFlowData(),
      referrals: [
        { childId: 'a', referralDate: '2023-07-15', nfa: null, referralsInLast12Months: null },
        { childId: 'b', referralDate: '2024-01-31', nfa: null, referralsInLast12Months: null },
        { childId: 'c', referralDate: '2024-07-01', nfa: null, referralsInLast12Months: null },
      ],
      population: 10_000,
    };
    const series = rollingSeries(data, 'referrals_per_10k', { from: '2024-05-10', to: '2024-08-02' });
    expect(series.map((p) => [p.monthEnd, p.period.start, p.kpi.numerator, p.kpi.value])).toEqual([
      ['2024-05-31', '2023-06-01', 2, 2],
      ['2024-06-30', '2023-07-01', 2, 2],
      ['2024-07-31', '2023-08-01', 2, 2],
      ['2024-08-31', '2023-09-01', 2, 2],
    ]);
    expect(series[0]?.kpi.label).not.toMatch(/annualised/);
    expect(rollingSeries(data, 'referrals', { from: '2024-01-01', to: '2024-01-31' })[0]?.kpi.numerator).toBe(2);
  });

  it('at a financial year end equals the year', () => {
    const data = buildGoldenFlowData();
    const [point] = rollingSeriesMany(data, KPI_IDS, { from: GOLDEN_PERIOD.end, to: GOLDEN_PERIOD.end }, GOLDEN_OPTIONS);
    const year = computeKpis(data, GOLDEN_PERIOD, GOLDEN_OPTIONS);
    expect(point?.kpis.map((k) => k.value)).toEqual(year.map((k) => k.value));
    expect(point?.period.start).toBe(parsePeriod('2023-24').start);
  });
});
