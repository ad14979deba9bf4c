import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.ts';
import { MEASURE_LABELS, type BacktestRow, type ForecastPoint } from '../domain/forecast/index.ts';
import { AppError } from '../errors.ts';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';
import type { ForecastRun } from '../services/forecast.service.ts';
import type { Services } from '../app.ts';
import { renderTable } from './caseloads.command.ts';
import { commandBy, type CliContext } from './context.ts';
import { parseFlags, laFlag } from './flags.ts';
import { withLa } from './with-la.ts';

const la = laFlag();
const format = z.enum(['table', 'json', 'csv'], { error: 'must be table, json or csv' }).default('table');
const window = z
  .string()
  .default('auto')
  .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 3 && Number(v) <= 60), 'must be auto or a number of months from 3 to 60')
  .transform((v): 'auto' | number => (v === 'auto' ? 'auto' : Number(v)));
const Flags = z.object({
  la,
  origin: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD').optional(),
  months: z.coerce.number({ error: 'must be a whole number of months' }).int('must be a whole number of months').min(1, 'must be at least 1').max(36, 'must be at most 36').default(24),
  window,
  format,
});
const BacktestFlags = z.object({ la, origin: Flags.shape.origin, window, format });

const one = (x: number) => Math.round(x * 10) / 10;

/** The JSON contract of `headroom forecast` (docs/forecasting.md): tests and scripts rely on its field names. */
export function forecastJson(laCode: string, run: ForecastRun) {
  const f = run.forecast;
  return {
    laCode,
    origin: f.origin,
    referenceWindow: { from: f.referenceWindow.from, to: f.referenceWindow.to, months: f.referenceWindow.months, chosenBy: f.referenceWindow.chosenBy },
    history: f.history,
    points: f.points.map((p: ForecastPoint) => ({ measure: p.measure, date: p.date, forecast: one(p.forecast), lower: one(p.lower), upper: one(p.upper) })),
    backtest: f.backtest.map(backtestJson),
    backtestOrigins: f.backtestOrigins,
    windows: f.windows,
    workforce: run.workforce.rows.map((r) => ({ date: r.date, teamId: r.teamId, teamName: r.teamName, service: r.serviceName, children: r.children, fteRequired: r.fteRequired, fteInPost: r.fteInPost, gap: r.gap })),
    recruitment: run.workforce.quarters,
    assumptions: run.workforce.assumptions,
    notes: [...f.notes, ...run.workforce.notes],
  };
}

function backtestJson(r: BacktestRow) {
  const pct = (x: number | null) => (x === null ? null : one(x));
  return { measure: r.measure, horizonMonths: r.horizonMonths, mape: pct(r.mape), persistenceMape: pct(r.persistenceMape), trendMape: pct(r.trendMape), coverage: r.coverage === null ? null : Math.round(r.coverage * 100) / 100, origins: r.origins };
}

