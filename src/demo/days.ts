import { dayNumber, fromDayNumber } from '../domain/calendar/index.ts';
import type { IsoDate } from '../domain/dates.ts';

const names = new Map<number, IsoDate>();

/**
 * `date` plus `days` calendar days. The simulation calls this a few million times over a few
 * thousand distinct days, so each day's text is built once.
 */
export function plusDays(date: IsoDate, days: number): IsoDate {
  const day = dayNumber(date) + days;
  let name = names.get(day);
  if (name === undefined) {
    name = fromDayNumber(day);
    names.set(day, name);
  }
  return name;
}
