import { STATE_COUNT, STATES, STOCK_MEASURES, measureMask, type StateFamily, type StockMeasure } from './states.ts';
import { OPEN, OUT, referralsBetween, type Timeline } from './timeline.ts';

const S = STATE_COUNT;
/** Column of the transition counts that means "left the system". */
export const OUT_COLUMN = S;

/**
 * What the reference window (from, to] shows: days spent in each state (exposure, days from..to-1),
 * moves between states and out of the system, children arriving from outside, and referrals.
 */
export interface WindowCounts {
  from: number;
  to: number;
  days: number;
  exposure: Float64Array;
  /** S × (S + 1): moves from row state to column state; the last column is leaving the system. */
  moves: Float64Array;
  entrants: Float64Array;
  referrals: number;
}

/** Counts the exposure, moves and entrants of the window (from, to] from the timeline. */
export function countWindow(tl: Timeline, from: number, to: number): WindowCounts {
  const exposure = new Float64Array(S);
  const moves = new Float64Array(S * (S + 1));
  const entrants = new Float64Array(S);
  for (let k = 0; k < tl.length; k++) {
    const a = tl.start[k] ?? 0;
    const b = tl.end[k] ?? 0;
    if (b <= from || a > to) continue;
    const s = tl.state[k] ?? 0;
    const lo = a > from ? a : from;
    const hi = b < to ? b : to;
    if (hi > lo) exposure[s] = (exposure[s] ?? 0) + (hi - lo);
    if (a > from && a <= to) {
      const p = tl.prev[k] ?? OUT;
      if (p === OUT) entrants[s] = (entrants[s] ?? 0) + 1;
      else moves[p * (S + 1) + s] = (moves[p * (S + 1) + s] ?? 0) + 1;
    }
    const nx = tl.next[k] ?? OPEN;
    if (nx === OUT && b > from && b <= to) moves[s * (S + 1) + OUT_COLUMN] = (moves[s * (S + 1) + OUT_COLUMN] ?? 0) + 1;
  }
  return { from, to, days: to - from, exposure, moves, entrants, referrals: referralsBetween(tl, from, to) };
}

/**
 * The daily model: from each state, the chance of each move in one day (competing constant
 * hazards: P(stay) = e^(-Λ), P(to d) = λ_d/Λ · (1 - e^(-Λ)), with λ_d = moves ÷ exposure),
 * and the expected children arriving from outside each day in each state (entrants ÷ days).
 */
export interface DailyModel {
  stay: Float64Array;
  /** Per state, the destinations (state indexes) and their daily probabilities; leaving is the remainder. */
  destinations: Int16Array[];
  probabilities: Float64Array[];
  leave: Float64Array;
  arrivals: Float64Array;
  /** Entrants counted in the window per state: how well each arrival rate is known. */
  arrivalCounts: Float64Array;
  referralsPerDay: number;
  referralCount: number;
  /** Days children spent in each state in the window. */
  exposure: Float64Array;
  /** Daily hazard of each move, S × (S + 1), for reading and testing. */
  hazards: Float64Array;
  /** The same one-day chances as a sparse matrix (compressed rows, staying included), for the projection's inner loop. */
  rowStart: Int32Array;
  column: Int16Array;
  chance: Float64Array;
}

