import type { IsoDate } from '../dates.ts';
import { bankHolidays } from './bank-holidays.ts';
import { dayNumber, fromDayNumber, weekdayOfDayNumber, yearOfDayNumber } from './day-number.ts';

export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(dayNumber(date));
}

/**
 * Working days from `start` to `end`: the days d with start < d <= end that are neither a
 * Saturday, a Sunday nor an England and Wales bank holiday. So a working day's next working
 * day is 1 away, and "within 45 working days" means `workingDaysBetween(start, end) <= 45`.
 * Antisymmetric: when end < start the result is minus the count from end to start; 0 when
 * they are equal.
 */
export function workingDaysBetween(start: IsoDate, end: IsoDate): number {
  return workingDaysBetweenDayNumbers(dayNumber(start), dayNumber(end));
}

/** As `workingDaysBetween`, on day numbers (for loops over many events). */
export function workingDaysBetweenDayNumbers(start: number, end: number): number {
  return workingOrdinal(end) - workingOrdinal(start);
}

/**
 * The working day w with `workingDaysBetween(date, w) === n`: for n > 0 the n-th working day
 * after `date`, for n < 0 the working day |n| working days before it. For n = 0 it is `date`
 * itself when that is a working day, else the last working day before it.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  const start = dayNumber(date);
  const target = workingOrdinal(start) + n;
  let day = start + Math.trunc((n * 7) / 5);
  while (workingOrdinal(day) < target) day += 1;
  while (workingOrdinal(day) > target || !isWorkingDayNumber(day)) day -= 1;
  return fromDayNumber(day);
}

function isWorkingDayNumber(day: number): boolean {
  const w = weekdayOfDayNumber(day);
  if (w === 0 || w === 6) return false;
  return !holidayDays(yearOfDayNumber(day)).includes(day);
}

/**
 * A running count of working days, offset so that differences are what matter: the number of
 * working days in (a, b] is workingOrdinal(b) - workingOrdinal(a).
 */
function workingOrdinal(day: number): number {
  return weekdaysThrough(day) - holidaysThrough(day);
}

/** Weekdays in (-inf, day], offset to 1970-01-05 (a Monday) counting as 1. */
function weekdaysThrough(day: number): number {
  const m = day - 4;
  const weeks = Math.floor(m / 7);
  const r = m - weeks * 7;
  return weeks * 5 + Math.min(r + 1, 5);
}

const HOLIDAY_BASE_YEAR = 1970;
const yearHolidays = new Map<number, readonly number[]>();
const holidaysBeforeYear = new Map<number, number>([[HOLIDAY_BASE_YEAR, 0]]);

/** Weekday bank holidays of a year as sorted day numbers. */
function holidayDays(year: number): readonly number[] {
  let days = yearHolidays.get(year);
  if (!days) {
    days = bankHolidays(year)
      .map(dayNumber)
      .filter((d) => {
        const w = weekdayOfDayNumber(d);
        return w !== 0 && w !== 6;
      });
    yearHolidays.set(year, days);
  }
  return days;
}

/** Weekday bank holidays in (-inf, day], offset to 1970. */
function holidaysThrough(day: number): number {
  const year = yearOfDayNumber(day);
  let count = 0;
  for (const d of holidayDays(year)) if (d <= day) count += 1;
  return cumulativeBefore(year) + count;
}

function cumulativeBefore(year: number): number {
  const hit = holidaysBeforeYear.get(year);
  if (hit !== undefined) return hit;
  const step = year > HOLIDAY_BASE_YEAR ? -1 : 1;
  let known = year;
  while (!holidaysBeforeYear.has(known)) known += step;
  let value = holidaysBeforeYear.get(known) ?? 0;
  for (let y = known; y !== year; y -= step) {
    value = step === -1 ? value + holidayDays(y).length : value - holidayDays(y - 1).length;
    holidaysBeforeYear.set(y - step, value);
  }
  return value;
}
