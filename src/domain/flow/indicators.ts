import { dayNumber } from '../calendar/day-number.ts';
import type { Period } from '../calendar/periods.ts';
import { annualisationFactor } from '../calendar/periods.ts';
import type { IsoDate } from '../dates.ts';
import type { ClaEpisode, FlowData } from './events.ts';
import { placementsDuring, RETURN_DEFINITIONS, RETURN_KPI_IDS, type ReturnIndicatorContext, type ReturnKpiId } from './return-indicators.ts';
import type { EndedIndex, EpisodeIndex, FlowIndex } from './flow-index.ts';
import { indexFlowData, lowerBound, upperBound } from './flow-index.ts';
import type { BetterWhen, Kpi, KpiId } from './kpi.ts';
import { KPI_IDS, percent, ratePer10k } from './kpi.ts';

export interface FlowOptions {
  /**
   * The referral history held is complete from this date. A referral's re-referral status comes
   * from the history when its whole 12-month look-back lies on or after this date; otherwise from
   * the Annex A "Number of referrals in last 12 months". Null or absent: always the Annex A field.
   */
  referralHistoryFrom?: IsoDate | null;
  /**
   * Whether the Annex A "Number of referrals in last 12 months" counts the referral itself, so
   * that a re-referral needs a count above 1 rather than above 0. Default false.
   */
  annexACountIncludesCurrent?: boolean;
}

/** An indicator: a pure function of the events, the period and the options. */
export type Indicator = (data: FlowData | FlowIndex, period: Period, opts?: FlowOptions) => Kpi;

/** Assessments: statutory timescale, Working Together to Safeguard Children. */
export const ASSESSMENT_TIMESCALE_WORKING_DAYS = 45;
/** Initial child protection conference: within 15 working days of the strategy discussion. */
export const ICPC_TIMESCALE_WORKING_DAYS = 15;
/** "Two years or more" on a child protection plan: 730 days or more from its start. */
export const TWO_YEARS_DAYS = 730;

interface Context {
  ix: FlowIndex;
  period: Period;
  opts: FlowOptions;
  from: number;
  to: number;
  cache: Map<string, unknown>;
}

function context(data: FlowData | FlowIndex, period: Period, opts: FlowOptions = {}): Context {
  return { ix: indexFlowData(data), period, opts, from: dayNumber(period.start), to: dayNumber(period.end), cache: new Map() };
}

function memo<T>(ctx: Context, key: string, compute: () => T): T {
  if (ctx.cache.has(key)) return ctx.cache.get(key) as T;
  const value = compute();
  ctx.cache.set(key, value);
  return value;
}

function count(id: KpiId, label: string, n: number, betterWhen: BetterWhen = 'neutral'): Kpi {
  return { id, label, numerator: n, denominator: null, value: n, unit: 'count', betterWhen };
}

function pct(id: KpiId, label: string, numerator: number, denominator: number, betterWhen: BetterWhen): Kpi {
  return { id, label, numerator, denominator, value: percent(numerator, denominator), unit: 'percent', betterWhen };
}

/** Rate per 10,000 children aged 0-17; flows are annualised, stocks (open at end) are not. */
function rate(ctx: Context, id: KpiId, label: string, numerator: number, flow: boolean): Kpi {
  const factor = flow ? annualisationFactor(ctx.period) : 1;
  return {
    id,
    label: `${label} per 10,000 children aged 0-17${factor === 1 ? '' : ' (annualised)'}`,
    numerator,
    denominator: ctx.ix.population,
    value: ratePer10k(numerator, ctx.ix.population, factor),
    unit: 'rate_per_10k',
    betterWhen: 'neutral',
  };
}

function inPeriod(ctx: Context, days: Int32Array): [number, number] {
  return [lowerBound(days, ctx.from), upperBound(days, ctx.to)];
}

/** Number of indexed events dated in the period. */
function countIn(ctx: Context, days: Int32Array): number {
  const [lo, hi] = inPeriod(ctx, days);
  return hi - lo;
}

function rereferrals(ctx: Context): number {
  const r = ctx.ix.referrals;
  const historyFrom = ctx.opts.referralHistoryFrom ? dayNumber(ctx.opts.referralHistoryFrom) : Number.NaN;
  const threshold = ctx.opts.annexACountIncludesCurrent ? 1 : 0;
  const [lo, hi] = inPeriod(ctx, r.days);
  let n = 0;
  for (let i = lo; i < hi; i++) {
    const windowStart = r.windowStarts[i] as number;
    if (historyFrom <= windowStart) {
      if ((r.previousDays[i] as number) >= windowStart) n += 1;
    } else {
      const reported = r.items[i]?.referralsInLast12Months ?? null;
      if (reported !== null && reported > threshold) n += 1;
    }
  }
  return n;
}

