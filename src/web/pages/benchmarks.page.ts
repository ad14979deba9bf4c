import type { Services } from '../../app.ts';
import type { LaBenchmarks, MeasureBenchmark } from '../../domain/benchmarks/compare.ts';
import { ResultCache } from '../../services/result-cache.ts';
import { suppressesSmallCounts, type Principal } from '../../domain/access/roles.ts';
import { barChart, chartTable, lineChart, type ChartTable } from '../charts/svg-chart.ts';
import { formatNumber } from '../render.ts';

/** The measures charted on the page (every measure is in the summary table). */
const CHARTED = ['caseload_fte', 'turnover_rate_fte', 'agency_rate_fte', 'vacancy_rate_fte', 'rereferral_percent', 'cpp_subsequent_percent', 'cla_rate_per_10000'] as const;

export interface BenchmarksView {
  laCode: string;
  laName: string;
  region: string;
  synthetic: boolean;
  neighbours: Array<{ code: string; name: string }>;
  neighbourModel: string;
  dataset: { version: string; published: string | null; origin: string; licence: string };
  rows: Array<{ id: string; label: string; year: string; value: string; england: string; region: string; neighbours: string; rank: string; quartile: string; betterWhen: string }>;
  live: Array<{ label: string; value: string; period: string; published: string; year: string; england: string; region: string; neighbours: string }>;
  liveWithheld: boolean;
  charts: BenchmarkChart[];
}

/** A chart with its data table, the cells already formatted (the page renders fourteen of them). */
interface ShownChart {
  svg: string;
  table: { caption: string; head: string[]; rows: string[][] };
}

interface BenchmarkChart {
  id: string;
  title: string;
  bar: ShownChart;
  trend: ShownChart;
}

/** Charts depend only on the published dataset: built once per council and dataset version. */
const chartCache = new ResultCache(32);

function shownChart(svg: string, table: ChartTable): ShownChart {
  return { svg, table: { caption: table.caption, head: table.head.map((h, i) => (i === 0 ? h || 'Year' : h)), rows: table.rows.map((r) => r.map((c, i) => (i === 0 ? String(c ?? '') : formatNumber(c, 1)))) } };
}

const BETTER: Record<string, string> = { lower: 'Lower', higher: 'Higher', neither: 'No direction' };

function shown(v: number | null, decimals: number): string {
  return v === null ? '–' : formatNumber(v, decimals);
}

function decimalsOf(m: MeasureBenchmark): number {
  return m.unit === 'count' || m.unit === 'rate_per_10000' ? 0 : 1;
}

async function buildCharts(services: Services, result: LaBenchmarks, names: ReadonlyMap<string, string>): Promise<BenchmarkChart[]> {
  const measures = new Map(result.measures.map((m) => [m.id, m]));
  const dataset = await services.benchmarks.dataset();

  const charts = await Promise.all(
    CHARTED.map(async (id) => {
      const m = measures.get(id);
      if (!m) return null;
      const d = decimalsOf(m);
      const cells = m.year === null ? {} : (dataset.measures.find((x) => x.id === id)?.values[String(m.year)] ?? {});
      const own = { label: result.synthetic ? `${result.laName}` : `${result.laName} (this council)`, value: m.value };
      const barInput = {
        id: `bar-${id}`,
        title: `${m.label}, ${m.year ?? 'no year'}: this council and its statistical neighbours`,
        description: `${m.label} in ${m.year ?? 'no published year'} for ${result.laName} and its ${result.neighbours.length} statistical neighbours. A neighbour without a published figure has no bar. England ${shown(m.england, d)}.`,
        yLabel: m.label,
        series: [{ name: m.label, points: [own, ...result.neighbours.map((n) => ({ label: names.get(n) ?? n, value: typeof cells[n] === 'number' ? (cells[n] as number) : null }))] }],
        reference: m.england === null ? undefined : { label: `England ${shown(m.england, d)}`, value: m.england },
      };
      const trend = await services.benchmarks.trend(result.laCode, id);
      const trendInput = {
        id: `trend-${id}`,
        title: `${m.label}: every published year`,
        description: `${m.label} for ${result.laName} from ${trend[0]?.year ?? ''} to ${trend.at(-1)?.year ?? ''}, with England, ${result.region} and the statistical neighbours' average. A year without a published figure is a gap.`,
        yLabel: m.label,
        series: [
          { name: result.laName, points: trend.map((t) => ({ label: String(t.year), value: t.value })) },
          { name: 'England', points: trend.map((t) => ({ label: String(t.year), value: t.england })) },
          { name: result.region, points: trend.map((t) => ({ label: String(t.year), value: t.region })) },
          { name: 'Neighbours’ average', points: trend.map((t) => ({ label: String(t.year), value: t.neighboursAverage })) },
        ],
      };
      return { id, title: m.label, bar: shownChart(barChart(barInput), chartTable(barInput)), trend: shownChart(lineChart(trendInput), chartTable(trendInput)) };
    }),
  );

  return charts.filter((c): c is NonNullable<typeof c> => c !== null);
}

