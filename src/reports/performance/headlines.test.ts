import { describe, expect, it } from 'vitest';
import type { PublishedNumber } from '../../domain/disclosure/suppression.ts';
import type { BetterWhen, KpiId, KpiUnit } from '../../domain/flow/kpi.ts';
import { buildHeadlines } from './headlines.ts';
import type { Judgement, ReportRow } from './model.ts';

function row(id: KpiId, label: string, unit: KpiUnit, betterWhen: BetterWhen, from: PublishedNumber | null, to: PublishedNumber | null): ReportRow {
  const direction = typeof from === 'number' && typeof to === 'number' ? (to > from ? 'up' : to < from ? 'down' : 'same') : null;
  const judgement: Judgement | null =
    direction === null ? null : direction === 'same' ? 'same' : betterWhen === 'neutral' ? null : (direction === 'up') === (betterWhen === 'higher') ? 'better' : 'worse';
  return {
    id,
    label,
    unit,
    betterWhen,
    current: { numerator: 1, denominator: null, value: to, coverage: 'full', covers: null },
    previousYear: { numerator: 1, denominator: null, value: from, coverage: 'full', covers: null },
    quarters: [],
    direction,
    judgement,
    directionWithheld: false,
    yearToDate: null,
    source: 'DfE Children in need',
  };
}

describe('buildHeadlines', () => {
  it('ranks by relative change, largest first', () => {
    const rows = [
      row('contacts', 'Contacts', 'count', 'neutral', 1000, 1050),
      row('rereferrals_12m', 'Re-referrals', 'percent', 'lower', 18.2, 15.1),
      row('referrals', 'Referrals', 'count', 'neutral', 500, 650),
    ];
    expect(buildHeadlines(rows, 'last year', 5)).toEqual([
      'Referrals rose from 500 to 650 (up 30%) compared with last year.',
      'Re-referrals fell from 18.2% to 15.1%, better than last year.',
      'Contacts rose from 1,000 to 1,050 (up 5%) compared with last year.',
    ]);
  });

  it('judges a rise as better only where higher is better, and a fall only where lower is', () => {
    const rows = [
      row('assessments_within_45wd', 'Timely assessments', 'percent', 'higher', 80, 90),
      row('child_seen_in_assessment', 'Child seen', 'percent', 'higher', 90, 80),
      row('cp_second_or_subsequent', 'Repeat plans', 'percent', 'lower', 20, 24),
      row('referrals_nfa', 'No further action', 'percent', 'lower', 30, 22),
    ];
    expect(buildHeadlines(rows, 'last year', 5)).toEqual([
      'No further action fell from 30.0% to 22.0%, better than last year.',
      'Repeat plans rose from 20.0% to 24.0%, worse than last year.',
      'Timely assessments rose from 80.0% to 90.0%, better than last year.',
      'Child seen fell from 90.0% to 80.0%, worse than last year.',
    ]);
  });

  it('leaves out rates, withheld figures, figures without a value, no change and a start from 0', () => {
    const rows = [
      row('referrals_per_10k', 'Referral rate', 'rate_per_10k', 'neutral', 400, 800),
      row('cla_ceased', 'Ceased', 'count', 'neutral', 'c', 20),
      row('icpc_within_15wd', 'Timely conferences', 'percent', 'higher', null, 80),
      row('cla_started', 'Started', 'count', 'neutral', 30, 30),
      row('s47_started', 'Enquiries', 'count', 'neutral', 0, 600),
      row('contacts', 'Contacts', 'count', 'neutral', 1000, 1004),
    ];
    expect(buildHeadlines(rows, 'the same quarter last year', 5)).toEqual(['Contacts rose from 1,000 to 1,004 (up less than 1%) compared with the same quarter last year.']);
  });

  it('keeps at most the number asked for', () => {
    const rows = [10, 20, 30, 40].map((n) => row('contacts', `Measure ${n}`, 'count', 'neutral', 100, 100 + n));
    expect(buildHeadlines(rows, 'last year', 2).map((h) => h.slice(0, 10))).toEqual(['Measure 40', 'Measure 30']);
    expect(buildHeadlines(rows, 'last year', 0)).toEqual([]);
  });
});
