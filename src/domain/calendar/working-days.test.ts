import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../dates.ts';
import { isBankHoliday } from './bank-holidays.ts';
import { dayOfWeek } from './day-number.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.ts';

function naiveWorkingDays(start: string, end: string): number {
  if (end < start) return 0 - naiveWorkingDays(end, start);
  let count = 0;
  for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) {
    const w = dayOfWeek(d);
    if (w !== 0 && w !== 6 && !isBankHoliday(d)) count += 1;
  }
  return count;
}

const date2010to2030 = fc
  .integer({ min: 0, max: daysBetween('2010-01-01', '2030-12-31') })
  .map((n) => addDays('2010-01-01', n));

describe('workingDaysBetween', () => {
  it('counts days after start up to and including end', () => {
    expect(workingDaysBetween('2024-06-03', '2024-06-04')).toBe(1);
    expect(workingDaysBetween('2024-06-03', '2024-06-07')).toBe(4);
    expect(workingDaysBetween('2024-06-07', '2024-06-10')).toBe(1);
    expect(workingDaysBetween('2024-06-08', '2024-06-09')).toBe(0);
  });

  it('is zero for the same day and negative when end is before start', () => {
    expect(workingDaysBetween('2024-06-05', '2024-06-05')).toBe(0);
    expect(workingDaysBetween('2024-06-04', '2024-06-03')).toBe(-1);
    expect(workingDaysBetween('2024-06-10', '2024-06-07')).toBe(-1);
    expect(workingDaysBetween('2024-06-09', '2024-06-08')).toBe(0);
  });

  it('skips Good Friday and Easter Monday', () => {
    // 2024: Good Friday 29 March, Easter Monday 1 April.
    expect(workingDaysBetween('2024-03-28', '2024-04-02')).toBe(1);
    expect(workingDaysBetween('2024-03-27', '2024-04-03')).toBe(3);
    // 2025: Good Friday 18 April, Easter Monday 21 April.
    expect(workingDaysBetween('2025-04-14', '2025-04-25')).toBe(7);
  });

  it('skips Christmas, Boxing Day, New Year and their substitutes', () => {
    expect(workingDaysBetween('2023-12-22', '2024-01-02')).toBe(4);
    // 2021: Christmas and Boxing Day on a weekend, substitutes Monday 27 and Tuesday 28.
    expect(workingDaysBetween('2021-12-24', '2021-12-31')).toBe(3);
    // 2022: New Year's Day on a Saturday, substitute Monday 3 January.
    expect(workingDaysBetween('2021-12-31', '2022-01-04')).toBe(1);
    // 2020: Boxing Day on a Saturday, substitute Monday 28.
    expect(workingDaysBetween('2020-12-24', '2020-12-29')).toBe(1);
  });

  it('skips the one-off days', () => {
    expect(workingDaysBetween('2022-09-16', '2022-09-20')).toBe(1);
    expect(workingDaysBetween('2022-06-01', '2022-06-06')).toBe(1);
    expect(workingDaysBetween('2023-05-05', '2023-05-09')).toBe(1);
  });

  it('agrees with a day-by-day count and is antisymmetric (2010-2030)', () => {
    fc.assert(
      fc.property(date2010to2030, fc.integer({ min: -120, max: 120 }), (start, span) => {
        const end = addDays(start, span);
        const n = workingDaysBetween(start, end);
        expect(n).toBe(naiveWorkingDays(start, end));
        expect(workingDaysBetween(end, start) + n).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('works across long spans and far years', () => {
    expect(workingDaysBetween('2010-01-01', '2030-12-31')).toBe(naiveWorkingDays('2010-01-01', '2030-12-31'));
    expect(workingDaysBetween('1960-03-01', '1972-06-30')).toBe(naiveWorkingDays('1960-03-01', '1972-06-30'));
  });
});

describe('addWorkingDays', () => {
  it('finds the working day n working days away', () => {
    expect(addWorkingDays('2024-03-28', 1)).toBe('2024-04-02');
    expect(addWorkingDays('2024-04-02', -1)).toBe('2024-03-28');
    expect(addWorkingDays('2024-06-08', 0)).toBe('2024-06-07');
    expect(addWorkingDays('2024-06-05', 0)).toBe('2024-06-05');
  });

  it('round-trips with workingDaysBetween and lands on a working day', () => {
    fc.assert(
      fc.property(date2010to2030, fc.integer({ min: -90, max: 90 }), (date, n) => {
        const w = addWorkingDays(date, n);
        expect(isWorkingDay(w)).toBe(true);
        expect(workingDaysBetween(date, w)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });
});
