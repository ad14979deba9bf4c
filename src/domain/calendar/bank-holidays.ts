import type { IsoDate } from '../dates.ts';
import { dayNumber, fromDayNumber, weekdayOfDayNumber } from './day-number.ts';

/**
 * One-off changes to the England and Wales bank holidays, as proclaimed and listed on
 * GOV.UK (https://www.gov.uk/bank-holidays). `moved` replaces the regular day of that name
 * in that year; `added` are extra days.
 */
export const BANK_HOLIDAY_EXCEPTIONS: Readonly<Record<number, { moved?: Partial<Record<RegularHoliday, IsoDate>>; added?: readonly IsoDate[] }>> = {
  1995: { moved: { early_may: '1995-05-08' } },
  1999: { added: ['1999-12-31'] },
  2002: { moved: { spring: '2002-06-04' }, added: ['2002-06-03'] },
  2011: { added: ['2011-04-29'] },
  2012: { moved: { spring: '2012-06-04' }, added: ['2012-06-05'] },
  2020: { moved: { early_may: '2020-05-08' } },
  2022: { moved: { spring: '2022-06-02' }, added: ['2022-06-03', '2022-09-19'] },
  2023: { added: ['2023-05-08'] },
};

export type RegularHoliday = 'new_year' | 'good_friday' | 'easter_monday' | 'early_may' | 'spring' | 'summer' | 'christmas' | 'boxing_day';

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const cache = new Map<number, readonly IsoDate[]>();

/**
 * England and Wales bank holidays of a calendar year, sorted. Today's rules (including the
 * early May holiday, first held in 1978) are applied to every year, with the one-off changes
 * above; years before 1978 are therefore not historically exact.
 */
export function bankHolidays(year: number): readonly IsoDate[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const exception = BANK_HOLIDAY_EXCEPTIONS[year];
  const regular = regularHolidays(year);
  const days = new Set<IsoDate>();
  for (const [name, date] of Object.entries(regular) as [RegularHoliday, IsoDate][]) {
    days.add(exception?.moved?.[name] ?? date);
  }
  for (const date of exception?.added ?? []) days.add(date);
  const sorted = [...days].sort();
  cache.set(year, sorted);
  return sorted;
}

export function isBankHoliday(date: IsoDate): boolean {
  return bankHolidays(Number(date.slice(0, 4))).includes(date);
}

function regularHolidays(year: number): Record<RegularHoliday, IsoDate> {
  const easter = dayNumber(easterSunday(year));
  const jan1 = dayNumber(`${pad(year, 4)}-01-01`);
  const dec25 = dayNumber(`${pad(year, 4)}-12-25`);
  const christmasWeekday = weekdayOfDayNumber(dec25);
  // Christmas on Saturday: Mon 27 and Tue 28; on Sunday: Boxing Day Mon 26, Christmas Tue 27;
  // on Friday: Boxing Day moves to Mon 28.
  const christmas = christmasWeekday === 6 || christmasWeekday === 0 ? dec25 + 2 : dec25;
  const boxing = christmasWeekday === 6 ? dec25 + 3 : christmasWeekday === 0 ? dec25 + 1 : christmasWeekday === 5 ? dec25 + 3 : dec25 + 1;
  return {
    new_year: fromDayNumber(nextWeekday(jan1)),
    good_friday: fromDayNumber(easter - 2),
    easter_monday: fromDayNumber(easter + 1),
    early_may: fromDayNumber(firstMonday(dayNumber(`${pad(year, 4)}-05-01`))),
    spring: fromDayNumber(firstMonday(dayNumber(`${pad(year, 4)}-05-25`))),
    summer: fromDayNumber(firstMonday(dayNumber(`${pad(year, 4)}-08-25`))),
    christmas: fromDayNumber(christmas),
    boxing_day: fromDayNumber(boxing),
  };
}

/** The day itself, or the following Monday when it falls on a weekend. */
function nextWeekday(day: number): number {
  const w = weekdayOfDayNumber(day);
  return w === 6 ? day + 2 : w === 0 ? day + 1 : day;
}

function firstMonday(from: number): number {
  return from + ((8 - weekdayOfDayNumber(from)) % 7);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
