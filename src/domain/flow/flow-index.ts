import { dayNumber, dayNumberAddMonths } from '../calendar/day-number.ts';
import { workingDaysBetweenDayNumbers } from '../calendar/working-days.ts';
import type { IsoDate } from '../dates.ts';
import type { Assessment, CareLeaver, CinEpisode, ClaEpisode, CpPlan, FlowData, MissingEpisode, Referral, S47 } from './events.ts';

/** Events sorted once by a date, so any period's events are a slice found by binary search. */
export interface DayIndex<T> {
  items: readonly T[];
  /** Day numbers (days since 1970-01-01), ascending, aligned with `items`. */
  days: Int32Array;
}

/** Episodes sorted by start day, with their end days (+Infinity while open). */
export interface EpisodeIndex<T> extends DayIndex<T> {
  endDays: Float64Array;
}

/** Ended episodes sorted by end day, with their start days (NaN when not a date). */
export interface EndedIndex<T> extends DayIndex<T> {
  startDays: Float64Array;
}

/**
 * FlowData sorted and pre-measured once (O(n) bucket sorts), then shared by every indicator
 * and period. Build it with `indexFlowData`; treat the FlowData as immutable afterwards.
 */
export interface FlowIndex {
  kind: 'flow-index';
  contactDays: Int32Array;
  referrals: DayIndex<Referral> & {
    /** Day of the child's latest referral strictly before this one's day (-Infinity if none). */
    previousDays: Float64Array;
    /** Day 12 calendar months before the referral (the start of its look-back window). */
    windowStarts: Int32Array;
  };
  assessments: DayIndex<Assessment> & { workingDays: Float64Array };
  s47Days: Int32Array;
  icpcs: DayIndex<S47> & { workingDays: Float64Array };
  cpByStart: EpisodeIndex<CpPlan>;
  cpByEnd: EndedIndex<CpPlan>;
  cinByStart: EpisodeIndex<CinEpisode>;
  claByStart: EpisodeIndex<ClaEpisode>;
  claByEnd: EndedIndex<ClaEpisode>;
  careLeavers: readonly CareLeaver[];
  missing: DayIndex<MissingEpisode>;
  population: number | null;
}

const indexes = new WeakMap<FlowData, FlowIndex>();

/** Indexes FlowData (memoised per FlowData object). */
export function indexFlowData(data: FlowData | FlowIndex): FlowIndex {
  if (isFlowIndex(data)) return data;
  const hit = indexes.get(data);
  if (hit) return hit;
  const built = buildIndex(data);
  indexes.set(data, built);
  return built;
}

function isFlowIndex(data: FlowData | FlowIndex): data is FlowIndex {
  return 'kind' in data && data.kind === 'flow-index';
}

function buildIndex(data: FlowData): FlowIndex {
  const referrals = sortByDay(data.referrals, (r) => r.referralDate);
  const assessments = sortByDay(data.assessments, (a) => a.authorisedDate);
  const icpcs = sortByDay(data.s47s, (s) => s.icpcDate);
  return {
    kind: 'flow-index',
    contactDays: sortByDay(data.contacts, (c) => c.contactDate).days,
    referrals: { ...referrals, ...referralHistory(referrals) },
    assessments: {
      ...assessments,
      workingDays: durations(assessments, (a) => a.startDate),
    },
    s47Days: sortByDay(data.s47s, (s) => s.strategyDate).days,
    icpcs: { ...icpcs, workingDays: durations(icpcs, (s) => s.strategyDate) },
    cpByStart: episodes(data.cpPlans, (p) => p.startDate, (p) => p.endDate),
    cpByEnd: ended(data.cpPlans, (p) => p.startDate, (p) => p.endDate),
    cinByStart: episodes(data.cinEpisodes, (e) => e.startDate, (e) => e.closureDate),
    claByStart: episodes(data.claEpisodes, (e) => e.startDate, (e) => e.endDate),
    claByEnd: ended(data.claEpisodes, (e) => e.startDate, (e) => e.endDate),
    careLeavers: data.careLeavers,
    missing: sortByDay(data.missingEpisodes ?? [], (m) => m.startDate),
    population: data.population,
  };
}