function countWhere<T>(ctx: Context, index: { items: readonly T[]; days: Int32Array }, test: (item: T, i: number) => boolean): number {
  const [lo, hi] = inPeriod(ctx, index.days);
  let n = 0;
  for (let i = lo; i < hi; i++) if (test(index.items[i] as T, i)) n += 1;
  return n;
}

function withinTimescale(workingDays: Float64Array, i: number, limit: number): boolean {
  const wd = workingDays[i] as number;
  return wd >= 0 && wd <= limit;
}

/** Children with an episode open at the end of the period: start <= end and (no end or end > end). */
function openAtEnd<T extends { childId: string }>(ctx: Context, index: EpisodeIndex<T>): Map<string, { item: T; startDay: number }> {
  const open = new Map<string, { item: T; startDay: number }>();
  const hi = upperBound(index.days, ctx.to);
  for (let i = 0; i < hi; i++) {
    if ((index.endDays[i] as number) > ctx.to) {
      const item = index.items[i] as T;
      const startDay = index.days[i] as number;
      const held = open.get(item.childId);
      open.set(item.childId, { item, startDay: held ? held.startDay : startDay });
    }
  }
  return open;
}

const openCp = (ctx: Context) => memo(ctx, 'openCp', () => openAtEnd(ctx, ctx.ix.cpByStart));
const openCla = (ctx: Context) => memo(ctx, 'openCla', () => openAtEnd(ctx, ctx.ix.claByStart));

function distinctChildren<T extends { childId: string }>(ctx: Context, index: { items: readonly T[]; days: Int32Array }): number {
  const [lo, hi] = inPeriod(ctx, index.days);
  const children = new Set<string>();
  for (let i = lo; i < hi; i++) children.add((index.items[i] as T).childId);
  return children.size;
}

function endedLasting<T>(ctx: Context, index: EndedIndex<T>, minDays: number): [number, number] {
  const [lo, hi] = inPeriod(ctx, index.days);
  let n = 0;
  for (let i = lo; i < hi; i++) if ((index.days[i] as number) - (index.startDays[i] as number) >= minDays) n += 1;
  return [n, hi - lo];
}

/**
 * The indicators. Each definition, its source in the DfE statistics and its counting rules are
 * in docs/kpi-definitions.md; the comments name the source.
 */
