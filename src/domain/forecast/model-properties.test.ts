import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast } from './forecast.ts';
import { fitDailyModel, project, type WindowCounts } from './model.ts';
import { STATE_COUNT, STOCK_MEASURES } from './states.ts';
import { asKnownOn } from './timeline.ts';
import type { ChildHistory, HistorySet } from './types.ts';

const S = STATE_COUNT;
const ORIGIN = 20_000;

/** A random window: days spent in a few states, moves between them and out, and entrants. */
const windowArb = fc
  .record({
    days: fc.integer({ min: 30, max: 1100 }),
    occupied: fc.uniqueArray(fc.integer({ min: 0, max: S - 1 }), { minLength: 1, maxLength: 12 }),
    seed: fc.array(fc.nat({ max: 40 }), { minLength: 64, maxLength: 64 }),
  })
  .map(({ days, occupied, seed }): { counts: WindowCounts; stock: Float64Array } => {
    const exposure = new Float64Array(S);
    const moves = new Float64Array(S * (S + 1));
    const entrants = new Float64Array(S);
    const stock = new Float64Array(S);
    occupied.forEach((s, i) => {
      const at = (k: number) => seed[(i * 5 + k) % seed.length] ?? 0;
      exposure[s] = (1 + at(0)) * days;
      moves[s * (S + 1) + S] = at(1) * 3;
      const to = occupied[(i + 1) % occupied.length] ?? s;
      if (to !== s) moves[s * (S + 1) + to] = at(2);
      entrants[s] = at(3) * 2;
      stock[s] = at(4) * 5;
    });
    return { counts: { from: ORIGIN - days, to: ORIGIN, days, exposure, moves, entrants, referrals: seed[0] ?? 0 }, stock };
  });

const monthEnds = (n: number) => Array.from({ length: n }, (_, i) => ORIGIN + 30 * (i + 1));

describe('stock-flow model: properties', () => {
  it('conserves children: stock now = stock at the origin + arrivals - leavers', () => {
    fc.assert(
      fc.property(windowArb, ({ counts, stock }) => {
        const model = fitDailyModel(counts);
        const start = stock.reduce((a, b) => a + b, 0);
        for (const day of project(model, stock, ORIGIN, monthEnds(12))) {
          const total = day.stateMeans.reduce((a, b) => a + b, 0);
          expect(Math.abs(total - (start + day.arrived - day.left))).toBeLessThan(1e-6 * Math.max(1, total));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never gives a negative stock or a negative lower bound', () => {
    fc.assert(
      fc.property(windowArb, ({ counts, stock }) => {
        for (const day of project(fitDailyModel(counts), stock, ORIGIN, monthEnds(24))) {
          for (const v of day.stateMeans) expect(v).toBeGreaterThanOrEqual(-1e-9);
          for (const m of STOCK_MEASURES) expect(day.measures[m].variance).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('widens the interval with the horizon for a council in a steady state (children arriving as fast as they leave)', () => {
    fc.assert(
      fc.property(windowArb, ({ counts }) => {
        counts.exposure.forEach((e, s) => { if (e > 0) counts.entrants[s] = (counts.entrants[s] ?? 0) + 1; });
        const model = fitDailyModel(counts);
        const settled = project(model, new Float64Array(S), ORIGIN, [ORIGIN + 20_000])[0]?.stateMeans ?? new Float64Array(S);
        const days = project(model, settled, ORIGIN, monthEnds(24));
        for (const m of STOCK_MEASURES) {
          const sds = days.map((d) => Math.sqrt(d.measures[m].variance));
          for (let i = 1; i < sds.length; i++) expect(sds[i] ?? 0).toBeGreaterThanOrEqual((sds[i - 1] ?? 0) - 1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic: the same window and stock give the same figures', () => {
    fc.assert(
      fc.property(windowArb, ({ counts, stock }) => {
        const a = project(fitDailyModel(counts), stock, ORIGIN, monthEnds(6));
        const b = project(fitDailyModel(counts), stock, ORIGIN, monthEnds(6));
        expect(b).toEqual(a);
      }),
      { numRuns: 20 },
    );
  });
});

/** Random small councils: children with a few episodes over three years. */
const historyArb = fc
  .array(
    fc.record({
      dobOffset: fc.integer({ min: 0, max: 17 * 365 }),
      episodes: fc.array(
        fc.record({
          kind: fc.constantFrom('assessment', 'cin', 'cp', 'cla', 'care_leaver'),
          start: fc.integer({ min: 0, max: 1000 }),
          length: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }),
          placement: fc.constantFrom('U1', 'K2', 'P1', 'A4', 'H5', 'Z1', null),
          legal: fc.constantFrom('C2', 'V2', 'V3', null),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      referrals: fc.array(fc.integer({ min: 0, max: 1095 }), { maxLength: 3 }),
    }),
    { minLength: 5, maxLength: 60 },
  )
  .map((rows): HistorySet => {
    const day = (n: number) => new Date(Date.UTC(2022, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const children: ChildHistory[] = rows.map((r, i) => ({
      childId: String(i),
      dateOfBirth: day(-r.dobOffset),
      referrals: r.referrals.map(day),
      episodes: r.episodes.map((e) => ({ kind: e.kind, start: day(e.start), end: e.length === null ? null : day(e.start + e.length), placementType: e.placement, legalStatus: e.legal })),
    }));
    return { laCode: '999', from: day(0), to: day(1095), children, sources: ['generated'] };
  });

describe('forecast: what was known on the origin', () => {
  it('gives the same forecast from the full history as from the history cut at the origin', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 200, max: 1095 }), (history, originOffset) => {
        const origin = new Date(Date.UTC(2022, 0, 1) + originOffset * 86_400_000).toISOString().slice(0, 10);
        const full = forecast(history, { origin, months: 6, window: 6 });
        const cut = forecast(asKnownOn(history, origin), { origin, months: 6, window: 6 });
        expect(cut.ok).toBe(full.ok);
        if (full.ok && cut.ok) {
          expect(cut.value.points).toEqual(full.value.points);
          expect(cut.value.backtest).toEqual(full.value.backtest);
          for (const p of full.value.points) expect(p.lower).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 40 },
    );
  });
});
