import { dayNumber, dayNumberAddMonths } from '../calendar/day-number.ts';
import type { IsoDate } from '../dates.ts';
import { ageBandFor, BAND_BIRTHDAYS, isShortBreak, placementGroupOf, stateIndex, type StateFamily } from './states.ts';
import type { ChildHistory, Episode, HistorySet } from './types.ts';

/** Marks a segment still open on the last day the timeline knows. */
export const OPEN = -2;
/** Out of the system (before a first episode, between episodes, after the last). */
export const OUT = -1;

/**
 * Every child's days in each state as flat segments, as known on `asOf`: segment k covers days
 * [start[k], end[k]) in `state[k]`, entered from `prev[k]` (OUT when the child came from outside)
 * and left for `next[k]` (OUT, another state, or OPEN when still running on `asOf`).
 */
export interface Timeline {
  asOf: number;
  start: Int32Array;
  end: Int32Array;
  state: Int16Array;
  prev: Int16Array;
  next: Int16Array;
  length: number;
  /** Referral days, sorted. */
  referrals: Int32Array;
}

interface DayEpisode {
  family: StateFamily;
  start: number;
  end: number;
  group: ReturnType<typeof placementGroupOf>;
}

const PRIORITY: Record<StateFamily, number> = { cla: 0, care_leaver: 1, cp: 2, cin: 3, assessment: 4 };

/**
 * The history as it stood on `asOf`: episodes starting later are ignored, and an end after
 * `asOf` is not yet known, so the episode is open. Referrals after `asOf` are dropped.
 */
export function asKnownOn(history: HistorySet, asOf: IsoDate): HistorySet {
  const children: ChildHistory[] = [];
  for (const child of history.children) {
    const episodes: Episode[] = [];
    for (const e of child.episodes) {
      if (e.start > asOf) continue;
      episodes.push(e.end !== null && e.end > asOf ? { ...e, end: null } : e);
    }
    children.push({ ...child, episodes, referrals: child.referrals.filter((d) => d <= asOf) });
  }
  return { ...history, to: asOf < history.to ? asOf : history.to, children };
}

/** Builds the timeline of every child's states up to and including `asOf` (segments end at asOf + 1 at the latest). */
export function buildTimeline(children: readonly ChildHistory[], asOfDate: IsoDate): Timeline {
  const asOf = dayNumber(asOfDate);
  const horizon = asOf + 1;
  let cap = 1024;
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let state = new Int16Array(cap);
  let prev = new Int16Array(cap);
  let next = new Int16Array(cap);
  let n = 0;
  const push = (s: number, e: number, st: number, p: number) => {
    if (n === cap) {
      cap *= 2;
      const grow32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
      const grow16 = (a: Int16Array) => { const b = new Int16Array(cap); b.set(a); return b; };
      start = grow32(start); end = grow32(end); state = grow16(state); prev = grow16(prev); next = grow16(next);
    }
    start[n] = s; end[n] = e; state[n] = st; prev[n] = p; next[n] = OPEN;
    n++;
  };
  const referralDays: number[] = [];
  const episodes: DayEpisode[] = [];
  const points: number[] = [];
  for (const child of children) {
    for (const r of child.referrals) {
      const d = dayNumber(r);
      if (d <= asOf) referralDays.push(d);
    }
    episodes.length = 0;
    for (const e of child.episodes) {
      if (e.kind === 'cla' && isShortBreak(e.legalStatus)) continue;
      const s = dayNumber(e.start);
      if (!Number.isFinite(s) || s > asOf) continue;
      const rawEnd = e.end === null ? Number.NaN : dayNumber(e.end);
      const en = Number.isFinite(rawEnd) && rawEnd <= asOf ? rawEnd : horizon;
      if (en <= s) continue;
      episodes.push({ family: e.kind, start: s, end: en, group: placementGroupOf(e.placementType) });
    }
    if (episodes.length === 0) continue;
    points.length = 0;
    for (const e of episodes) points.push(e.start, e.end);
    const dob = child.dateOfBirth;
    const birthdays = dob === null || !Number.isFinite(dayNumber(dob)) ? null : BAND_BIRTHDAYS.map((age) => dayNumberAddMonths(dob, age * 12));
    if (birthdays !== null) for (const b of birthdays) points.push(b);
    points.sort((a, b) => a - b);
    let current = OUT;
    let last = Number.NaN;
    for (const t of points) {
      if (t === last || t > asOf) continue;
      last = t;
      const s = stateAt(episodes, t, birthdays);
      if (s === current) continue;
      if (current !== OUT) {
        end[n - 1] = t;
        next[n - 1] = s;
      }
      if (s !== OUT) {
        push(t, horizon, s, current);
      }
      current = s;
    }
  }
  referralDays.sort((a, b) => a - b);
  return { asOf, start, end, state, prev, next, length: n, referrals: Int32Array.from(referralDays) };
}

function stateAt(episodes: readonly DayEpisode[], day: number, birthdays: readonly number[] | null): number {
  let best: DayEpisode | null = null;
  for (const e of episodes) {
    if (e.start <= day && day < e.end && (best === null || PRIORITY[e.family] < PRIORITY[best.family] || (PRIORITY[e.family] === PRIORITY[best.family] && e.start > best.start))) best = e;
  }
  if (best === null) return OUT;
  if (best.family === 'care_leaver') return stateIndex('care_leaver', null, null);
  let age: number | null = null;
  if (birthdays !== null) {
    age = 0;
    for (let i = 0; i < birthdays.length; i++) if (day >= (birthdays[i] ?? Infinity)) age = BAND_BIRTHDAYS[i] ?? age;
  }
  return stateIndex(best.family, ageBandFor(age), best.family === 'cla' ? best.group : null);
}

/** Children in each state on `day` (the state a child is in from that day on). */
export function stockOn(timeline: Timeline, day: number, into: Float64Array): Float64Array {
  into.fill(0);
  for (let k = 0; k < timeline.length; k++) {
    if ((timeline.start[k] ?? 0) <= day && day < (timeline.end[k] ?? 0)) {
      const s = timeline.state[k] ?? 0;
      into[s] = (into[s] ?? 0) + 1;
    }
  }
  return into;
}

/** Referrals with a date in (from, to]. */
export function referralsBetween(timeline: Timeline, from: number, to: number): number {
  return upperBound(timeline.referrals, to) - upperBound(timeline.referrals, from);
}

function upperBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
