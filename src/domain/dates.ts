/**
 * Calendar dates travel through Headroom as ISO strings `YYYY-MM-DD`: they compare correctly
 * as strings, serialise unchanged to JSON and SQL `date`, and carry no time zone.
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function toIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function parseIso(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = parseIso(date);
  d.setUTCDate(d.getUTCDate() + days);
  return toIsoDate(d);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((parseIso(to).getTime() - parseIso(from).getTime()) / 86_400_000);
}

/** Last day of the month containing `date`. */
export function monthEnd(date: IsoDate): IsoDate {
  const d = parseIso(date);
  return toIsoDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

/** Month ends from the month of `from` to the month of `to`, inclusive. */
export function monthEnds(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const start = parseIso(from);
  const last = monthEnd(to);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
    const end = toIsoDate(new Date(Date.UTC(y, m + 1, 0)));
    if (end > last) break;
    out.push(end);
  }
  return out;
}
