import type { IsoDate } from '../dates.ts';

const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 for an ISO date (NaN when the text is not `YYYY-MM-DD`). Integer day
 * numbers let hot loops compare, subtract and bucket dates without building `Date` objects.
 */
export function dayNumber(date: IsoDate): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return Number.NaN;
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return Number.NaN;
  return daysFromCivil(y, m, d);
}

/** Proleptic Gregorian date to days since 1970-01-01 (H. Hinnant's days_from_civil), without a Date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The day number `months` calendar months from `date`, clamping the day to the month's end (NaN if not a date). */
export function dayNumberAddMonths(date: IsoDate, months: number): number {
  if (!Number.isFinite(dayNumber(date))) return Number.NaN;
  const total = digits(date, 0, 4) * 12 + digits(date, 5, 7) - 1 + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(digits(date, 8, 10), daysInMonth(y, m)));
}

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday, as `Date#getUTCDay`. */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOfDayNumber(dayNumber(date));
}

export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Calendar year containing a day number. */
export function yearOfDayNumber(day: number): number {
  let y = 1970 + Math.floor(day / 365.2425);
  if (day < daysFromCivil(y, 1, 1)) y -= 1;
  else if (day >= daysFromCivil(y + 1, 1, 1)) y += 1;
  return y;
}

/** Adds calendar months, keeping the day of month or clamping it to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