const DEFINITIONS: Record<KpiId, (ctx: Context) => Kpi> = {
  ...(Object.fromEntries(RETURN_KPI_IDS.map((id) => [id, (ctx: Context) => RETURN_DEFINITIONS[id](returnContext(ctx))])) as Record<ReturnKpiId, (ctx: Context) => Kpi>),
  // Ofsted Annex A contacts list; not a DfE national statistic. Events.
  contacts: (ctx) => count('contacts', 'Contacts', countIn(ctx, ctx.ix.contactDays)),
  // DfE Children in need statistics: referrals received in the year. Events.
  referrals: (ctx) => count('referrals', 'Referrals', countIn(ctx, ctx.ix.referrals.days)),
  // Local measure from the Annex A contacts and referrals lists: referrals as a share of contacts.
  contact_conversion: (ctx) =>
    pct('contact_conversion', 'Referrals as a percentage of contacts', countIn(ctx, ctx.ix.referrals.days), countIn(ctx, ctx.ix.contactDays), 'neutral'),
  // DfE Children in need statistics: referrals per 10,000 children.
  referrals_per_10k: (ctx) => rate(ctx, 'referrals_per_10k', 'Referrals', countIn(ctx, ctx.ix.referrals.days), true),
  // DfE Children in need statistics: re-referrals within 12 months of a previous referral.
  rereferrals_12m: (ctx) =>
    pct('rereferrals_12m', 'Re-referrals within 12 months of a previous referral', rereferrals(ctx), countIn(ctx, ctx.ix.referrals.days), 'lower'),
  // DfE Children in need statistics: referrals resulting in no further action.
  referrals_nfa: (ctx) =>
    pct('referrals_nfa', 'Referrals resulting in no further action', countWhere(ctx, ctx.ix.referrals, (r) => r.nfa === true), countIn(ctx, ctx.ix.referrals.days), 'lower'),
  // DfE Children in need statistics: assessments completed (authorised) in the year.
  assessments_completed: (ctx) => count('assessments_completed', 'Assessments completed', countIn(ctx, ctx.ix.assessments.days)),
  // DfE Children in need statistics: assessments completed within 45 working days.
  assessments_within_45wd: (ctx) =>
    pct(
      'assessments_within_45wd',
      'Assessments completed within 45 working days',
      countWhere(ctx, ctx.ix.assessments, (_, i) => withinTimescale(ctx.ix.assessments.workingDays, i, ASSESSMENT_TIMESCALE_WORKING_DAYS)),
      countIn(ctx, ctx.ix.assessments.days),
      'higher',
    ),
  // Local measure from the Annex A assessments list ("child seen during assessment").
  child_seen_in_assessment: (ctx) =>
    pct(
      'child_seen_in_assessment',
      'Assessments completed in which the child was seen',
      countWhere(ctx, ctx.ix.assessments, (a) => a.childSeen === true),
      countIn(ctx, ctx.ix.assessments.days),
      'higher',
    ),
  // DfE Children in need statistics: section 47 enquiries started. Events.
  s47_started: (ctx) => count('s47_started', 'Section 47 enquiries started', countIn(ctx, ctx.ix.s47Days)),
  // DfE Children in need statistics: section 47 enquiries per 10,000 children.
  s47_per_10k: (ctx) => rate(ctx, 's47_per_10k', 'Section 47 enquiries', countIn(ctx, ctx.ix.s47Days), true),
  // DfE Children in need statistics: ICPCs within 15 working days of the strategy discussion.
  icpc_within_15wd: (ctx) =>
    pct(
      'icpc_within_15wd',
      'Initial child protection conferences within 15 working days of the strategy discussion',
      countWhere(ctx, ctx.ix.icpcs, (_, i) => withinTimescale(ctx.ix.icpcs.workingDays, i, ICPC_TIMESCALE_WORKING_DAYS)),
      countIn(ctx, ctx.ix.icpcs.days),
      'higher',
    ),
  // DfE Children in need statistics: ICPCs resulting in a child protection plan.
  icpc_to_cp_plan: (ctx) =>
    pct(
      'icpc_to_cp_plan',
      'Initial child protection conferences resulting in a child protection plan',
      countWhere(ctx, ctx.ix.icpcs, (s) => s.icpcCpPlan === true),
      countIn(ctx, ctx.ix.icpcs.days),
      'neutral',
    ),
  // DfE Children in need statistics: child protection plans starting in the year. Events.
  cp_plans_started: (ctx) => count('cp_plans_started', 'Child protection plans started', countIn(ctx, ctx.ix.cpByStart.days)),
  // DfE Children in need statistics: plans started that were a second or subsequent plan.
  cp_second_or_subsequent: (ctx) =>
    pct(
      'cp_second_or_subsequent',
      'Child protection plans started that were a second or subsequent plan',
      countWhere(ctx, ctx.ix.cpByStart, (p) => (p.previousPlans ?? 0) > 0),
      countIn(ctx, ctx.ix.cpByStart.days),
      'lower',
    ),
  // DfE Children in need statistics: children on a plan at 31 March. Distinct children.
  cp_open_at_end: (ctx) => count('cp_open_at_end', 'Children on a child protection plan at the end of the period', openCp(ctx).size),
  // DfE Children in need statistics: children on a plan per 10,000 children.
  cp_per_10k: (ctx) => rate(ctx, 'cp_per_10k', 'Children on a child protection plan', openCp(ctx).size, false),
  // DfE Children in need statistics: plans at 31 March by length, 2 years or more.
  cp_open_2y_plus: (ctx) => {
    const open = openCp(ctx);
    let n = 0;
    for (const { startDay } of open.values()) if (ctx.to - startDay >= TWO_YEARS_DAYS) n += 1;
    return pct('cp_open_2y_plus', 'Children on a plan at the end of the period for 2 years or more', n, open.size, 'lower');
  },
  // DfE Children in need statistics: plans ceasing in the year that lasted 2 years or more. Events.
  cp_ceased_2y_plus: (ctx) => {
    const [n, d] = endedLasting(ctx, ctx.ix.cpByEnd, TWO_YEARS_DAYS);
    return pct('cp_ceased_2y_plus', 'Child protection plans ended that lasted 2 years or more', n, d, 'lower');
  },
  // DfE Children in need statistics (CIN at 31 March), less children on a plan or looked after.
  cin_open_at_end: (ctx) => {
    const cin = openAtEnd(ctx, ctx.ix.cinByStart);
    const cp = openCp(ctx);
    const cla = openCla(ctx);
    let n = 0;
    for (const child of cin.keys()) if (!cp.has(child) && !cla.has(child)) n += 1;
    return count('cin_open_at_end', 'Children in need at the end of the period, not on a child protection plan or looked after', n);
  },
  // DfE Children looked after in England: children looked after at 31 March. Distinct children.
  cla_open_at_end: (ctx) => count('cla_open_at_end', 'Children looked after at the end of the period', openCla(ctx).size),
  // DfE Children looked after in England: rate per 10,000 children.
  cla_per_10k: (ctx) => rate(ctx, 'cla_per_10k', 'Children looked after', openCla(ctx).size, false),
  // DfE Children looked after in England: children who started to be looked after (each child once).
  cla_started: (ctx) => count('cla_started', 'Children who started to be looked after', distinctChildren(ctx, ctx.ix.claByStart)),
  // DfE Children looked after in England: children who ceased to be looked after (each child once).
  cla_ceased: (ctx) => count('cla_ceased', 'Children who ceased to be looked after', distinctChildren(ctx, ctx.ix.claByEnd)),
  // DfE Children looked after in England: placement stability, 3 or more placements in the year.
  // From an SSDA903 return the placements during the period are counted from the episodes; from
  // Annex A, the list's "number of placements in the last 12 months".
  cla_3plus_placements: (ctx) => {
    const open = openCla(ctx);
    const periods = claPeriodsByChild(ctx);
    let n = 0;
    for (const [child, { item }] of open) {
      const during = placementsDuring(periods.get(child) ?? [], ctx.from, ctx.to);
      if ((during ?? item.placementsLast12Months ?? 0) >= 3) n += 1;
    }
    return pct('cla_3plus_placements', 'Children looked after with 3 or more placements in the last 12 months', n, open.size, 'lower');
  },
  // DfE Children looked after in England: care leavers in suitable accommodation.
  care_leavers_suitable_accommodation: (ctx) => {
    let n = 0;
    let known = 0;
    for (const c of ctx.ix.careLeavers) {
      if (c.accommodationSuitable === null) continue;
      known += 1;
      if (c.accommodationSuitable) n += 1;
    }
    return pct('care_leavers_suitable_accommodation', 'Care leavers in suitable accommodation', n, known, 'higher');
  },
  // DfE Children looked after in England: care leavers in education, employment or training.
  care_leavers_eet: (ctx) => {
    let n = 0;
    for (const c of ctx.ix.careLeavers) if (isEet(c.activity)) n += 1;
    return pct('care_leavers_eet', 'Care leavers in education, employment or training', n, ctx.ix.careLeavers.length, 'higher');
  },
};

