import { dayNumber, dayNumberAddMonths, fromDayNumber } from '../calendar/day-number.ts';
import type { IsoDate } from '../dates.ts';
import { countWindow, fitDailyModel, project, referralMoment, type DailyModel, type ProjectedDay } from './model.ts';
import { MEASURES, STATE_COUNT, STOCK_MEASURES, measureMask, type Measure, type StateFamily, type StockMeasure } from './states.ts';
import { buildTimeline, referralsBetween, stockOn, type Timeline } from './timeline.ts';
import type { HistorySet } from './types.ts';

export const WINDOW_CHOICES = [6, 12, 24, 36] as const;
export const BACKTEST_HORIZONS = [3, 6, 9, 12] as const;
/** The interval is the central 80%: the actual should fall inside it about four times in five. */
export const INTERVAL_Z = 1.2816;
/** Less history than this before the origin and no window can be estimated. */
export const MINIMUM_WINDOW_MONTHS = 3;
/** Measures whose backtest error picks the window (the placement groups are parts of `cla`). */
export const SCORED_MEASURES: readonly Measure[] = ['cla', 'cp', 'cin', 'assessments', 'care_leavers', 'referrals'];

export interface ForecastOptions {
  /** The day the forecast is made as on; default the latest data date. */
  origin?: IsoDate | undefined;
  /** Months ahead, 1 to 36. */
  months: number;
  /** A window in months, or 'auto' for the choice with the lowest backtest error. */
  window: 'auto' | number;
  /** Backtest origins, three months apart, counting back from three months before the origin (default 4, so one tests 12 months ahead). */
  backtestOrigins?: number | undefined;
}

export interface ForecastPoint {
  measure: Measure;
  date: IsoDate;
  forecast: number;
  lower: number;
  upper: number;
}

export interface BacktestRow {
  measure: Measure;
  horizonMonths: number;
  /** Mean absolute percentage error over the origins with an actual; null when none had one. */
  mape: number | null;
  persistenceMape: number | null;
  trendMape: number | null;
  /** Share of origins whose actual fell inside the interval (0-1). */
  coverage: number | null;
  origins: number;
}

export interface WindowScore {
  months: number;
  /** Mean of the scored measures' MAPE over the common origins; null when the window could not be tested. */
  score: number | null;
  origins: IsoDate[];
  note: string | null;
}

export interface FamilyPoint {
  date: IsoDate;
  family: StateFamily;
  children: number;
  lower: number;
  upper: number;
}

export interface ForecastResult {
  laCode: string;
  origin: IsoDate;
  history: { from: IsoDate; to: IsoDate; months: number; sources: string[] };
  referenceWindow: { from: IsoDate; to: IsoDate; months: number; chosenBy: 'backtest' | 'user' | 'fallback' };
  windows: WindowScore[];
  points: ForecastPoint[];
  /** Children in each family at the origin and each month end (the workforce step reads these). */
  families: FamilyPoint[];
  stockAtOrigin: Record<StockMeasure, number>;
  /** Recorded figures at the month ends of the 12 months to the origin that the history covers (referrals: whole months only). */
  observed: Array<{ measure: Measure; date: IsoDate; value: number }>;
  backtest: BacktestRow[];
  backtestOrigins: IsoDate[];
  /** Plain-English notes for the reader: fallbacks, thin history, what could not be tested. */
  notes: string[];
  /** The fitted daily model, for the docs' worked example and tests. */
  model: DailyModel;
}

export type ForecastOutcome = { ok: true; value: ForecastResult } | { ok: false; message: string };

const MASKS = Object.fromEntries(STOCK_MEASURES.map((m) => [m, measureMask(m)])) as Record<StockMeasure, Uint8Array>;

function monthsBetween(from: number, to: number): number {
  return Math.round(((to - from) / 365.25) * 12 * 10) / 10;
}

/** The last day of the month `months` after the month containing `day` (0 = that month's end). */
function monthEndAfter(day: number, months: number): number {
  const key = day * 1000 + months;
  let hit = MONTH_ENDS.get(key);
  if (hit === undefined) {
    const date = fromDayNumber(day);
    hit = dayNumberAddMonths(`${date.slice(0, 8)}01`, months + 1) - 1;
    if (MONTH_ENDS.size > 100_000) MONTH_ENDS.clear();
    MONTH_ENDS.set(key, hit);
  }
  return hit;
}
/** Month-end arithmetic is pure and asked for the same days many times over in a backtest. */
const MONTH_ENDS = new Map<number, number>();

