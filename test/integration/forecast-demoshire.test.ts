import { beforeAll, describe, expect, it } from 'vitest';
import { plusDays } from '../../src/demo/days.ts';
import type { Simulation } from '../../src/demo/simulate.ts';
import { monthEnds } from '../../src/domain/dates.ts';
import { forecast, STATE_COUNT, STATES, type ForecastResult, type StateFamily } from '../../src/domain/forecast/index.ts';
import { demoshireHistory, simulateDemoshire } from '../support/demoshire-history.ts';

/**
 * Demoshire's simulation plants known rates (src/demo/simulate.ts, docs/demo-data.md): these
 * tests check that the forecast, fitted on what twelve monthly Annex A extracts would show,
 * recovers them.
 */
const END = '2025-10-31';
/** The first extract is eleven month ends before the last; its lists look back six months. */
const ANNEX_A_FROM = plusDays('2024-11-30', -182);
const SEASON = [1.12, 1.0, 1.02, 0.95, 1.0, 0.98, 0.96, 0.82, 1.18, 1.05, 1.02, 0.88];

let sim: Simulation;
let result: ForecastResult;

beforeAll(() => {
  sim = simulateDemoshire(42, END);
  const outcome = forecast(demoshireHistory(sim, ANNEX_A_FROM), { months: 24, window: 'auto' });
  if (!outcome.ok) throw new Error(outcome.message);
  result = outcome.value;
}, 120_000);

/** Daily hazard of leaving a family (for another family or the system; ageing within it is not leaving), averaged over its bands weighted by the days children spent in each. */
function weightedLeavingHazard(family: StateFamily): number {
  const S = STATE_COUNT;
  let weight = 0;
  let sum = 0;
  for (const s of STATES.filter((x) => x.family === family)) {
    let h = 0;
    for (let d = 0; d <= S; d++) if (d === S || STATES[d]?.family !== family) h += result.model.hazards[s.index * (S + 1) + d] ?? 0;
    const w = result.model.exposure[s.index] ?? 0;
    sum += h * w;
    weight += w;
  }
  return weight === 0 ? 0 : sum / weight;
}

describe('forecast on Demoshire (what Annex A extracts show)', () => {
  it('says how much history there is and which windows could not be tested', () => {
    expect(result.history.months).toBeGreaterThan(16);
    expect(result.history.months).toBeLessThan(18);
    const long = result.windows.find((w) => w.months === 24);
    expect(long?.score).toBeNull();
    expect(long?.note).toMatch(/needs 27 months of history .* there are 17/);
    expect(result.notes.join(' ')).toMatch(/No 12-month track record yet/);
    expect([6, 12]).toContain(result.referenceWindow.months);
  });

  it('recovers the planted referral rate: 65% of about 1,000 contacts a month, growing 2% a year with the late surge', () => {
    const ends = monthEnds(plusDays(result.referenceWindow.from, 1), END);
    let planted = 0;
    let days = 0;
    const months = monthEnds(sim.start, END);
    for (const monthEnd of ends) {
      const m = months.indexOf(monthEnd);
      const left = months.length - 1 - m;
      const surge = left < 6 ? 1 + 0.045 * (6 - left) : 1;
      planted += 1000 * (SEASON[Number(monthEnd.slice(5, 7)) - 1] ?? 1) * (1 + 0.02 * (m / 12)) * surge * 0.65;
      days += Number(monthEnd.slice(8, 10));
    }
    expect(result.model.referralsPerDay / (planted / days)).toBeGreaterThan(0.94);
    expect(result.model.referralsPerDay / (planted / days)).toBeLessThan(1.06);
  });

  it('recovers the planted length of child in need episodes (60 to 330 days: a hazard of about 1/195 a day)', () => {
    const h = weightedLeavingHazard('cin');
    expect(h * 195).toBeGreaterThan(0.8);
    expect(h * 195).toBeLessThan(1.25);
  });

  it('recovers the planted length of child protection plans (a mean of about 366 days)', () => {
    const h = weightedLeavingHazard('cp');
    expect(h * 366).toBeGreaterThan(0.75);
    expect(h * 366).toBeLessThan(1.3);
  });

  it('recovers the planted growth of children looked after (8% a year) over the next twelve months', () => {
    const start = result.stockAtOrigin.cla;
    const inYear = result.points.find((p) => p.measure === 'cla' && p.date === '2026-10-31');
    const growth = (inYear?.forecast ?? 0) / start - 1;
    expect(growth).toBeGreaterThan(0.05);
    expect(growth).toBeLessThan(0.11);
    expect(inYear?.lower ?? 0).toBeLessThan(inYear?.forecast ?? 0);
  });

  it('beats carrying today\'s number forward for children looked after, three months ahead', () => {
    const row = result.backtest.find((r) => r.measure === 'cla' && r.horizonMonths === 3);
    expect(row?.origins).toBeGreaterThanOrEqual(3);
    expect(row?.mape ?? 100).toBeLessThan(row?.persistenceMape ?? 0);
  });

  it('counts only the placement groups Demoshire uses (fostering and children\'s homes)', () => {
    expect(result.stockAtOrigin.cla_fostering + result.stockAtOrigin.cla_residential).toBe(result.stockAtOrigin.cla);
    expect(result.stockAtOrigin.cla_placed_with_parents).toBe(0);
  });
});
