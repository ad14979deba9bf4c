import { dayNumber, dayNumberAddMonths, fromDayNumber } from '../calendar/day-number.ts';
import type { ClaEpisode, CpPlan } from './events.ts';
import type { FlowIndex } from './flow-index.ts';
import { lowerBound, upperBound } from './flow-index.ts';
import { percent, RETURN_KPI_IDS, type BetterWhen, type Kpi, type KpiId, type ReturnKpiId } from './kpi.ts';

export { RETURN_KPI_IDS, type ReturnKpiId };

/**
 * Indicators that need the detail only the statutory returns hold (SSDA903 placements, social
 * worker episodes, UASC, missing episodes, OC3 ages; CIN census plan lengths). From Annex A alone
 * their denominators are 0 and their values null ("no data"). Definitions: docs/kpi-definitions.md.
 */

export interface ReturnIndicatorContext {
  ix: FlowIndex;
  /** First and last day of the period (day numbers). */
  from: number;
  to: number;
  openCla: ReadonlyMap<string, { item: ClaEpisode; startDay: number }>;
  openCp: ReadonlyMap<string, { item: CpPlan; startDay: number }>;
}

function count(id: KpiId, label: string, n: number): Kpi {
  return { id, label, numerator: n, denominator: null, value: n, unit: 'count', betterWhen: 'neutral' };
}

function pct(id: KpiId, label: string, numerator: number, denominator: number, betterWhen: BetterWhen): Kpi {
  return { id, label, numerator, denominator, value: percent(numerator, denominator), unit: 'percent', betterWhen };
}

const monthsBefore = (day: number, months: number) => dayNumberAddMonths(fromDayNumber(day), -months);

/** Age in whole years on a day. */
function ageOn(dob: string, day: number): number {
  const on = fromDayNumber(day);
  const years = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  return on.slice(5) < dob.slice(5) ? years - 1 : years;
}

/** Age at the child's birthday that falls in the period (DfE care leaver age bands: age on their birthday in the year). */
function ageAtBirthdayIn(dob: string, to: number): number {
  // The birthday in the 12 months ending on `to`: this year's, unless that is after `to`.
  const end = fromDayNumber(to);
  const year = Number(end.slice(0, 4));
  const birthdayYear = dob.slice(5) <= end.slice(5) ? year : year - 1;
  return birthdayYear - Number(dob.slice(0, 4));
}

/** Plans open at the end, counted by how long they had lasted (DfE table D5 bands, calendar months). */
function cpBand(ctx: ReturnIndicatorContext, lowMonths: number, highMonths: number | null): number {
  // Lasted "more than low months" up to and including "high months" (for the first band: 3 months or less).
  const lowDay = lowMonths === 0 ? Number.POSITIVE_INFINITY : monthsBefore(ctx.to, lowMonths);
  const highDay = highMonths === null ? Number.NEGATIVE_INFINITY : monthsBefore(ctx.to, highMonths);
  let n = 0;
  for (const { startDay } of ctx.openCp.values()) {
    const longerThanLow = lowMonths === 0 || startDay < lowDay;
    const notLongerThanHigh = highMonths === null || startDay >= highDay;
    if (longerThanLow && notLongerThanHigh) n += 1;
  }
  return n;
}

function careLeavers(ctx: ReturnIndicatorContext, low: number, high: number) {
  return ctx.ix.careLeavers.filter((c) => c.dateOfBirth && ((a) => a >= low && a <= high)(ageAtBirthdayIn(c.dateOfBirth, ctx.to)));
}

const isEet = (activity: string | null) => /^[FP]/.test(activity?.trim().toUpperCase() ?? '');

