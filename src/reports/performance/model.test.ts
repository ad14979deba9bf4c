import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../domain/calendar/working-days.ts';
import { addDays } from '../../domain/dates.ts';
import { emptyFlowData, type FlowData } from '../../domain/flow/events.ts';
import { buildGoldenFlowData, GOLDEN_OPTIONS, GOLDEN_YEAR } from '../../domain/flow/golden-fixture.ts';
import { KPI_SECTIONS } from '../../domain/flow/sections.ts';
import { buildPerformanceReport } from './model.ts';
import { goldenReport, rowOf } from '../../../test/support/performance.fixtures.ts';

describe('buildPerformanceReport', () => {
  it('lays every indicator out as Inputs, Processes and Outputs, each with its source', () => {
    const report = goldenReport();
    expect(report.sections.map((s) => [s.id, s.title, s.rows.map((r) => r.id)])).toEqual(KPI_SECTIONS.map((s) => [s.id, s.title, [...s.ids]]));
    expect(rowOf(report, 'contacts').source).toBe('Local measure (Ofsted Annex A)');
    expect(rowOf(report, 'referrals').source).toBe('DfE Children in need');
    expect(rowOf(report, 'cla_open_at_end').source).toBe('DfE Children looked after in England including adoptions');
    expect(report.definitions.map((d) => d.id)).toEqual(KPI_SECTIONS.flatMap((s) => s.ids));
    expect(report.commentary.map((c) => c.heading)).toEqual(['Inputs', 'Processes', 'Outputs']);
  });

  it('describes a year against the year before, with all four quarters', () => {
    const report = goldenReport({ suppress: false });
    expect(report.title).toBe("Children's social care activity and performance, 2023-24");
    expect(report.period).toMatchObject({ label: '2023-24', quarter: null, start: '2023-04-01', end: '2024-03-31', dates: '1 April 2023 to 31 March 2024' });
    expect(report.previousYear).toMatchObject({ label: '2022-23', heading: 'Previous year (2022-23)', dates: '1 April 2022 to 31 March 2023' });
    expect(report.marking).toBe('Official – Sensitive');
    const referrals = rowOf(report, 'referrals');
    expect(referrals.quarters.map((q) => q.quarter)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    const quarterly = referrals.quarters.map((q) => q.figures?.value);
    expect(quarterly).toEqual([581, 587, 588, 580]);
    expect(quarterly.reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0)).toBe(2336);
    expect(rowOf(report, 'cp_open_at_end').quarters[3]?.figures).toEqual(rowOf(report, 'cp_open_at_end').current);
    expect(referrals.previousYear).toEqual({ coverage: 'full', covers: null, numerator: 621, denominator: null, value: 621 });
  });

  it('describes a quarter against the same quarter last year, leaving later quarters empty', () => {
    const report = goldenReport({ quarter: 'Q2', suppress: false });
    expect(report.periodLabel).toBe('Q2 2023-24');
    expect(report.period.dates).toBe('1 July 2023 to 30 September 2023');
    expect(report.previousYear).toMatchObject({ label: 'Q2 2022-23', heading: 'Same quarter last year (Q2 2022-23)' });
    const referrals = rowOf(report, 'referrals');
    expect(referrals.current.value).toBe(587);
    expect(referrals.quarters.map((q) => q.figures?.value ?? null)).toEqual([581, 587, null, null]);
    expect(rowOf(report, 'referrals_per_10k').label).toContain('(annualised)');
    expect(report.headlines.every((h) => h.endsWith('the same quarter last year.'))).toBe(true);
  });

  it('says which way each measure moved and, where a direction is better, whether it is', () => {
    const report = goldenReport({ suppress: false });
    expect(rowOf(report, 'assessments_within_45wd')).toMatchObject({ betterWhen: 'higher', direction: 'down', judgement: 'worse' });
    expect(rowOf(report, 'cla_3plus_placements')).toMatchObject({ betterWhen: 'lower', direction: 'down', judgement: 'better' });
    expect(rowOf(report, 'rereferrals_12m')).toMatchObject({ betterWhen: 'lower', direction: 'up', judgement: 'worse' });
    expect(rowOf(report, 'contacts')).toMatchObject({ betterWhen: 'neutral', direction: 'up', judgement: null });
    expect(rowOf(report, 'care_leavers_eet')).toMatchObject({ direction: 'same', judgement: 'same' });
    expect(rowOf(report, 'icpc_within_15wd')).toMatchObject({ direction: null, judgement: null, directionWithheld: false });
  });

  it('withholds small numbers, what is built on them and the direction that compares them', () => {
    const data: FlowData = { ...buildGoldenFlowData(), careLeavers: buildGoldenFlowData().careLeavers.slice(0, 4) };
    const input = { laCode: '855', laName: 'Goldshire', year: GOLDEN_YEAR, data, options: GOLDEN_OPTIONS, generatedOn: '2024-05-01' };
    const suppressed = rowOf(buildPerformanceReport(input), 'care_leavers_suitable_accommodation');
    expect(suppressed.current).toEqual({ coverage: 'full', covers: null, numerator: 'c', denominator: 'c', value: 'c' });
    expect(suppressed.previousYear).toEqual({ coverage: 'full', covers: null, numerator: 'c', denominator: 'c', value: 'c' });
    expect(suppressed.quarters.map((q) => q.figures?.value)).toEqual(['c', 'c', 'c', 'c']);
    expect(suppressed).toMatchObject({ direction: null, judgement: null, directionWithheld: true });
    const internal = rowOf(buildPerformanceReport({ ...input, suppress: false }), 'care_leavers_suitable_accommodation');
    expect(internal.current).toEqual({ coverage: 'full', covers: null, numerator: 4, denominator: 4, value: 100 });
    expect(internal).toMatchObject({ direction: 'same', directionWithheld: false });
  });

  it('notes whether small numbers are suppressed', () => {
    expect(goldenReport().notes.join(' ')).toContain('counts of 1 to 5 are shown as c');
    expect(goldenReport({ suppress: false }).notes.join(' ')).toContain('For internal use only');
  });

  it('takes the previous year and each quarter from their own data when given', () => {
    const data = buildGoldenFlowData();
    const base = { laCode: '855', laName: 'Goldshire', year: GOLDEN_YEAR, data, options: GOLDEN_OPTIONS, suppress: false, generatedOn: '2024-05-01' };
    const report = buildPerformanceReport({
      ...base,
      previousYearData: { ...data, population: 26_000 },
      quarterData: { Q1: { ...data, careLeavers: data.careLeavers.slice(0, 10) } },
    });
    expect(rowOf(report, 'cp_per_10k').previousYear).toEqual({ coverage: 'full', covers: null, numerator: 126, denominator: 26_000, value: 48.5 });
    expect(rowOf(report, 'cp_per_10k').current).toEqual({ coverage: 'full', covers: null, numerator: 306, denominator: 52_000, value: 58.8 });
    expect(rowOf(report, 'care_leavers_eet').quarters.map((q) => q.figures?.denominator)).toEqual([10, 31, 31, 31]);
  });

  it('is pure: the same input gives the same report', () => {
    expect(goldenReport()).toEqual(goldenReport());
  });

  it('refuses a year that is not a financial year', () => {
    expect(() => buildPerformanceReport({ laCode: '855', laName: 'x', year: '2024', data: emptyFlowData(), options: {}, generatedOn: '2024-05-01' })).toThrow(RangeError);
  });
});

