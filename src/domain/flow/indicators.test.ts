import { describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../calendar/working-days.ts';
import { parsePeriod } from '../calendar/periods.ts';
import { addDays, daysBetween } from '../dates.ts';
import type { FlowData } from './events.ts';
import { emptyFlowData } from './events.ts';
import type { FlowOptions } from './indicators.ts';
import { computeKpi, computeKpis, INDICATORS } from './indicators.ts';
import type { Kpi, KpiId } from './kpi.ts';
import { KPI_IDS } from './kpi.ts';

const YEAR = parsePeriod('2024-25');
const Q1 = parsePeriod('2024-25', 'Q1');
const Q2 = parsePeriod('2024-25', 'Q2');
const PREVIOUS_YEAR = parsePeriod('2023-24');

function data(partial: Partial<FlowData>): FlowData {
  return { ...emptyFlowData(), ...partial };
}

function kpi(id: KpiId, d: FlowData, period = YEAR, opts?: FlowOptions): Kpi {
  return computeKpi(id, d, period, opts);
}

function figures(k: Kpi): [number, number | null, number | null] {
  return [k.numerator, k.denominator, k.value];
}

const referral = (childId: string, referralDate: string, extra: Partial<{ nfa: boolean | null; referralsInLast12Months: number | null }> = {}) => ({
  childId,
  referralDate,
  nfa: extra.nfa ?? null,
  referralsInLast12Months: extra.referralsInLast12Months ?? null,
});

describe('contacts and referrals', () => {
  const d = data({
    contacts: [
      { childId: 'a', contactDate: '2024-03-31' },
      { childId: 'a', contactDate: '2024-04-01' },
      { childId: 'b', contactDate: '2024-06-30' },
      { childId: 'c', contactDate: '2024-07-01' },
      { childId: 'd', contactDate: '2025-03-31' },
      { childId: 'e', contactDate: '2025-04-01' },
      { childId: 'f', contactDate: 'not a date' },
    ],
    referrals: [referral('a', '2024-03-31'), referral('a', '2024-04-01'), referral('c', '2024-07-01')],
    population: 10_000,
  });

  it('count events dated in the period, both ends included (referral on 1 April)', () => {
    expect(kpi('contacts', d).numerator).toBe(4);
    expect(kpi('referrals', d).numerator).toBe(2);
    expect(kpi('referrals', d, Q1).numerator).toBe(1);
    expect(kpi('referrals', d, Q2).numerator).toBe(1);
    expect(kpi('referrals', d, PREVIOUS_YEAR).numerator).toBe(1);
    expect(kpi('contacts', d, Q1).value).toBe(2);
    expect(kpi('contacts', d, Q1).denominator).toBeNull();
  });

  it('convert contacts to referrals as a percentage, null without contacts', () => {
    expect(figures(kpi('contact_conversion', d))).toEqual([2, 4, 50]);
    expect(kpi('contact_conversion', data({ referrals: [referral('a', '2024-05-01')] })).value).toBeNull();
  });

  it('give referrals per 10,000 children, annualised for a quarter', () => {
    const year = kpi('referrals_per_10k', d);
    expect(figures(year)).toEqual([2, 10_000, 2]);
    expect(year.label).not.toMatch(/annualised/);
    const q1 = kpi('referrals_per_10k', d, Q1);
    expect(figures(q1)).toEqual([1, 10_000, 4]);
    expect(q1.label).toMatch(/annualised/);
    expect(kpi('referrals_per_10k', { ...d, population: null }).value).toBeNull();
    expect(kpi('referrals_per_10k', { ...d, population: 0 }).value).toBeNull();
  });

  it('give the share of referrals with no further action (unknown counts as not NFA)', () => {
    const nfa = data({
      referrals: [referral('a', '2024-05-01', { nfa: true }), referral('b', '2024-05-01', { nfa: false }), referral('c', '2024-05-01')],
    });
    expect(figures(kpi('referrals_nfa', nfa))).toEqual([1, 3, 33.3]);
    expect(kpi('referrals_nfa', data({})).value).toBeNull();
  });
});

describe('re-referrals within 12 months', () => {
  const d = data({
    referrals: [
      // exactly 12 months before: a re-referral
      referral('x', '2023-05-10'),
      referral('x', '2024-05-10', { referralsInLast12Months: 0 }),
      // 12 months and a day before: not
      referral('y', '2023-05-09'),
      referral('y', '2024-05-10', { referralsInLast12Months: 1 }),
      // two referrals on one day: neither is a re-referral of the other
      referral('z', '2024-06-01', { referralsInLast12Months: 0 }),
      referral('z', '2024-06-01', { referralsInLast12Months: 0 }),
      // the second referral in the year is a re-referral of the first
      referral('w', '2024-04-02', { referralsInLast12Months: 0 }),
      referral('w', '2025-01-15', { referralsInLast12Months: null }),
    ],
  });

  it('use the referral history when it covers the 12 months before each referral', () => {
    const k = kpi('rereferrals_12m', d, YEAR, { referralHistoryFrom: '2023-01-01' });
    expect(figures(k)).toEqual([2, 6, 33.3]);
    expect(k.betterWhen).toBe('lower');
  });

  it('use the Annex A count when the history is not complete (the default)', () => {
    expect(kpi('rereferrals_12m', d).numerator).toBe(1);
    expect(kpi('rereferrals_12m', d, YEAR, { referralHistoryFrom: null }).numerator).toBe(1);
    expect(kpi('rereferrals_12m', d, YEAR, { annexACountIncludesCurrent: true }).numerator).toBe(0);
  });

  it('decide per referral: history where its look-back is covered, Annex A elsewhere', () => {
    // History from 2023-05-10 covers the look-back of referrals dated 2024-05-10 onwards.
    const k = kpi('rereferrals_12m', d, YEAR, { referralHistoryFrom: '2023-05-10' });
    // w on 2024-04-02 (Annex A 0: no), x (history: yes), y (history: no), z twice (history: no), w in 2025 (history: yes)
    expect(k.numerator).toBe(2);
    const late = kpi('rereferrals_12m', d, YEAR, { referralHistoryFrom: '2023-05-11' });
    // x and y now use Annex A: x 0 (no), y 1 (yes); w in 2025 still from history (yes)
    expect(late.numerator).toBe(2);
    expect(kpi('rereferrals_12m', d, Q1, { referralHistoryFrom: '2023-05-11' }).numerator).toBe(1);
  });
});

describe('assessments', () => {
  const authorised = '2024-06-28';
  const start45 = addWorkingDays(authorised, -45);
  const start46 = addWorkingDays(authorised, -46);
  const d = data({
    assessments: [
      { childId: 'a', startDate: start45, authorisedDate: authorised, childSeen: true },
      { childId: 'b', startDate: start46, authorisedDate: authorised, childSeen: false },
      // started in the previous year, authorised on 1 April: completed in this year; 1 working day over Easter
      { childId: 'c', startDate: '2024-03-28', authorisedDate: '2024-04-02', childSeen: null },
      // authorised before it started: a data error, never within timescale
      { childId: 'd', startDate: '2024-05-10', authorisedDate: '2024-05-01', childSeen: true },
      { childId: 'e', startDate: '2024-05-10', authorisedDate: null, childSeen: true },
      { childId: 'f', startDate: '2025-03-01', authorisedDate: '2025-04-01', childSeen: true },
    ],
  });

  it('sets up the boundary cases', () => {
    expect(workingDaysBetween(start45, authorised)).toBe(45);
    expect(workingDaysBetween(start46, authorised)).toBe(46);
    expect(workingDaysBetween('2024-03-28', '2024-04-02')).toBe(1);
  });

  it('count assessments authorised in the period', () => {
    expect(kpi('assessments_completed', d).numerator).toBe(4);
    expect(kpi('assessments_completed', d, parsePeriod('2025-26')).numerator).toBe(1);
  });

  it('count exactly 45 working days as within timescale, 46 as not', () => {
    expect(figures(kpi('assessments_within_45wd', d))).toEqual([2, 4, 50]);
  });

  it('give the share of completed assessments in which the child was seen', () => {
    expect(figures(kpi('child_seen_in_assessment', d))).toEqual([2, 4, 50]);
  });
});

describe('section 47 enquiries and initial conferences', () => {
  const strategy = '2024-06-03';
  const d = data({
    s47s: [
      { childId: 'a', strategyDate: strategy, icpcRequired: true, icpcDate: addWorkingDays(strategy, 15), icpcCpPlan: true },
      { childId: 'b', strategyDate: strategy, icpcRequired: true, icpcDate: addWorkingDays(strategy, 16), icpcCpPlan: false },
      { childId: 'c', strategyDate: strategy, icpcRequired: false, icpcDate: null, icpcCpPlan: null },
      // strategy discussion in the previous year, conference in this one
      { childId: 'd', strategyDate: '2024-03-20', icpcRequired: true, icpcDate: '2024-04-05', icpcCpPlan: null },
    ],
    population: 20_000,
  });

  it('count enquiries by strategy discussion date and give the annualised rate', () => {
    expect(kpi('s47_started', d).numerator).toBe(3);
    expect(figures(kpi('s47_per_10k', d))).toEqual([3, 20_000, 1.5]);
    expect(figures(kpi('s47_per_10k', d, Q1))).toEqual([3, 20_000, 6]);
  });

  it('count conferences held in the period, exactly 15 working days as within', () => {
    expect(workingDaysBetween(strategy, addWorkingDays(strategy, 15))).toBe(15);
    // d: 20 March to 5 April 2024 is 10 working days (Good Friday and Easter Monday excluded)
    expect(workingDaysBetween('2024-03-20', '2024-04-05')).toBe(10);
    expect(figures(kpi('icpc_within_15wd', d))).toEqual([2, 3, 66.7]);
  });

  it('give the share of conferences resulting in a plan', () => {
    expect(figures(kpi('icpc_to_cp_plan', d))).toEqual([1, 3, 33.3]);
  });
});

describe('child protection plans', () => {
  const end = YEAR.end;
  const d = data({
    cpPlans: [
      { childId: 'a', startDate: '2024-04-01', endDate: null, previousPlans: 2 },
      { childId: 'b', startDate: '2024-09-01', endDate: end, previousPlans: 0 },
      { childId: 'c', startDate: '2024-09-01', endDate: '2025-04-01', previousPlans: null },
      { childId: 'd', startDate: end, endDate: null, previousPlans: 0 },
      // exactly 730 days before the end of the year, and 729
      { childId: 'e', startDate: addDays(end, -730), endDate: null, previousPlans: 0 },
      { childId: 'f', startDate: addDays(end, -729), endDate: null, previousPlans: 0 },
      // a child with two overlapping open plans counts once, from the earlier start
      { childId: 'g', startDate: '2021-01-01', endDate: null, previousPlans: 0 },
      { childId: 'g', startDate: '2024-10-01', endDate: null, previousPlans: 1 },
      // ended in the year after exactly 730 days, and after 729
      { childId: 'h', startDate: addDays('2024-08-01', -730), endDate: '2024-08-01', previousPlans: 0 },
      { childId: 'i', startDate: addDays('2024-08-01', -729), endDate: '2024-08-01', previousPlans: 0 },
    ],
    population: 10_000,
  });

  it('count plans started in the period and the second or subsequent ones', () => {
    // a, b, c, d and g's second plan; e and f started in the year before
    expect(kpi('cp_plans_started', d).numerator).toBe(5);
    expect(figures(kpi('cp_second_or_subsequent', d))).toEqual([2, 5, 40]);
  });

  it('count children on a plan at the end: started by then and not ended by then', () => {
    expect(daysBetween(addDays(end, -730), end)).toBe(730);
    // open: a, c (ends 1 April), d (starts on the last day), e, f, g; b ended on the last day
    expect(kpi('cp_open_at_end', d).numerator).toBe(6);
    expect(figures(kpi('cp_per_10k', d))).toEqual([6, 10_000, 6]);
    // a stock: at the end of Q2 (a, b, c, e, f, g) and not annualised
    expect(figures(kpi('cp_per_10k', d, Q2))).toEqual([6, 10_000, 6]);
    expect(kpi('cp_per_10k', d).label).not.toMatch(/annualised/);
  });

  it('count plans open at the end that started 730 days or more before it', () => {
    expect(figures(kpi('cp_open_2y_plus', d))).toEqual([2, 6, 33.3]);
  });

  it('count plans ended in the period that lasted 730 days or more', () => {
    // ended in the year: b (1 year), h (730), i (729); c ends next year
    expect(figures(kpi('cp_ceased_2y_plus', d))).toEqual([1, 3, 33.3]);
  });
});

describe('children in need and children looked after', () => {
  const end = YEAR.end;
  const d = data({
    cinEpisodes: [
      { childId: 'a', startDate: '2024-01-01', closureDate: null },
      { childId: 'a', startDate: '2024-06-01', closureDate: null },
      { childId: 'b', startDate: '2024-01-01', closureDate: end },
      { childId: 'c', startDate: '2024-01-01', closureDate: '2025-04-01' },
      { childId: 'p', startDate: '2024-01-01', closureDate: null },
      { childId: 'l', startDate: '2024-01-01', closureDate: null },
      { childId: 'n', startDate: '2025-04-01', closureDate: null },
    ],
    cpPlans: [{ childId: 'p', startDate: '2024-02-01', endDate: null, previousPlans: 0 }],
    claEpisodes: [
      { childId: 'l', startDate: '2024-05-01', endDate: null, placementsLast12Months: 3 },
      { childId: 'm', startDate: '2024-05-01', endDate: '2024-07-01', placementsLast12Months: 1 },
      { childId: 'm', startDate: '2024-09-01', endDate: '2024-12-01', placementsLast12Months: 2 },
      { childId: 'm', startDate: '2025-01-01', endDate: null, placementsLast12Months: 2 },
      { childId: 'o', startDate: '2020-01-01', endDate: end, placementsLast12Months: 5 },
      { childId: 'q', startDate: '2022-01-01', endDate: null, placementsLast12Months: null },
    ],
    population: 5_000,
  });

  it('count children in need at the end, once each, not on a plan or looked after', () => {
    // a (two episodes) and c; b closed on the last day; p on a plan; l looked after; n starts later
    expect(kpi('cin_open_at_end', d).numerator).toBe(2);
  });

  it('count children looked after at the end and the rate', () => {
    expect(kpi('cla_open_at_end', d).numerator).toBe(3);
    expect(figures(kpi('cla_per_10k', d))).toEqual([3, 5_000, 6]);
  });

  it('count each child starting or ceasing to be looked after once', () => {
    expect(kpi('cla_started', d).numerator).toBe(2);
    expect(kpi('cla_ceased', d).numerator).toBe(2);
    expect(kpi('cla_started', d, Q1).numerator).toBe(2);
  });

  it('give the share looked after at the end with 3 or more placements in 12 months', () => {
    expect(figures(kpi('cla_3plus_placements', d))).toEqual([1, 3, 33.3]);
  });
});

describe('care leavers', () => {
  const d = data({
    careLeavers: [
      { childId: 'a', accommodationSuitable: true, activity: 'F1' },
      { childId: 'b', accommodationSuitable: true, activity: 'p2' },
      { childId: 'c', accommodationSuitable: false, activity: 'G4' },
      { childId: 'd', accommodationSuitable: null, activity: null },
    ],
  });

  it('give the share in suitable accommodation of those whose suitability is known', () => {
    expect(figures(kpi('care_leavers_suitable_accommodation', d))).toEqual([2, 3, 66.7]);
  });

  it('give the share in education, employment or training (codes F* and P*) of all', () => {
    expect(figures(kpi('care_leavers_eet', d))).toEqual([2, 4, 50]);
  });
});

describe('computeKpis', () => {
  it('returns every indicator in the stable order, with unit and direction of good', () => {
    const kpis = computeKpis(emptyFlowData(), YEAR);
    expect(kpis.map((k) => k.id)).toEqual([...KPI_IDS]);
    for (const k of kpis) {
      expect(['count', 'percent', 'rate_per_10k']).toContain(k.unit);
      expect(['higher', 'lower', 'neutral']).toContain(k.betterWhen);
      if (k.unit === 'count') expect(k.value).toBe(0);
      else expect(k.value).toBeNull();
    }
  });

  it('agrees with each indicator computed on its own', () => {
    const d = data({
      referrals: [referral('a', '2024-05-01', { nfa: true })],
      contacts: [{ childId: 'a', contactDate: '2024-04-30' }],
      population: 1_000,
    });
    for (const k of computeKpis(d, Q1)) expect(INDICATORS[k.id](d, Q1)).toEqual(k);
  });
});
