import type { Services } from '../../app.ts';
import { MEASURE_LABELS, type Measure } from '../../domain/forecast/index.ts';
import { formatPence } from '../../domain/planning/money.ts';
import { isAppError } from '../../errors.ts';
import type { ForecastRequest, ForecastRun } from '../../services/forecast.service.ts';
import { chartTable, fanChart, type ChartTable } from '../charts/svg-chart.ts';
import type { ExportedBy } from '../../services/export.service.ts';
import type { DownloadFormat, DownloadTable } from '../downloads.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (d: string) => `${MONTHS[Number(d.slice(5, 7)) - 1]} ${d.slice(2, 4)}`;
const CHARTED: readonly Measure[] = ['cla', 'cp', 'cin', 'referrals'];
const one = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export interface ForecastPageModel {
  /** Set when no forecast could be made: the plain reason (too little history, no events). */
  problem: string | null;
  run: ForecastRun | null;
  charts: Array<{ title: string; svg: string; table: ChartTable }>;
  trackRecord: { head: string[]; rows: Array<Array<string | number | null>> };
  teams: { date: string; rows: Array<Array<string | number | null>> };
  quarters: Array<Array<string | number | null>>;
  notes: string[];
}

/** The Forecast page: fan charts with their data, the track record, and the workforce plan by service and team. */
export async function forecastPage(services: Services, laCode: string, request: ForecastRequest): Promise<ForecastPageModel> {
  let run: ForecastRun;
  try {
    run = await services.forecast.run(laCode, request);
  } catch (error) {
    if (isAppError(error) && error.code === 'input_rejected') return { problem: error.message, run: null, charts: [], trackRecord: { head: [], rows: [] }, teams: { date: '', rows: [] }, quarters: [], notes: [] };
    throw error;
  }
  let model = models.get(run);
  if (!model) {
    model = forecastModel(run);
    models.set(run, model);
  }
  return model;
}

// A run is cached per council, data version and settings (the forecast service), so its page
// model, charts and all, is built once per run rather than on every request.
const models = new WeakMap<ForecastRun, ForecastPageModel>();

function forecastModel(run: ForecastRun): ForecastPageModel {
  const f = run.forecast;
  const charts = CHARTED.map((measure) => {
    const recorded = f.observed.filter((o) => o.measure === measure);
    const ahead = f.points.filter((p) => p.measure === measure);
    const labels = [...recorded.map((o) => o.date), ...ahead.map((p) => p.date)];
    const pad = (n: number) => Array.from({ length: n }, () => null);
    const at = (values: Array<number | null>) => values.map((value, i) => ({ label: monthLabel(labels[i] ?? ''), value: value === null ? null : one(value) }));
    // The forecast line starts from the last recorded figure so the two join up.
    const last = recorded.at(-1)?.value ?? null;
    const input = {
      id: `fan-${measure}`,
      title: MEASURE_LABELS[measure],
      description: `${MEASURE_LABELS[measure]}: recorded to ${f.origin}, then forecast to ${ahead.at(-1)?.date ?? f.origin} with its 80% interval.`,
      yLabel: measure === 'referrals' ? 'Referrals' : 'Children',
      series: [
        { name: 'Recorded', points: at([...recorded.map((o) => o.value), ...pad(ahead.length)]) },
        { name: 'Forecast', points: at([...pad(Math.max(0, recorded.length - 1)), ...(recorded.length > 0 ? [last] : []), ...ahead.map((p) => p.forecast)]) },
        { name: 'Lower (80%)', points: at([...pad(recorded.length), ...ahead.map((p) => p.lower)]) },
        { name: 'Upper (80%)', points: at([...pad(recorded.length), ...ahead.map((p) => p.upper)]) },
      ],
    };
    return { title: MEASURE_LABELS[measure], svg: fanChart(input), table: chartTable(input) };
  });
  const trackRecord = {
    head: ['Measure', 'Months ahead', 'Error (MAPE)', 'Carrying today forward', 'Straight-line trend', 'Inside the interval', 'Origins tested'],
    rows: f.backtest
      .filter((r) => r.measure === 'cla' || !r.measure.startsWith('cla_'))
      .map((r) => [MEASURE_LABELS[r.measure], r.horizonMonths, pct(r.mape), pct(r.persistenceMape), pct(r.trendMape), r.coverage === null ? 'no data' : `${Math.round(r.coverage * 100)}%`, r.origins]),
  };
  const lastDate = run.workforce.rows.at(-1)?.date ?? f.origin;
  const teams = {
    date: lastDate,
    rows: run.workforce.rows
      .filter((r) => r.date === lastDate)
      .sort((a, b) => (a.serviceName ?? '').localeCompare(b.serviceName ?? '') || a.teamName.localeCompare(b.teamName))
      .map((r) => [r.serviceName ?? '', r.teamName, r.children, r.fteRequired, r.fteInPost, r.gap]),
  };
  const quarters = run.workforce.quarters
    .filter((q) => q.postsToRecruit > 0 || q.agencyCoverFte > 0)
    .map((q) => [q.quarterEnd, q.teamName, q.postsToRecruit, q.asyeIntake, q.agencyCoverFte, q.costPence === null ? 'not costed' : formatPence(q.costPence)]);
  return { problem: null, run, charts, trackRecord, teams, quarters, notes: [...f.notes, ...run.workforce.notes] };
}

function pct(x: number | null): string {
  return x === null ? 'no data' : `${one(x)}%`;
}

/** The downloads: the forecast points, or the workforce plan rows. */
export async function forecastDownload(
  services: Services,
  by: ExportedBy,
  q: { laCode: string; request: ForecastRequest; window: string; format: DownloadFormat; table: 'points' | 'workforce' },
): Promise<DownloadTable> {
  const run = await services.exports.forecast(by, q);
  const name = `forecast-${q.table}-${q.laCode}-${run.forecast.origin}`;
  if (q.table === 'workforce') {
    return {
      name,
      title: 'Workforce plan',
      head: ['Date', 'Service', 'Team id', 'Team', 'Children', 'FTE required', 'FTE in post', 'Gap'],
      rows: run.workforce.rows.map((r) => [r.date, r.serviceName ?? '', r.teamId, r.teamName, r.children, r.fteRequired, r.fteInPost, r.gap]),
    };
  }
  return {
    name,
    title: 'Forecast',
    head: ['Measure', 'Label', 'Date', 'Forecast', 'Lower (80%)', 'Upper (80%)'],
    rows: run.forecast.points.map((p) => [p.measure, MEASURE_LABELS[p.measure], p.date, one(p.forecast), one(p.lower), one(p.upper)]),
  };
}