/** Counts of events spread over a financial year starting on 1 April of `startYear`. */
function spreadDates(startYear: number, n: number): string[] {
  return Array.from({ length: n }, (_, k) => addDays(`${startYear}-04-01`, Math.floor((k * 365) / n)));
}

function year(startYear: number, opts: { contacts: number; rereferrals: number; inTime: number }): FlowData {
  const data = emptyFlowData();
  return {
    ...data,
    contacts: spreadDates(startYear, opts.contacts).map((contactDate, k) => ({ childId: `C${startYear}-${k}`, contactDate })),
    referrals: spreadDates(startYear, 1000).map((referralDate, k) => ({
      childId: `R${startYear}-${k}`,
      referralDate,
      nfa: false,
      referralsInLast12Months: k < opts.rereferrals ? 1 : 0,
    })),
    assessments: spreadDates(startYear, 100).map((authorisedDate, k) => ({
      childId: `A${startYear}-${k}`,
      startDate: addWorkingDays(authorisedDate, k < opts.inTime ? -20 : -60),
      authorisedDate,
      childSeen: true,
    })),
  };
}

describe('headlines from the events', () => {
  const before = year(2023, { contacts: 100, rereferrals: 182, inTime: 80 });
  const now = year(2024, { contacts: 110, rereferrals: 151, inTime: 60 });
  const data: FlowData = {
    ...before,
    contacts: [...before.contacts, ...now.contacts],
    referrals: [...before.referrals, ...now.referrals],
    assessments: [...before.assessments, ...now.assessments],
  };
  const report = buildPerformanceReport({ laCode: '855', laName: 'Testshire', year: '2024-25', data, options: {}, suppress: false, generatedOn: '2025-05-01' });

  it('lead with the largest movement and say better or worse by which way is better', () => {
    expect(report.headlines).toEqual([
      'Assessments completed within 45 working days fell from 80.0% to 60.0%, worse than last year.',
      'Re-referrals within 12 months of a previous referral fell from 18.2% to 15.1%, better than last year.',
      'Contacts rose from 100 to 110 (up 10%) compared with last year.',
      'Referrals as a percentage of contacts fell from 1000.0% to 909.1% compared with last year.',
    ]);
  });
});
