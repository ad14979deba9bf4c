import { describe, expect, it } from 'vitest';
import { addMonths } from './day-number.ts';
import {
  annualisationFactor,
  financialYearOf,
  isFinancialYear,
  parsePeriod,
  previousPeriod,
  quartersOf,
  rangePeriod,
  samePeriodLastYear,
  twelveMonthsTo,
} from './periods.ts';

describe('financial years and quarters', () => {
  it('parses a year', () => {
    expect(parsePeriod('2024-25')).toEqual({
      kind: 'year',
      label: '2024-25',
      start: '2024-04-01',
      end: '2025-03-31',
      financialYear: '2024-25',
      quarter: null,
    });
  });

  it('parses quarters, Q4 in the following calendar year', () => {
    const [q1, q2, q3, q4] = quartersOf('2024-25');
    expect([q1.start, q1.end]).toEqual(['2024-04-01', '2024-06-30']);
    expect([q2.start, q2.end, q2.label]).toEqual(['2024-07-01', '2024-09-30', '2024-25 Q2']);
    expect([q3.start, q3.end]).toEqual(['2024-10-01', '2024-12-31']);
    expect([q4.start, q4.end]).toEqual(['2025-01-01', '2025-03-31']);
    expect(parsePeriod('2023-24', 'Q4').end).toBe('2024-03-31');
    expect(parsePeriod('1999-00', 'Q4')).toMatchObject({ start: '2000-01-01', end: '2000-03-31' });
  });

  it('rejects malformed labels', () => {
    expect(isFinancialYear('2024-25')).toBe(true);
    expect(isFinancialYear('2024-26')).toBe(false);
    expect(isFinancialYear('2024/25')).toBe(false);
    expect(() => parsePeriod('2024-2025')).toThrow(RangeError);
    expect(() => parsePeriod('2024-25', 'Q5')).toThrow(RangeError);
  });

  it('finds the financial year of a date', () => {
    expect(financialYearOf('2025-03-31')).toBe('2024-25');
    expect(financialYearOf('2025-04-01')).toBe('2025-26');
    expect(financialYearOf('2000-01-15')).toBe('1999-00');
  });

  it('steps back one period', () => {
    expect(previousPeriod(parsePeriod('2024-25')).label).toBe('2023-24');
    expect(previousPeriod(parsePeriod('2024-25', 'Q1')).label).toBe('2023-24 Q4');
    expect(previousPeriod(parsePeriod('2024-25', 'Q3')).label).toBe('2024-25 Q2');
    expect(previousPeriod(rangePeriod('2024-05-11', '2024-05-20'))).toMatchObject({ start: '2024-05-01', end: '2024-05-10' });
    expect(samePeriodLastYear(parsePeriod('2024-25', 'Q2')).label).toBe('2023-24 Q2');
  });

  it('builds the 12 months to a date', () => {
    expect(twelveMonthsTo('2024-06-30')).toMatchObject({ start: '2023-07-01', end: '2024-06-30' });
    expect(twelveMonthsTo('2024-02-29')).toMatchObject({ start: '2023-03-01', end: '2024-02-29' });
    expect(twelveMonthsTo('2025-03-31')).toMatchObject({ start: '2024-04-01', end: '2025-03-31' });
  });

  it('annualises whole months by 12 / months and other spans by 365 / days', () => {
    expect(annualisationFactor(parsePeriod('2024-25'))).toBe(1);
    expect(annualisationFactor(parsePeriod('2024-25', 'Q3'))).toBe(4);
    expect(annualisationFactor(twelveMonthsTo('2024-02-29'))).toBe(1);
    expect(annualisationFactor(rangePeriod('2024-01-01', '2024-01-10'))).toBeCloseTo(36.5);
  });

  it('adds months clamping to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', -12)).toBe('2023-02-28');
    expect(addMonths('2024-03-15', -15)).toBe('2022-12-15');
  });
});