function referralHistory(sorted: DayIndex<Referral>): { previousDays: Float64Array; windowStarts: Int32Array } {
  const n = sorted.items.length;
  const previousDays = new Float64Array(n);
  const windowStarts = new Int32Array(n);
  const seen = new Map<string, { last: number; beforeLast: number }>();
  for (let i = 0; i < n; i++) {
    const referral = sorted.items[i] as Referral;
    const day = sorted.days[i] as number;
    windowStarts[i] = dayNumberAddMonths(referral.referralDate, -12);
    const child = seen.get(referral.childId);
    if (!child) {
      previousDays[i] = Number.NEGATIVE_INFINITY;
      seen.set(referral.childId, { last: day, beforeLast: Number.NEGATIVE_INFINITY });
    } else if (child.last < day) {
      previousDays[i] = child.last;
      child.beforeLast = child.last;
      child.last = day;
    } else {
      previousDays[i] = child.beforeLast;
    }
  }
  return { previousDays, windowStarts };
}

/** Working days from `startOf` to the indexed day of each item (NaN when the start is not a date). */
function durations<T>(sorted: DayIndex<T>, startOf: (t: T) => IsoDate): Float64Array {
  const out = new Float64Array(sorted.items.length);
  for (let i = 0; i < out.length; i++) {
    const start = dayNumber(startOf(sorted.items[i] as T));
    out[i] = Number.isFinite(start) ? workingDaysBetweenDayNumbers(start, sorted.days[i] as number) : Number.NaN;
  }
  return out;
}

function episodes<T>(items: readonly T[], startOf: (t: T) => IsoDate, endOf: (t: T) => IsoDate | null): EpisodeIndex<T> {
  const sorted = sortByDay(items, startOf);
  const endDays = new Float64Array(sorted.items.length);
  for (let i = 0; i < endDays.length; i++) {
    const end = endOf(sorted.items[i] as T);
    const day = end === null ? Number.NaN : dayNumber(end);
    endDays[i] = Number.isFinite(day) ? day : Number.POSITIVE_INFINITY;
  }
  return { ...sorted, endDays };
}

function ended<T>(items: readonly T[], startOf: (t: T) => IsoDate, endOf: (t: T) => IsoDate | null): EndedIndex<T> {
  const sorted = sortByDay(items, endOf);
  const startDays = new Float64Array(sorted.items.length);
  for (let i = 0; i < startDays.length; i++) startDays[i] = dayNumber(startOf(sorted.items[i] as T));
  return { ...sorted, startDays };
}

/**
 * Stable sort by a date, dropping items whose date is null or not an ISO date. A counting
 * sort over the days spanned (O(n + span)), falling back to a comparison sort for sparse spans.
 */
export function sortByDay<T>(items: readonly T[], dateOf: (t: T) => IsoDate | null): DayIndex<T> {
  const raw = new Float64Array(items.length);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let valid = 0;
  for (let i = 0; i < items.length; i++) {
    const date = dateOf(items[i] as T);
    const day = date === null ? Number.NaN : dayNumber(date);
    raw[i] = day;
    if (Number.isFinite(day)) {
      valid += 1;
      if (day < min) min = day;
      if (day > max) max = day;
    }
  }
  const out: T[] = new Array<T>(valid);
  const days = new Int32Array(valid);
  if (valid === 0) return { items: [], days };
  const span = max - min + 1;
  if (span <= 4 * valid + 100_000) {
    const starts = new Int32Array(span + 1);
    for (let i = 0; i < raw.length; i++) {
      const day = raw[i] as number;
      if (Number.isFinite(day)) starts[day - min + 1] = (starts[day - min + 1] as number) + 1;
    }
    for (let k = 1; k <= span; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number);
    for (let i = 0; i < raw.length; i++) {
      const day = raw[i] as number;
      if (!Number.isFinite(day)) continue;
      const at = starts[day - min] as number;
      starts[day - min] = at + 1;
      out[at] = items[i] as T;
      days[at] = day;
    }
  } else {
    const order: number[] = [];
    for (let i = 0; i < raw.length; i++) if (Number.isFinite(raw[i])) order.push(i);
    order.sort((a, b) => (raw[a] as number) - (raw[b] as number) || a - b);
    order.forEach((i, at) => {
      out[at] = items[i] as T;
      days[at] = raw[i] as number;
    });
  }
  return { items: out, days };
}

/** First index whose day is >= `day`. */
export function lowerBound(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose day is > `day`. */
export function upperBound(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