/**
 * The Benchmarks page of one council: its published figures beside England, its region and
 * its statistical neighbours, charts of the council against its neighbours and over the years,
 * and its own live figures (provisional). Viewers do not see the live figures: they are built
 * from child-level data, whose small numbers viewers never see.
 */
export async function benchmarksPage(services: Services, principal: Principal, query: { laCode: string }): Promise<BenchmarksView | null> {
  if (!(await services.benchmarks.isKnown(query.laCode))) return null;
  const [result, info, las] = await Promise.all([services.benchmarks.forLa(query.laCode), services.benchmarks.info(), services.benchmarks.las()]);
  const names = new Map(las.map((l) => [l.laCode, l.name]));
  const withhold = suppressesSmallCounts(principal.role);
  const live = withhold ? [] : await services.benchmarks.live(query.laCode);
  const charts = await chartCache.get(`${info.version}|${query.laCode}`, () => buildCharts(services, result, names));

  return {
    laCode: result.laCode,
    laName: result.laName,
    region: result.region,
    synthetic: result.synthetic,
    neighbours: result.neighbours.map((code) => ({ code, name: names.get(code) ?? code })),
    neighbourModel: result.neighbourModel,
    dataset: { version: info.version, published: info.published, origin: info.origin, licence: info.licence },
    rows: result.measures.map((m) => {
      const d = decimalsOf(m);
      return {
        id: m.id,
        label: m.label,
        year: m.year === null ? '–' : String(m.year),
        value: m.value === null ? `Not published (${m.notPublished ?? 'x'})` : formatNumber(m.value, d),
        england: shown(m.england, d),
        region: shown(m.region, d),
        neighbours: m.neighboursAverage === null ? '–' : `${formatNumber(m.neighboursAverage, d)} (${m.neighboursWithValue} of ${result.neighbours.length})`,
        rank: m.rank === null ? '–' : `${m.rank} of ${m.of ?? ''}`,
        quartile: m.quartile ?? '–',
        betterWhen: BETTER[m.betterWhen] ?? m.betterWhen,
      };
    }),
    live: live.map((f) => ({
      label: f.label,
      value: shown(f.value, 1),
      period: f.period,
      published: shown(f.publishedValue, 1),
      year: f.publishedYear === null ? '–' : String(f.publishedYear),
      england: shown(f.england, 1),
      region: shown(f.region, 1),
      neighbours: shown(f.neighboursAverage, 1),
    })),
    liveWithheld: withhold,
    charts,
  };
}

/**
 * One line setting a figure beside the latest published year of the same measure, for the
 * overview cards and the Performance tables: "Published 2025: England 15.2, East Midlands 15.3,
 * neighbours 15.2". Null when the council is not in the benchmarks or nothing is published.
 */
export async function publishedBeside(services: Services, laCode: string, measureIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!(await services.benchmarks.isKnown(laCode))) return out;
  const result = await services.benchmarks.forLa(laCode);
  for (const id of measureIds) {
    const m = result.measures.find((x) => x.id === id);
    if (!m || m.year === null || (m.england === null && m.region === null && m.neighboursAverage === null)) continue;
    const d = decimalsOf(m);
    out.set(id, `Published ${m.year}: England ${shown(m.england, d)}, ${result.region} ${shown(m.region, d)}, neighbours ${shown(m.neighboursAverage, d)}${result.synthetic ? ' (synthetic council)' : ''}`);
  }
  return out;
}
