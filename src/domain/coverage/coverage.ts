import { addMonths } from '../calendar/day-number.ts';
import type { IsoDate } from '../dates.ts';
import { addDays, monthEnd } from '../dates.ts';

/**
 * What a loaded source can vouch for. Each Annex A list is its own family (an extract can hold
 * six months of contacts but twelve of adoptions); the workforce sources and the statutory
 * returns are families too.
 */
export const COVERAGE_FAMILIES = [
  'contacts',
  'early_help',
  'referrals',
  'assessments',
  's47',
  'cin',
  'cp',
  'cla',
  'care_leavers',
  'adoption',
  'adopters',
  'allocations',
  'roster',
  'csww',
] as const;
export type CoverageFamily = (typeof COVERAGE_FAMILIES)[number];

export function isCoverageFamily(value: string): value is CoverageFamily {
  return (COVERAGE_FAMILIES as readonly string[]).includes(value);
}

/** Both ends inclusive. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** One batch's window for one family. */
export interface CoverageWindow extends DateRange {
  family: CoverageFamily;
}

export type Coverage = 'full' | 'partial' | 'none';

export interface PeriodCoverage {
  coverage: Coverage;
  /** The covered part of the period (the latest unbroken stretch when there are gaps); null when none. */
  covered: DateRange | null;
}

/**
 * The months each Annex A list reaches back before the extract date, from Ofsted's ILACS Annex A
 * guidance (docs/formats/annex-a.md cites it): contacts, early help assessments, referrals,
 * assessments, section 47 enquiries, children in need, child protection and children in care six
 * months (the last four also list every case open at the extract date, so a stock on any date in
 * the window is complete); adoption and adopters twelve months. Care leavers are the young people
 * receiving a service at the extract date only: 0 months, the extract date alone.
 */
export const ANNEX_A_WINDOW_MONTHS: Readonly<Record<number, { family: CoverageFamily; months: number }>> = {
  1: { family: 'contacts', months: 6 },
  2: { family: 'early_help', months: 6 },
  3: { family: 'referrals', months: 6 },
  4: { family: 'assessments', months: 6 },
  5: { family: 's47', months: 6 },
  6: { family: 'cin', months: 6 },
  7: { family: 'cp', months: 6 },
  8: { family: 'cla', months: 6 },
  9: { family: 'care_leavers', months: 0 },
  10: { family: 'adoption', months: 12 },
  11: { family: 'adopters', months: 12 },
};

/**
 * The first day a window of `months` before `extractDate` covers: the day after the same date
 * `months` earlier (six months to 31 March 2024 start on 1 October 2023). With 0 months, the
 * extract date itself.
 */
export function windowStart(extractDate: IsoDate, months: number): IsoDate {
  if (months <= 0) return extractDate;
  const back = extractDate === monthEnd(extractDate) ? monthEnd(addMonths(extractDate, -months)) : addMonths(extractDate, -months);
  return addDays(back, 1);
}

/**
 * The windows one Annex A extract covers, one per list it held: each list's guidance window
 * before the extract date, or from `coversFrom` when the council says its extract reaches further
 * back (never later than the guidance window, and never for care leavers, a status list).
 */
export function annexAWindows(extractDate: IsoDate, lists: readonly number[], coversFrom?: IsoDate | null): CoverageWindow[] {
  const out: CoverageWindow[] = [];
  for (const list of lists) {
    const rule = ANNEX_A_WINDOW_MONTHS[list];
    if (!rule) continue;
    const guidance = windowStart(extractDate, rule.months);
    const from = coversFrom && rule.months > 0 && coversFrom < guidance ? coversFrom : guidance;
    out.push({ family: rule.family, from, to: extractDate });
  }
  return out;
}

/** The collection year of a statutory return: 1 April of `startYear` to 31 March the year after. */
export function collectionYearWindow(family: CoverageFamily, startYear: number): CoverageWindow {
  return { family, from: `${startYear}-04-01`, to: `${startYear + 1}-03-31` };
}

/** The windows of one family merged: overlapping or touching windows become one, earliest first. */
export function mergeWindows(windows: readonly DateRange[]): DateRange[] {
  const sorted = [...windows].filter((w) => w.from <= w.to).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: DateRange[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w.from <= addDays(last.to, 1)) {
      if (w.to > last.to) last.to = w.to;
    } else out.push({ from: w.from, to: w.to });
  }
  return out;
}

/**
 * The coverage of every family for one LA: the union of its batches' windows. Pure: built from
 * the rows the repository returns.
 */
export class CoverageIndex {
  private readonly byFamily = new Map<CoverageFamily, DateRange[]>();

  constructor(windows: readonly CoverageWindow[]) {
    const grouped = new Map<CoverageFamily, DateRange[]>();
    for (const w of windows) grouped.set(w.family, [...(grouped.get(w.family) ?? []), w]);
    for (const [family, list] of grouped) this.byFamily.set(family, mergeWindows(list));
  }

  /** Everything covered, for data loaded before coverage was recorded and for tests of other rules. */
  static everything(): CoverageIndex {
    return new CoverageIndex(COVERAGE_FAMILIES.map((family) => ({ family, from: '0001-01-01', to: '9999-12-31' })));
  }

  ranges(family: CoverageFamily): readonly DateRange[] {
    return this.byFamily.get(family) ?? [];
  }

  /** The first and last day any window of the families covers; null when none. */
  span(families: readonly CoverageFamily[] = COVERAGE_FAMILIES): DateRange | null {
    let from: IsoDate | null = null;
    let to: IsoDate | null = null;
    for (const f of families) {
      for (const r of this.ranges(f)) {
        if (from === null || r.from < from) from = r.from;
        if (to === null || r.to > to) to = r.to;
      }
    }
    return from === null || to === null ? null : { from, to };
  }

  /** Events dated in the period are all loaded only when every family's coverage holds the whole period. */
  events(families: readonly CoverageFamily[], period: DateRange): PeriodCoverage {
    let ranges: DateRange[] = [{ from: period.from, to: period.to }];
    for (const f of families) ranges = intersect(ranges, this.ranges(f));
    if (ranges.length === 0) return { coverage: 'none', covered: null };
    const first = ranges[0] as DateRange;
    if (ranges.length === 1 && first.from === period.from && first.to === period.to) return { coverage: 'full', covered: first };
    return { coverage: 'partial', covered: ranges[ranges.length - 1] as DateRange };
  }

  /** A stock (open on a date) is complete only when every family's coverage holds that date. */
  stock(families: readonly CoverageFamily[], date: IsoDate): PeriodCoverage {
    const held = families.every((f) => this.ranges(f).some((r) => r.from <= date && date <= r.to));
    return held ? { coverage: 'full', covered: { from: date, to: date } } : { coverage: 'none', covered: null };
  }
}

function intersect(a: readonly DateRange[], b: readonly DateRange[]): DateRange[] {
  const out: DateRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const from = x.from > y.from ? x.from : y.from;
      const to = x.to < y.to ? x.to : y.to;
      if (from <= to) out.push({ from, to });
    }
  }
  return mergeWindows(out);
}