export const RETURN_DEFINITIONS: Record<ReturnKpiId, (ctx: ReturnIndicatorContext) => Kpi> = {
  // DfE Children looked after in England, "LA - Placement stability": children looked after
  // continuously for at least 2.5 years at 31 March, aged under 16, living in the same placement for at least 2 years.
  cla_long_term_stability: (ctx) => {
    const lookedAfterSince = monthsBefore(ctx.to, 30);
    const placedSince = monthsBefore(ctx.to, 24);
    let n = 0;
    let d = 0;
    for (const { item } of ctx.openCla.values()) {
      if (!item.placements || !item.dateOfBirth) continue;
      if (dayNumber(item.startDate) > lookedAfterSince || ageOn(item.dateOfBirth, ctx.to) >= 16) continue;
      d += 1;
      const current = item.placements[item.placements.length - 1];
      if (current && dayNumber(current.startDate) <= placedSince) n += 1;
    }
    return pct('cla_long_term_stability', 'Children looked after for 2.5 years or more and under 16, in the same placement for 2 years or more', n, d, 'higher');
  },
  // DfE Children looked after in England: unaccompanied asylum-seeking children looked after at 31 March.
  cla_uasc_at_end: (ctx) => {
    let n = 0;
    for (const { item } of ctx.openCla.values()) if (item.uasc) n += 1;
    return count('cla_uasc_at_end', 'Unaccompanied asylum-seeking children looked after at the end of the period', n);
  },
  // DfE Children looked after in England, "Missing": children looked after during the year who had a missing incident.
  cla_missing: (ctx) => {
    const lo = lowerBound(ctx.ix.missing.days, ctx.from);
    const hi = upperBound(ctx.ix.missing.days, ctx.to);
    const went = new Set<string>();
    for (let i = lo; i < hi; i++) {
      const m = ctx.ix.missing.items[i];
      if (m && m.kind === 'M') went.add(m.childId);
    }
    const during = new Set<string>();
    const cla = ctx.ix.claByStart;
    const end = upperBound(cla.days, ctx.to);
    for (let i = 0; i < end; i++) if ((cla.endDays[i] as number) > ctx.from) during.add((cla.items[i] as ClaEpisode).childId);
    const hasData = ctx.ix.missing.items.length > 0;
    return pct('cla_missing', 'Children looked after during the period who went missing', hasData ? [...went].filter((c) => during.has(c)).length : 0, hasData ? during.size : 0, 'lower');
  },
  // DfE Children looked after in England, "LA - Social worker changes": children looked after at 31 March with 3 or more social workers during the year.
  cla_3plus_social_workers: (ctx) => {
    let n = 0;
    let d = 0;
    for (const { item } of ctx.openCla.values()) {
      if (!item.socialWorkers) continue;
      d += 1;
      const workers = new Set(item.socialWorkers.filter((s) => dayNumber(s.startDate) <= ctx.to && (s.endDate === null || dayNumber(s.endDate) > ctx.from)).map((s) => s.workerId));
      if (workers.size >= 3) n += 1;
    }
    return pct('cla_3plus_social_workers', 'Children looked after at the end of the period with 3 or more social workers during the year', n, d, 'lower');
  },
  // DfE Characteristics of children in need, table D5: child protection plans at 31 March by length.
  cp_open_3m_or_less: (ctx) => count('cp_open_3m_or_less', 'Child protection plans open at the end of the period for 3 months or less', cpBand(ctx, 0, 3)),
  cp_open_3m_to_6m: (ctx) => count('cp_open_3m_to_6m', 'Child protection plans open for more than 3 months up to 6 months', cpBand(ctx, 3, 6)),
  cp_open_6m_to_1y: (ctx) => count('cp_open_6m_to_1y', 'Child protection plans open for more than 6 months and less than 1 year', cpBand(ctx, 6, 12) - exactlyMonths(ctx, 12)),
  cp_open_1y_to_2y: (ctx) => count('cp_open_1y_to_2y', 'Child protection plans open for 1 year and less than 2 years', cpBand(ctx, 12, 24) + exactlyMonths(ctx, 12) - exactlyMonths(ctx, 24)),
  cp_open_2y_or_more: (ctx) => count('cp_open_2y_or_more', 'Child protection plans open for 2 years or more', cpBand(ctx, 24, null) + exactlyMonths(ctx, 24)),
  // DfE Children looked after in England, "LA - Care leavers": 17 to 18 and 19 to 21 year olds (age on their birthday in the year), from the OC3 table.
  care_leavers_17_18_suitable_accommodation: (ctx) => {
    const c = careLeavers(ctx, 17, 18);
    return pct('care_leavers_17_18_suitable_accommodation', 'Care leavers aged 17 to 18 in suitable accommodation', c.filter((x) => x.accommodationSuitable === true).length, c.length, 'higher');
  },
  care_leavers_17_18_eet: (ctx) => {
    const c = careLeavers(ctx, 17, 18);
    return pct('care_leavers_17_18_eet', 'Care leavers aged 17 to 18 in education, employment or training', c.filter((x) => isEet(x.activity)).length, c.length, 'higher');
  },
  care_leavers_19_21_suitable_accommodation: (ctx) => {
    const c = careLeavers(ctx, 19, 21);
    return pct('care_leavers_19_21_suitable_accommodation', 'Care leavers aged 19 to 21 in suitable accommodation', c.filter((x) => x.accommodationSuitable === true).length, c.length, 'higher');
  },
  care_leavers_19_21_eet: (ctx) => {
    const c = careLeavers(ctx, 19, 21);
    return pct('care_leavers_19_21_eet', 'Care leavers aged 19 to 21 in education, employment or training', c.filter((x) => isEet(x.activity)).length, c.length, 'higher');
  },
};

/** Plans that had lasted exactly `months` calendar months at the end ("1 year" starts the 1-2 year band). */
function exactlyMonths(ctx: ReturnIndicatorContext, months: number): number {
  const day = monthsBefore(ctx.to, months);
  let n = 0;
  for (const { startDay } of ctx.openCp.values()) if (startDay === day) n += 1;
  return n;
}

/**
 * Placements a child had during the period (SSDA903): each placement of any of the child's
 * periods of care that was open on a day of the period. Null when the episodes carry no placements.
 */
export function placementsDuring(periods: readonly ClaEpisode[], from: number, to: number): number | null {
  let n = 0;
  for (const p of periods) {
    if (!p.placements) return null;
    for (const pl of p.placements) if (dayNumber(pl.startDate) <= to && (pl.endDate === null || dayNumber(pl.endDate) > from)) n += 1;
  }
  return n;
}
