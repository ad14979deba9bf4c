import type { IsoDate } from '../dates.ts';
import { addDays, daysBetween, monthEnd } from '../dates.ts';
import { addMonths } from './day-number.ts';

export const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
export type Quarter = (typeof QUARTERS)[number];

/** `2024-25`: the English local government financial year 1 April 2024 to 31 March 2025. */
export type FinancialYear = string;

/**
 * A reporting period, both ends inclusive. `year` is a financial year, `quarter` a quarter of
 * it (Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March); `range` is
 * any other span, such as the 12 months to a month end.
 */
export interface Period {
  kind: 'year' | 'quarter' | 'range';
  label: string;
  start: IsoDate;
  end: IsoDate;
  financialYear: FinancialYear | null;
  quarter: Quarter | null;
}

const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/;

export function isFinancialYear(label: string): boolean {
  const m = FINANCIAL_YEAR.exec(label);
  return m !== null && (Number(m[1]) + 1) % 100 === Number(m[2]);
}

export function isQuarter(label: string): label is Quarter {
  return (QUARTERS as readonly string[]).includes(label);
}

/** The financial year containing a date: 2025-03-31 is in 2024-25, 2025-04-01 in 2025-26. */
export function financialYearOf(date: IsoDate): FinancialYear {
  const y = Number(date.slice(0, 4));
  const startYear = date.slice(5) >= '04-01' ? y : y - 1;
  return yearLabel(startYear);
}

/**
 * The period for a financial year, or for one of its quarters. Throws a RangeError on a label
 * that is not `YYYY-YY` with consecutive years, or a quarter other than Q1-Q4 (callers
 * validate user input first).
 */
export function parsePeriod(financialYear: string, quarter?: string | null): Period {
  if (!isFinancialYear(financialYear)) {
    throw new RangeError(`"${financialYear}" is not a financial year written like 2024-25`);
  }
  const startYear = Number(financialYear.slice(0, 4));
  if (quarter === undefined || quarter === null) {
    return {
      kind: 'year',
      label: financialYear,
      start: `${startYear}-04-01`,
      end: `${startYear + 1}-03-31`,
      financialYear,
      quarter: null,
    };
  }
  if (!isQuarter(quarter)) throw new RangeError(`"${quarter}" is not a quarter: use Q1, Q2, Q3 or Q4`);
  const index = QUARTERS.indexOf(quarter);
  const start = addMonths(`${startYear}-04-01`, index * 3);
  return {
    kind: 'quarter',
    label: `${financialYear} ${quarter}`,
    start,
    end: monthEnd(addMonths(start, 2)),
    financialYear,
    quarter,
  };
}

/** The four quarters of a financial year, Q1 first. */
export function quartersOf(financialYear: FinancialYear): [Period, Period, Period, Period] {
  return [
    parsePeriod(financialYear, 'Q1'),
    parsePeriod(financialYear, 'Q2'),
    parsePeriod(financialYear, 'Q3'),
    parsePeriod(financialYear, 'Q4'),
  ];
}

/**
 * The period immediately before: the previous financial year, the previous quarter (Q1's is
 * Q4 of the year before), or for a range the span of the same number of days ending the day
 * before it starts.
 */
export function previousPeriod(period: Period): Period {
  if (period.kind === 'year' && period.financialYear) {
    return parsePeriod(shiftYear(period.financialYear, -1));
  }
  if (period.kind === 'quarter' && period.financialYear && period.quarter) {
    const index = QUARTERS.indexOf(period.quarter);
    return index === 0
      ? parsePeriod(shiftYear(period.financialYear, -1), 'Q4')
      : parsePeriod(period.financialYear, QUARTERS[index - 1]);
  }
  const end = addDays(period.start, -1);
  return rangePeriod(addDays(end, -daysBetween(period.start, period.end)), end);
}

/** The same period one year earlier (for year-on-year comparison of quarters). */
export function samePeriodLastYear(period: Period): Period {
  if (period.financialYear && (period.kind === 'year' || period.kind === 'quarter')) {
    return parsePeriod(shiftYear(period.financialYear, -1), period.quarter);
  }
  return rangePeriod(addMonths(period.start, -12), addMonths(period.end, -12));
}

/** Any span of days, both ends inclusive. */
export function rangePeriod(start: IsoDate, end: IsoDate, label?: string): Period {
  return { kind: 'range', label: label ?? `${start} to ${end}`, start, end, financialYear: null, quarter: null };
}

/** The 12 months ending on `end` (inclusive): for 2024-06-30, 2023-07-01 to 2024-06-30. */
export function twelveMonthsTo(end: IsoDate): Period {
  return rangePeriod(addDays(addMonths(end, -12), 1), end, `12 months to ${end}`);
}

/** Days in a period, both ends counted. */
export function periodDays(period: Pick<Period, 'start' | 'end'>): number {
  return daysBetween(period.start, period.end) + 1;
}

/**
 * Factor turning a count over the period into a count per year: 12 ÷ months when the
 * period is whole calendar months (a quarter: 4, a year or 12 months: 1), else 365 ÷ days.
 */
export function annualisationFactor(period: Pick<Period, 'start' | 'end'>): number {
  if (period.start.endsWith('-01') && monthEnd(period.end) === period.end) {
    const months =
      (Number(period.end.slice(0, 4)) - Number(period.start.slice(0, 4))) * 12 +
      Number(period.end.slice(5, 7)) -
      Number(period.start.slice(5, 7)) +
      1;
    if (months > 0) return 12 / months;
  }
  return 365 / periodDays(period);
}

function shiftYear(financialYear: FinancialYear, years: number): FinancialYear {
  return yearLabel(Number(financialYear.slice(0, 4)) + years);
}

function yearLabel(startYear: number): FinancialYear {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}