/** Children in each stock measure on each of `days`, and referrals in each calendar month ending then, from one pass over the timeline. */
export class Actuals {
  readonly #tl: Timeline;
  readonly #cache = new Map<number, Record<StockMeasure, number>>();
  readonly #scratch = new Float64Array(STATE_COUNT);
  constructor(tl: Timeline) {
    this.#tl = tl;
  }
  stock(day: number): Record<StockMeasure, number> {
    let hit = this.#cache.get(day);
    if (hit === undefined) {
      const v = stockOn(this.#tl, day, this.#scratch);
      hit = measureValues(v);
      this.#cache.set(day, hit);
    }
    return hit;
  }
  referralsInMonth(monthEndDay: number): number {
    return referralsBetween(this.#tl, monthEndAfter(monthEndDay, -1), monthEndDay);
  }
  value(measure: Measure, day: number): number {
    return measure === 'referrals' ? this.referralsInMonth(day) : this.stock(day)[measure];
  }
}

function measureValues(v: Float64Array): Record<StockMeasure, number> {
  const out = {} as Record<StockMeasure, number>;
  for (const m of STOCK_MEASURES) {
    const mask = MASKS[m];
    let sum = 0;
    for (let j = 0; j < STATE_COUNT; j++) if (mask[j] === 1) sum += v[j] ?? 0;
    out[m] = sum;
  }
  return out;
}

interface OriginRun {
  origin: number;
  model: DailyModel;
  projected: ProjectedDay[];
  outputDays: number[];
}

/** Fits the window (origin - months, origin] and projects to the month ends `horizons` months after the origin. */
function runFrom(tl: Timeline, origin: number, windowFrom: number, monthsAhead: number): OriginRun {
  const model = fitDailyModel(countWindow(tl, windowFrom, origin));
  const stock = stockOn(tl, origin, new Float64Array(STATE_COUNT));
  const outputDays = Array.from({ length: monthsAhead }, (_, i) => monthEndAfter(origin, i + (isMonthEnd(origin) ? 1 : 0)));
  return { origin, model, projected: project(model, stock, origin, outputDays), outputDays };
}

function isMonthEnd(day: number): boolean {
  return monthEndAfter(day, 0) === day;
}

function interval(mean: number, variance: number): { lower: number; upper: number } {
  const sd = Math.sqrt(variance);
  return { lower: Math.max(0, mean - INTERVAL_Z * sd), upper: mean + INTERVAL_Z * sd };
}

/** Forecast value and interval of a measure at output index i of a run (referrals: the days of that month after the origin). */
function pointOf(run: OriginRun, i: number, measure: Measure): { forecast: number; lower: number; upper: number } {
  if (measure === 'referrals') {
    const end = run.outputDays[i] ?? run.origin;
    const start = Math.max(run.origin, monthEndAfter(end, -1));
    const m = referralMoment(run.model, end - start);
    return { forecast: m.mean, ...interval(m.mean, m.variance) };
  }
  const m = run.projected[i]?.measures[measure] ?? { mean: 0, variance: 0 };
  return { forecast: m.mean, ...interval(m.mean, m.variance) };
}

/** Least-squares line through (i, y_i), evaluated at x. */
function linearAt(values: readonly number[], x: number): number {
  const n = values.length;
  const mx = (n - 1) / 2;
  const my = values.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  values.forEach((y, i) => { sxy += (i - mx) * (y - my); sxx += (i - mx) * (i - mx); });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return Math.max(0, my + slope * (x - mx));
}

interface Errors {
  model: number[];
  persistence: number[];
  trend: number[];
  inside: number;
  n: number;
}

/**
 * Rolling-origin backtest of one window length: from each origin, the model fitted on the window
 * before it forecasts each horizon's month end; the baselines are the value at the origin carried
 * forward, and the line through the last 12 month ends (of those the history covers).
 */
export function backtestWindow(tl: Timeline, actuals: Actuals, historyFrom: number, dataTo: number, windowMonths: number, origins: readonly number[]): BacktestRow[] {
  const errors = new Map<string, Errors>();
  const maxH = BACKTEST_HORIZONS[BACKTEST_HORIZONS.length - 1] ?? 12;
  for (const origin of origins) {
    const from = Math.max(historyFrom, dayNumberAddMonths(fromDayNumber(origin), -windowMonths));
    const run = runFrom(tl, origin, from, maxH);
    const pastEnds: number[] = [];
    for (let k = 11; k >= 0; k--) {
      const d = monthEndAfter(origin, -k);
      if (d <= origin && monthEndAfter(d, -1) >= historyFrom) pastEnds.push(d);
    }
    for (const h of BACKTEST_HORIZONS) {
      const i = h - 1;
      const target = run.outputDays[i];
      if (target === undefined || target > dataTo) continue;
      for (const measure of MEASURES) {
        const actual = actuals.value(measure, target);
        if (actual <= 0) continue;
        const p = pointOf(run, i, measure);
        const persistence = measure === 'referrals' ? actuals.referralsInMonth(monthEndAfter(origin, isMonthEnd(origin) ? 0 : -1)) : actuals.stock(origin)[measure];
        const series = pastEnds.map((d) => actuals.value(measure, d));
        const trend = series.length >= 3 ? linearAt(series, series.length - 1 + (target - (pastEnds[pastEnds.length - 1] ?? origin)) / 30.4375) : null;
        const key = `${measure}|${h}`;
        let e = errors.get(key);
        if (e === undefined) errors.set(key, (e = { model: [], persistence: [], trend: [], inside: 0, n: 0 }));
        e.model.push(Math.abs(p.forecast - actual) / actual);
        e.persistence.push(Math.abs(persistence - actual) / actual);
        if (trend !== null) e.trend.push(Math.abs(trend - actual) / actual);
        if (actual >= p.lower && actual <= p.upper) e.inside++;
        e.n++;
      }
    }
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : (100 * xs.reduce((a, b) => a + b, 0)) / xs.length);
  const rows: BacktestRow[] = [];
  for (const measure of MEASURES) {
    for (const h of BACKTEST_HORIZONS) {
      const e = errors.get(`${measure}|${h}`);
      rows.push({
        measure,
        horizonMonths: h,
        mape: e ? mean(e.model) : null,
        persistenceMape: e ? mean(e.persistence) : null,
        trendMape: e ? mean(e.trend) : null,
        coverage: e && e.n > 0 ? e.inside / e.n : null,
        origins: e?.n ?? 0,
      });
    }
  }
  return rows;
}

function score(rows: readonly BacktestRow[]): number | null {
  const xs = rows.filter((r) => SCORED_MEASURES.includes(r.measure) && r.mape !== null).map((r) => r.mape ?? 0);
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * The forecast for one council: choose the reference window (by backtest unless forced), fit
 * the model on the window before the origin, and project month by month. A forecast from an
 * origin reads only what was known on that day: the timeline is built as known on the origin.
 */
export function forecast(history: HistorySet, options: ForecastOptions): ForecastOutcome {
  const historyFrom = dayNumber(history.from);
  const dataTo = dayNumber(history.to);
  const originDate = options.origin ?? history.to;
  const origin = dayNumber(originDate);
  if (!Number.isFinite(origin) || !Number.isFinite(historyFrom) || !Number.isFinite(dataTo)) return { ok: false, message: 'The history has no usable dates.' };
  if (origin > dataTo) return { ok: false, message: `The origin ${originDate} is after the latest data date ${history.to}: a forecast can start on ${history.to} at the latest.` };
  const available = monthsBetween(historyFrom, origin);
  if (origin < dayNumberAddMonths(history.from, MINIMUM_WINDOW_MONTHS)) {
    return { ok: false, message: `Too little history to forecast from ${originDate}: the data cover ${available} months before it (from ${history.from}), and at least ${MINIMUM_WINDOW_MONTHS} months are needed.` };
  }
  const tl = buildTimeline(history.children, originDate);
  const actuals = new Actuals(tl);
  const notes: string[] = [];
  const fits = (o: number, months: number) => dayNumberAddMonths(fromDayNumber(o), -months) >= historyFrom;

  const count = options.backtestOrigins ?? 4;
  const candidateOrigins: number[] = [];
  for (let k = 1; k <= count; k++) candidateOrigins.push(monthEndAfter(origin, -3 * k + (isMonthEnd(origin) ? 0 : -1)));
  const windows: WindowScore[] = [];
  const evaluable: Array<{ months: number; origins: number[] }> = [];
  for (const months of WINDOW_CHOICES) {
    const origins = candidateOrigins.filter((o) => fits(o, months));
    if (origins.length === 0) {
      windows.push({ months, score: null, origins: [], note: `not tested: a ${months}-month window needs ${months + 3} months of history before the origin to test it against 3 months of outcomes; there are ${available}` });
    } else evaluable.push({ months, origins });
  }
  let chosen: number | null = null;
  let chosenBy: 'backtest' | 'user' | 'fallback' = 'backtest';
  let trackRecord: BacktestRow[] = [];
  let trackOrigins: number[] = [];
  const longest = evaluable[evaluable.length - 1];
  const common = longest?.origins ?? [];
  const rowsByWindow = new Map<number, BacktestRow[]>();
  for (const w of evaluable) {
    const rows = backtestWindow(tl, actuals, historyFrom, origin, w.months, w.origins);
    rowsByWindow.set(w.months, rows);
    const commonRows = common.length === w.origins.length ? rows : backtestWindow(tl, actuals, historyFrom, origin, w.months, common);
    const s = score(commonRows);
    windows.push({ months: w.months, score: s, origins: w.origins.map(fromDayNumber), note: s === null ? 'no outcome in the history yet to test against' : null });
  }
  windows.sort((a, b) => a.months - b.months);
  if (options.window === 'auto') {
    const best = windows.filter((w) => w.score !== null).sort((a, b) => (a.score ?? 0) - (b.score ?? 0) || a.months - b.months)[0];
    if (best !== undefined) chosen = best.months;
    else notes.push(`No window could be tested: the data cover ${available} months before ${originDate}, and testing the shortest window (6 months) needs at least 9.`);
  } else {
    chosenBy = 'user';
    chosen = options.window;
  }
  if (chosen !== null && !fits(origin, chosen)) {
    const shorter = [...WINDOW_CHOICES].reverse().find((m) => m < (chosen ?? 0) && fits(origin, m));
    notes.push(`A ${chosen}-month reference window needs ${chosen} months of history before ${originDate}; the data cover ${available} months (from ${history.from}). ` + (shorter === undefined ? `Using all ${available} months instead.` : `Using ${shorter} months instead.`));
    chosen = shorter ?? null;
    chosenBy = 'fallback';
  }
  if (chosen === null && options.window === 'auto') {
    const fitting = [...WINDOW_CHOICES].reverse().find((m) => fits(origin, m));
    if (fitting !== undefined) { chosen = fitting; chosenBy = 'fallback'; notes.push(`Using the longest window the history allows: ${fitting} months.`); }
  }
  const windowFrom = chosen === null ? historyFrom : dayNumberAddMonths(originDate, -chosen);
  if (chosen === null) chosenBy = 'fallback';
  const windowMonths = chosen ?? available;
  if (chosen !== null) {
    trackRecord = rowsByWindow.get(chosen) ?? [];
    trackOrigins = evaluable.find((w) => w.months === chosen)?.origins ?? [];
  }
  if (trackRecord.length === 0) {
    const fallbackOrigins = candidateOrigins.filter((o) => o - windowFrom >= 0 && dayNumberAddMonths(fromDayNumber(o), -MINIMUM_WINDOW_MONTHS) >= historyFrom);
    if (fallbackOrigins.length > 0) {
      trackRecord = backtestWindow(tl, actuals, historyFrom, origin, Math.min(windowMonths, 6), fallbackOrigins);
      trackOrigins = fallbackOrigins;
    } else notes.push(`No track record yet: a backtest needs at least ${MINIMUM_WINDOW_MONTHS + 3} months of history before ${originDate}; there are ${available}.`);
  }
  const unscored = trackRecord.filter((r) => r.horizonMonths === 12 && r.measure === 'cla' && r.mape === null);
  if (unscored.length > 0 && trackOrigins.length > 0) notes.push(`No 12-month track record yet: it needs an origin 12 months before ${originDate} with ${windowMonths} months of history before that (${Math.ceil(windowMonths + 12)} months in all); the data cover ${available}.`);

  const run = runFrom(tl, origin, windowFrom, options.months);
  const points: ForecastPoint[] = [];
  for (const measure of MEASURES) {
    run.outputDays.forEach((day, i) => {
      points.push({ measure, date: fromDayNumber(day), ...pointOf(run, i, measure) });
    });
  }
  const families: FamilyPoint[] = [];
  const familyMeasure: Record<StateFamily, StockMeasure> = { assessment: 'assessments', cin: 'cin', cp: 'cp', cla: 'cla', care_leaver: 'care_leavers' };
  const startStock = actuals.stock(origin);
  for (const family of Object.keys(familyMeasure) as StateFamily[]) {
    const m = familyMeasure[family];
    families.push({ date: originDate, family, children: startStock[m], lower: startStock[m], upper: startStock[m] });
    run.outputDays.forEach((day, i) => {
      const p = pointOf(run, i, m);
      families.push({ date: fromDayNumber(day), family, children: p.forecast, lower: p.lower, upper: p.upper });
    });
  }
  const observed: ForecastResult['observed'] = [];
  for (let k = 12; k >= 0; k--) {
    const d = monthEndAfter(origin, -k);
    if (d > origin || d < historyFrom) continue;
    for (const measure of MEASURES) {
      if (measure === 'referrals' && monthEndAfter(d, -1) < historyFrom) continue;
      observed.push({ measure, date: fromDayNumber(d), value: actuals.value(measure, d) });
    }
  }
  return {
    ok: true,
    value: {
      laCode: history.laCode,
      origin: originDate,
      history: { from: history.from, to: history.to, months: monthsBetween(historyFrom, dataTo), sources: history.sources },
      referenceWindow: { from: fromDayNumber(windowFrom), to: originDate, months: windowMonths, chosenBy },
      windows,
      points,
      families,
      stockAtOrigin: startStock,
      observed,
      backtest: trackRecord,
      backtestOrigins: trackOrigins.map(fromDayNumber),
      notes,
      model: run.model,
    },
  };
}