function claPeriodsByChild(ctx: Context): Map<string, ClaEpisode[]> {
  return memo(ctx, 'claByChild', () => {
    const byChild = new Map<string, ClaEpisode[]>();
    for (const e of ctx.ix.claByStart.items) {
      const list = byChild.get(e.childId);
      if (list) list.push(e);
      else byChild.set(e.childId, [e]);
    }
    return byChild;
  });
}

function returnContext(ctx: Context): ReturnIndicatorContext {
  return memo(ctx, 'returnContext', () => ({ ix: ctx.ix, from: ctx.from, to: ctx.to, openCla: openCla(ctx), openCp: openCp(ctx) }));
}

function isEet(activity: string | null): boolean {
  const code = activity?.trim().toUpperCase() ?? '';
  return code.startsWith('F') || code.startsWith('P');
}

/** Every indicator by id, each `(data, period, opts) => Kpi`. */
export const INDICATORS: Readonly<Record<KpiId, Indicator>> = Object.fromEntries(
  KPI_IDS.map((id) => [id, (data: FlowData | FlowIndex, period: Period, opts?: FlowOptions) => DEFINITIONS[id](context(data, period, opts))]),
) as Record<KpiId, Indicator>;

export function computeKpi(id: KpiId, data: FlowData | FlowIndex, period: Period, opts?: FlowOptions): Kpi {
  return DEFINITIONS[id](context(data, period, opts));
}

/** All indicators for a period, in the order of KPI_IDS (or of `ids` when given). */
export function computeKpis(data: FlowData | FlowIndex, period: Period, opts?: FlowOptions, ids: readonly KpiId[] = KPI_IDS): Kpi[] {
  const ctx = context(data, period, opts);
  return ids.map((id) => DEFINITIONS[id](ctx));
}
