import type { Period } from '../calendar/periods.ts';
import { twelveMonthsTo } from '../calendar/periods.ts';
import type { IsoDate } from '../dates.ts';
import { monthEnds } from '../dates.ts';
import type { FlowData } from './events.ts';
import type { FlowIndex } from './flow-index.ts';
import { indexFlowData } from './flow-index.ts';
import type { FlowOptions } from './indicators.ts';
import { computeKpis } from './indicators.ts';
import type { Kpi, KpiId } from './kpi.ts';

export interface RollingPoint {
  monthEnd: IsoDate;
  /** The 12 months ending at `monthEnd`. */
  period: Period;
  kpi: Kpi;
}

/**
 * An indicator over the rolling 12 months ending at each month end from the month of `from` to
 * the month of `to`: flows count the 12 months (so rates are annual without scaling), stocks
 * are taken at the month end. This is the "annualised rate at the end of the month".
 */
export function rollingSeries(
  data: FlowData | FlowIndex,
  id: KpiId,
  range: { from: IsoDate; to: IsoDate },
  opts?: FlowOptions,
): RollingPoint[] {
  return rollingSeriesMany(data, [id], range, opts).map(({ monthEnd, period, kpis }) => ({
    monthEnd,
    period,
    kpi: kpis[0] as Kpi,
  }));
}

/** Several indicators over the same rolling 12-month windows, `kpis` in the order of `ids`. */
export function rollingSeriesMany(
  data: FlowData | FlowIndex,
  ids: readonly KpiId[],
  range: { from: IsoDate; to: IsoDate },
  opts?: FlowOptions,
): { monthEnd: IsoDate; period: Period; kpis: Kpi[] }[] {
  const ix = indexFlowData(data);
  return monthEnds(range.from, range.to).map((monthEnd) => {
    const period = twelveMonthsTo(monthEnd);
    return { monthEnd, period, kpis: computeKpis(ix, period, opts, ids) };
  });
}