export function registerForecastCommands(program: Command, ctx: CliContext): void {
  const command = program
    .command('forecast')
    .description('forecast children looked after, on plans, in need and referrals, with the track record and the workforce it needs')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number'))
    .option('--origin <date>', 'forecast as on this date, from only what was known then (default: the latest data date)')
    .option('--months <n>', 'months ahead, 1 to 36', '24')
    .option('--window <months>', 'reference window in months, or auto for the one with the lowest backtest error', 'auto')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (raw: { la?: string }) => {
      if (raw.la === undefined) throw new AppError('bad_usage', "required option '--la <code>' not specified.");
      const flags = parseFlags(Flags, raw);
      await withLa(
        ctx,
        flags.la,
        async (services) => {
          const run = await services.exports.forecast(commandBy(ctx, 'forecast'), { laCode: flags.la, request: { origin: flags.origin, months: flags.months, window: flags.window }, window: flags.window, format: flags.format });
          if (flags.format === 'json') return ctx.out(JSON.stringify(forecastJson(flags.la, run)));
          if (flags.format === 'csv') {
            const rows = run.forecast.points.map((p) => [p.measure, MEASURE_LABELS[p.measure], p.date, one(p.forecast), one(p.lower), one(p.upper)]);
            return ctx.out(stringify([['Measure', 'Label', 'Date', 'Forecast', 'Lower (80%)', 'Upper (80%)'], ...rows.map((r) => r.map((v) => spreadsheetSafe(v)))]));
          }
          printSummary(ctx, flags.la, run);
          const f = run.forecast;
          const dates = [...new Set(f.points.map((p) => p.date))].filter((_, i, all) => (i + 1) % 3 === 0 || i === all.length - 1);
          const head = ['Measure', ...dates];
          const rows = (['cla', 'cp', 'cin', 'assessments', 'care_leavers', 'referrals'] as const).map((m) => [MEASURE_LABELS[m], ...dates.map((d) => {
            const p = f.points.find((x) => x.measure === m && x.date === d);
            return p === undefined ? '' : `${Math.round(p.forecast)} (${Math.round(p.lower)}-${Math.round(p.upper)})`;
          })]);
          ctx.out(renderTable({ head, rows }));
          ctx.out('Figures are the forecast with its 80% interval in brackets. Run "headroom forecast backtest" for the track record.');
          const last = run.workforce.rows.at(-1)?.date;
          if (last !== undefined) {
            ctx.out(`\nWorkforce on ${last} (case-holding FTE at the council's standard; turnover: ${run.workforce.assumptions.turnoverSource}):`);
            ctx.out(renderTable({ head: ['Team', 'Service', 'Children', 'FTE required', 'FTE in post', 'Gap'], rows: run.workforce.rows.filter((r) => r.date === last).map((r) => [r.teamName, r.serviceName, r.children, r.fteRequired, r.fteInPost, r.gap]) }));
          }
        },
        `Import Annex A extracts or statutory returns for it first (headroom import … --la ${flags.la}).`,
      );
    });
  command
    .command('backtest')
    .description('the forecast\'s track record: error at 3, 6, 9 and 12 months beside persistence and trend, and interval coverage')
    .addOption(new Option('--la <code>', 'the DfE three-digit LA number').makeOptionMandatory())
    .option('--origin <date>', 'test as on this date (default: the latest data date)')
    .option('--window <months>', 'reference window in months, or auto', 'auto')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (raw: unknown) => {
      const flags = parseFlags(BacktestFlags, raw);
      await withLa(
        ctx,
        flags.la,
        async (services) => {
          const run = await services.exports.forecast(commandBy(ctx, 'forecast backtest'), { laCode: flags.la, request: { origin: flags.origin, months: 12, window: flags.window }, window: flags.window, format: flags.format });
          const f = run.forecast;
          if (flags.format === 'json') return ctx.out(JSON.stringify({ laCode: flags.la, origin: f.origin, referenceWindow: f.referenceWindow, backtestOrigins: f.backtestOrigins, windows: f.windows, backtest: f.backtest.map(backtestJson), notes: f.notes }));
          const rows = f.backtest.map((r) => {
            const b = backtestJson(r);
            return [MEASURE_LABELS[r.measure], b.horizonMonths, b.mape, b.persistenceMape, b.trendMape, b.coverage === null ? null : `${Math.round(b.coverage * 100)}%`, b.origins];
          });
          const head = ['Measure', 'Months ahead', 'Error % (MAPE)', 'Persistence %', 'Trend %', 'Inside interval', 'Origins'];
          if (flags.format === 'csv') return ctx.out(stringify([head, ...rows.map((r) => r.map((v) => (v === null ? '' : spreadsheetSafe(v))))]));
          printSummary(ctx, flags.la, run);
          ctx.out(renderTable({ head, rows: rows.map((r) => r.map((v) => (v === null ? 'no data' : v))) }));
          ctx.out('Error: mean absolute percentage error of the forecast made from each origin. Persistence carries the origin\'s figure forward; trend is the line through the last 12 month ends.');
        },
        `Import Annex A extracts or statutory returns for it first (headroom import … --la ${flags.la}).`,
      );
    });
}

function printSummary(ctx: CliContext, laCode: string, run: ForecastRun): void {
  const f = run.forecast;
  ctx.out(`Forecast for LA ${laCode} from ${f.origin}. History: ${f.history.sources.join('; ')} (complete from ${f.history.from}, ${f.history.months} months).`);
  ctx.out(`Reference window: ${f.referenceWindow.from} to ${f.referenceWindow.to} (${f.referenceWindow.months} months, ${f.referenceWindow.chosenBy === 'backtest' ? 'lowest backtest error' : f.referenceWindow.chosenBy === 'user' ? 'chosen by you' : 'the longest the history allows'}).`);
  for (const w of f.windows) ctx.out(`  ${w.months}-month window: ${w.score === null ? (w.note ?? 'not tested') : `mean error ${one(w.score)}% over ${w.origins.length} origin(s)`}`);
  for (const note of [...f.notes, ...run.workforce.notes]) ctx.out(`Note: ${note}`);
}
