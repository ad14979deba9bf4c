import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import type { KpiId, KpiWithPrevious } from '../../domain/flow/kpi.ts';
import { KPI_SECTIONS } from '../../domain/flow/sections.ts';
import { suppressCount, suppressKpi } from '../../domain/disclosure/index.ts';
import { suppressesSmallCounts } from '../../services/security/roles.ts';
import { ACCESS, principalOf } from '../auth/access.ts';
import { AppError } from '../../errors.ts';
import { chartTable, lineChart } from '../charts/svg-chart.ts';
import { laContext } from '../la.ts';
import { formatNumber } from '../render.ts';
import { renderPerformance } from '../../reports/performance/render.ts';
import { LIVE_KPIS } from '../../services/benchmarks.service.ts';
import { publishedBeside } from '../pages/benchmarks.page.ts';

const TRENDS: ReadonlyArray<{ id: KpiId; title: string; yLabel: string; count: boolean }> = [
  { id: 'referrals', title: 'Referrals in the last 12 months', yLabel: 'Referrals', count: true },
  { id: 'rereferrals_12m', title: 'Re-referrals within 12 months (%)', yLabel: 'Per cent', count: false },
  { id: 'assessments_within_45wd', title: 'Assessments completed within 45 working days (%)', yLabel: 'Per cent', count: false },
  { id: 'cp_open_at_end', title: 'Children on a child protection plan', yLabel: 'Children', count: true },
  { id: 'cla_open_at_end', title: 'Children looked after', yLabel: 'Children', count: true },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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

export function registerPerformanceRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { la?: string; year?: string; quarter?: string } }>('/performance', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const withhold = suppressesSmallCounts(principalOf(request).role);
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const laCode = la.current.laCode;
    const years = await services.kpis.years(laCode);
    if (years.length === 0) return reply.view('pages/performance/empty.njk', { pageTitle: 'Performance', la });
    const year = request.query.year && request.query.year !== '' ? request.query.year : years[0]!;
    if (!years.includes(year)) throw new AppError('not_found', `There is no data for ${year}.`);
    const quarter = request.query.quarter && request.query.quarter !== '' ? request.query.quarter : undefined;
    const result = await services.kpis.kpis(laCode, year, quarter);
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
          return {
            label: k.label,
            numerator: k.unit === 'count' ? '' : formatNumber(k.numerator, 0),
            value: valueText(k),
            previous: k.previous ? valueText({ value: k.previous.value, unit: k.unit }) : '–',
            direction: directionText(k),
            benchmark: benchmarkOf.get(k.id) ?? '',
          };
        }),
    }));
    const rolling = await services.kpis.rolling(laCode, TRENDS.map((t) => t.id), result.period.end);
    const charts = TRENDS.map((t, i) => {
      const input = {
        id: `trend-${t.id}`,
        title: t.title,
        description: `${t.title}, over the 12 months to each month end, for the 24 months to ${result.period.end}.`,
        yLabel: t.yLabel,
        series: [{ name: t.title, points: rolling.map((p) => ({ label: `${MONTHS[Number(p.monthEnd.slice(5, 7)) - 1]} ${p.monthEnd.slice(2, 4)}`, value: shownTrendValue(p.values[i] ?? null, withhold && t.count) })) }],
      };
      return { svg: lineChart(input), table: chartTable(input) };
    });
    return reply.view('pages/performance/index.njk', {
      pageTitle: 'Performance',
      la,
      laCode,
      years,
      year,
      quarter: quarter ?? '',
      result,
      sections,
      charts,
      reportQuery: `la=${laCode}&year=${year}${quarter ? `&quarter=${quarter}` : ''}`,
      reportAvailable: true,
      noPopulation: result.population === null,
    });
  });
}

/** A trend point for the chart; a withheld small count is left out (the chart and its table show a gap). */
function shownTrendValue(value: number | null, withhold: boolean): number | null {
  return withhold && value !== null && suppressCount(Math.round(value)) === 'c' ? null : value;
}

/**
 * The printable report is a standalone page with its own inline styles and no script:
 * its policy allows inline styles and nothing else.
 */
const REPORT_CSP = {
  enableCSPNonces: false,
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ['data:'], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
};

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
} as const;

export function registerReportRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { la?: string; year?: string; quarter?: string; format?: string } }>('/performance/report', { config: { access: ACCESS.exports }, helmet: REPORT_CSP }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) throw new AppError('not_found', 'There is no data yet.');
    const format = request.query.format;
    if (format !== 'docx' && format !== 'xlsx' && format !== 'html') throw new AppError('bad_usage', 'Choose the report as Word (docx), Excel (xlsx) or a printable page (html).');
    const year = request.query.year ?? '';
    const quarter = request.query.quarter && request.query.quarter !== '' ? request.query.quarter : undefined;
    const base = await services.kpis.report(la.current.laCode, year, quarter, true);
    const model = { ...base, benchmarks: await services.benchmarks.performanceTable(base) };
    const bytes = await renderPerformance(model, format);
    const name = `performance-${la.current.laCode}-${model.periodLabel.replace(/\s+/g, '-')}.${format}`;
    await request.audit({ action: 'export', laCode: la.current.laCode, detail: { download: 'performance-report', format, year, quarter: quarter ?? null, smallCountsWithheld: true } });
    reply.type(CONTENT_TYPES[format]);
    if (format !== 'html') reply.header('content-disposition', `attachment; filename="${name}"`);
    return reply.send(bytes);
  });
}