export function fitDailyModel(w: WindowCounts): DailyModel {
  const hazards = new Float64Array(S * (S + 1));
  const pooledExposure = new Map<StateFamily, number>();
  const pooledOut = new Map<StateFamily, number>();
  for (const st of STATES) {
    pooledExposure.set(st.family, (pooledExposure.get(st.family) ?? 0) + (w.exposure[st.index] ?? 0));
    pooledOut.set(st.family, (pooledOut.get(st.family) ?? 0) + (w.moves[st.index * (S + 1) + OUT_COLUMN] ?? 0));
  }
  const stay = new Float64Array(S);
  const leave = new Float64Array(S);
  const destinations: Int16Array[] = [];
  const probabilities: Float64Array[] = [];
  for (let s = 0; s < S; s++) {
    const e = w.exposure[s] ?? 0;
    const dest: number[] = [];
    const rate: number[] = [];
    let outRate = 0;
    if (e > 0) {
      for (let d = 0; d <= S; d++) {
        const m = w.moves[s * (S + 1) + d] ?? 0;
        if (m === 0 || d === s) continue;
        const h = m / e;
        hazards[s * (S + 1) + d] = h;
        if (d === OUT_COLUMN) outRate = h;
        else { dest.push(d); rate.push(h); }
      }
    } else {
      // Nobody spent a day in this state in the window: borrow the family's rate of leaving.
      const family = STATES[s]?.family ?? 'cin';
      const pe = pooledExposure.get(family) ?? 0;
      outRate = pe > 0 ? (pooledOut.get(family) ?? 0) / pe : 0;
      hazards[s * (S + 1) + OUT_COLUMN] = outRate;
    }
    const total = rate.reduce((a, b) => a + b, 0) + outRate;
    const pStay = Math.exp(-total);
    const moved = 1 - pStay;
    stay[s] = pStay;
    leave[s] = total > 0 ? (outRate / total) * moved : 0;
    destinations.push(Int16Array.from(dest));
    probabilities.push(Float64Array.from(rate, (h) => (h / total) * moved));
  }
  const arrivals = new Float64Array(S);
  for (let s = 0; s < S; s++) arrivals[s] = w.days > 0 ? (w.entrants[s] ?? 0) / w.days : 0;
  const rowStart = new Int32Array(S + 1);
  const column: number[] = [];
  const chance: number[] = [];
  for (let s = 0; s < S; s++) {
    rowStart[s] = column.length;
    if ((stay[s] ?? 0) > 0) { column.push(s); chance.push(stay[s] ?? 0); }
    const dest = destinations[s] ?? new Int16Array(0);
    const prob = probabilities[s] ?? new Float64Array(0);
    for (let q = 0; q < dest.length; q++) if ((prob[q] ?? 0) > 0) { column.push(dest[q] ?? 0); chance.push(prob[q] ?? 0); }
  }
  rowStart[S] = column.length;
  return {
    stay, destinations, probabilities, leave, arrivals, arrivalCounts: w.entrants, referralsPerDay: w.days > 0 ? w.referrals / w.days : 0, referralCount: w.referrals, hazards, exposure: w.exposure,
    rowStart, column: Int16Array.from(column), chance: Float64Array.from(chance),
  };
}

export interface MeasureMoment {
  mean: number;
  variance: number;
}

/** The projection at one output day: per-state means, each stock measure's mean and variance, and the flows since the origin. */
export interface ProjectedDay {
  day: number;
  stateMeans: Float64Array;
  measures: Record<StockMeasure, MeasureMoment>;
  /** Expected children arriving from outside, and leaving the system, from the origin to this day. */
  arrived: number;
  left: number;
}

const MASKS: Record<StockMeasure, Uint8Array> = Object.fromEntries(STOCK_MEASURES.map((m) => [m, measureMask(m)])) as Record<StockMeasure, Uint8Array>;

/**
 * Runs the daily model forward from `stock` on day `origin` to each of `outputDays` (ascending).
 * Mean: x(t+1) = x(t)·P + a. Variance of a measure A (a set of states): each child in the
 * stock moves independently (multinomial: Σ_i n_i p_iA(1 − p_iA)), arrivals are Poisson and
 * thinned by the same chain (variance = their mean), and each arrival rate is only known from
 * N_k entrants in the window (adds (a_k c_kA)² / N_k).
 */
