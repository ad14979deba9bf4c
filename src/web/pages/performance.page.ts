import type { Services } from '../../app.ts';
import { suppressCount, suppressKpi } from '../../domain/disclosure/index.ts';
import { coverageNote } from '../../domain/coverage/kpi-coverage.ts';
import type { KpiId, KpiWithPrevious } from '../../domain/flow/kpi.ts';
import { PERFORMANCE_TREND_IDS } from '../../services/page-warmer.ts';
import { KPI_SECTIONS } from '../../domain/flow/sections.ts';
import type { KpiResult } from '../../services/kpi.service.ts';
import { chartTable, lineChart } from '../charts/svg-chart.ts';
import { formatNumber } from '../render.ts';
import { LIVE_KPIS } from '../../services/benchmarks.service.ts';
import { publishedBeside } from './benchmarks.page.ts';

const TRENDS: ReadonlyArray<{ id: KpiId; title: string; yLabel: string; count: boolean }> = [
  { id: 'referrals', title: 'Referrals in the last 12 months', yLabel: 'Referrals', count: true },
  { id: 'rereferrals_12m', title: 'Re-referrals within 12 months (%)', yLabel: 'Per cent', count: false },
  { id: 'assessments_within_45wd', title: 'Assessments completed within 45 working days (%)', yLabel: 'Per cent', count: false },
  { id: 'cp_open_at_end', title: 'Children on a child protection plan', yLabel: 'Children', count: true },
  { id: 'cla_open_at_end', title: 'Children looked after', yLabel: 'Children', count: true },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NO_DATA = 'No data';

function valueText(k: { value: number | 'c' | null; unit: string }): string {
  if (k.value === null) return '–';
  if (k.value === 'c') return 'c';
  return k.unit === 'percent' ? `${formatNumber(k.value, 1)}%` : k.unit === 'rate_per_10k' ? formatNumber(k.value, 1) : formatNumber(k.value, 0);
}

function directionText(k: Pick<KpiWithPrevious, 'direction' | 'betterWhen'>): string {
  if (k.direction === null) return 'Not comparable';
  if (k.direction === 'same') return 'No change';
  const arrow = k.direction === 'up' ? '↑ Up' : '↓ Down';
  if (k.betterWhen === 'neutral') return arrow;
  const better = (k.direction === 'up') === (k.betterWhen === 'higher');
  return `${arrow} (${better ? 'better' : 'worse'})`;
}

/** A trend point for the chart; a withheld small count is left out (the chart and its table show a gap). */
function shownTrendValue(value: number | null, withhold: boolean): number | null {
  return withhold && value !== null && suppressCount(Math.round(value)) === 'c' ? null : value;
}

/**
 * The Performance page: each indicator for the period with the previous period (only where both
 * are fully covered), "no data" where the loaded lists do not cover the period, a note on a
 * partly covered figure, and trend charts over the months whose 12-month window is covered.
 */
export async function performancePage(services: Services, query: { laCode: string; year: string; quarter: string | undefined; withhold: boolean }) {
  const { laCode, year, quarter, withhold } = query;
  const result: KpiResult = await services.kpis.kpis(laCode, year, quarter);
  const byId = new Map(result.kpis.map((k) => [k.id, k]));
  const published = await publishedBeside(services, laCode, LIVE_KPIS.map(([, measure]) => measure));
  const benchmarkOf = new Map(LIVE_KPIS.map(([kpi, measure]) => [kpi as string, published.get(measure) ?? '']));
  const sections = KPI_SECTIONS.map((s) => ({
    ...s,
    rows: s.ids
      .map((id) => byId.get(id))
      .filter((k): k is KpiWithPrevious => k !== undefined)
      .map((kpi) => {
        const k = withhold ? suppressKpi(kpi) : kpi;
        const none = kpi.coverage === 'none';
        const previous = kpi.previous === null ? '–' : kpi.previous.coverage === 'none' ? NO_DATA : kpi.previous.coverage === 'partial' ? 'Part only' : valueText({ value: k.previous?.value ?? null, unit: k.unit });
        return {
          label: k.label,
          numerator: none || k.unit === 'count' ? '' : formatNumber(kpi.numerator, 0),
          value: none ? NO_DATA : valueText(k),
          note: kpi.coverage === 'partial' && kpi.covers ? `The data ${coverageNote(kpi.covers)}.` : '',
          previous,
          direction: directionText(k),
          benchmark: benchmarkOf.get(k.id) ?? '',
        };
      }),
  }));
  // The ids warmed after an import (the same key), in their order: each chart finds its own column.
  const rolling = await services.kpis.rolling(laCode, PERFORMANCE_TREND_IDS, result.period.end);
  const charts = TRENDS.map((t) => {
    const i = PERFORMANCE_TREND_IDS.indexOf(t.id);
    const points = rolling.filter((p) => p.covered[i] === true);
    const first = points[0]?.monthEnd;
    const last = points[points.length - 1]?.monthEnd;
    const input = {
      id: `trend-${t.id}`,
      title: t.title,
      description:
        first && last
          ? `${t.title}, over the 12 months to each month end, from ${first} to ${last}: only months whose 12 months the data covers are shown.`
          : `${t.title}: the data does not yet cover a whole 12 months to any month end.`,
      yLabel: t.yLabel,
      series: [{ name: t.title, points: points.map((p) => ({ label: `${MONTHS[Number(p.monthEnd.slice(5, 7)) - 1]} ${p.monthEnd.slice(2, 4)}`, value: shownTrendValue(p.values[i] ?? null, withhold && t.count) })) }],
    };
    return { empty: points.length === 0, title: t.title, svg: points.length === 0 ? '' : lineChart(input), table: chartTable(input) };
  });
  const uncoveredPrevious = result.kpis.filter((k) => k.previous?.coverage !== 'full').length;
  return {
    result,
    sections,
    charts,
    running: result.period.running,
    dataCovers: result.dataCovers,
    previousNote:
      uncoveredPrevious === 0
        ? ''
        : `The data does not fully cover ${result.previousPeriod.label} for ${uncoveredPrevious === result.kpis.length ? 'any indicator' : `${uncoveredPrevious} of the ${result.kpis.length} indicators`}, so ${uncoveredPrevious === result.kpis.length ? 'none is' : 'those are not'} compared with it.`,
    noPopulation: result.population === null,
  };
}