export function project(model: DailyModel, stock: Float64Array, origin: number, outputDays: readonly number[]): ProjectedDay[] {
  // Only states a child can be in over the horizon are carried: those with children or
  // arrivals, and every state reachable from them. Most councils leave many states empty.
  const active = new Int16Array(S).fill(-1);
  const states: number[] = [];
  const visit = (s: number) => {
    if (active[s] !== -1) return;
    active[s] = states.length;
    states.push(s);
  };
  for (let s = 0; s < S; s++) if ((stock[s] ?? 0) > 0 || (model.arrivals[s] ?? 0) > 0) visit(s);
  const rows = states.slice();
  for (let k = 0; k < states.length; k++) {
    const s = states[k]!;
    for (let q = model.rowStart[s]!, e = model.rowStart[s + 1]!; q < e; q++) visit(model.column[q]!);
  }
  const A = states.length;
  const K = rows.length;
  const rowStart = new Int32Array(A + 1);
  const column: number[] = [];
  const chance: number[] = [];
  const leave = new Float64Array(A);
  const arrivals = new Float64Array(A);
  states.forEach((s, i) => {
    rowStart[i] = column.length;
    for (let q = model.rowStart[s]!, e = model.rowStart[s + 1]!; q < e; q++) { column.push(active[model.column[q]!]!); chance.push(model.chance[q]!); }
    leave[i] = model.leave[s]!;
    arrivals[i] = model.arrivals[s]!;
  });
  rowStart[A] = column.length;
  const col = Int16Array.from(column);
  const p = Float64Array.from(chance);
  let R = new Float64Array(K * A);
  let next = new Float64Array(K * A);
  const C = new Float64Array(K * A);
  for (let r = 0; r < K; r++) R[r * A + r] = 1;
  let x = Float64Array.from(states, (s) => stock[s]!);
  let nx = new Float64Array(A);
  let arrived = 0;
  let left = 0;
  const arrivalsPerDay = arrivals.reduce((sum, v) => sum + v, 0);
  const out: ProjectedDay[] = [];
  const last = outputDays.length === 0 ? origin : (outputDays[outputDays.length - 1] ?? origin);
  const full = (local: Float64Array) => {
    const v = new Float64Array(S);
    states.forEach((s, i) => { v[s] = local[i]!; });
    return v;
  };
  let o = 0;
  while (o < outputDays.length && (outputDays[o] ?? 0) <= origin) {
    out.push({ day: outputDays[o] ?? origin, stateMeans: Float64Array.from(stock), measures: moments(model, stock, states, rows, R, C, A, stock), arrived: 0, left: 0 });
    o++;
  }
  for (let t = origin + 1; t <= last; t++) {
    for (let i = 0; i < K * A; i++) C[i]! += R[i]!;
    next.fill(0);
    for (let r = 0; r < K; r++) {
      const base = r * A;
      for (let j = 0; j < A; j++) {
        const v = R[base + j]!;
        if (v === 0) continue;
        for (let q = rowStart[j]!, e = rowStart[j + 1]!; q < e; q++) next[base + col[q]!]! += v * p[q]!;
      }
    }
    [R, next] = [next, R];
    nx.fill(0);
    let leaving = 0;
    for (let j = 0; j < A; j++) {
      const v = x[j]!;
      if (v === 0) continue;
      leaving += v * leave[j]!;
      for (let q = rowStart[j]!, e = rowStart[j + 1]!; q < e; q++) nx[col[q]!]! += v * p[q]!;
    }
    for (let j = 0; j < A; j++) nx[j]! += arrivals[j]!;
    [x, nx] = [nx, x];
    arrived += arrivalsPerDay;
    left += leaving;
    while (o < outputDays.length && outputDays[o] === t) {
      const means = full(x);
      out.push({ day: t, stateMeans: means, measures: moments(model, stock, states, rows, R, C, A, means), arrived, left });
      o++;
    }
  }
  return out;
}

function moments(model: DailyModel, stock: Float64Array, states: readonly number[], rows: readonly number[], R: Float64Array, C: Float64Array, A: number, x: Float64Array): Record<StockMeasure, MeasureMoment> {
  const result = {} as Record<StockMeasure, MeasureMoment>;
  for (const m of STOCK_MEASURES) {
    const mask = MASKS[m];
    let mean = 0;
    for (let j = 0; j < S; j++) if (mask[j] === 1) mean += x[j]!;
    let variance = 0;
    for (let r = 0; r < rows.length; r++) {
      const s = rows[r]!;
      let pA = 0;
      let cA = 0;
      for (let j = 0; j < A; j++) {
        if (mask[states[j]!] !== 1) continue;
        pA += R[r * A + j]!;
        cA += C[r * A + j]!;
      }
      const n = stock[s]!;
      const a = model.arrivals[s]!;
      variance += n * pA * (1 - pA);
      const fromArrivals = a * cA;
      variance += fromArrivals + (fromArrivals * fromArrivals) / Math.max(1, model.arrivalCounts[s]!);
    }
    result[m] = { mean, variance: Math.max(0, variance) };
  }
  return result;
}

/** Expected referrals over `days` days and the variance: Poisson, plus the rate known only from N referrals. */
export function referralMoment(model: DailyModel, days: number): MeasureMoment {
  const mean = model.referralsPerDay * days;
  return { mean, variance: mean + (mean * mean) / Math.max(1, model.referralCount) };
}
