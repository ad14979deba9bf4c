import { SUPPRESSED, type PublishedNumber } from '../../domain/disclosure/suppression.ts';
import type { KpiUnit } from '../../domain/flow/kpi.ts';
import type { PerformanceReport, ReportRow } from './model.ts';

/** Shown where a figure has no value: nothing to divide by, or no population figure. */
export const NO_VALUE = '–';

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** A published figure as the report prints it: `6,859`, `15.1%`, `449.2`, `c`, or `–` for no value. */
export function formatFigure(value: PublishedNumber | null, unit: KpiUnit): string {
  if (value === null) return NO_VALUE;
  if (value === SUPPRESSED) return SUPPRESSED;
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  if (unit === 'rate_per_10k') return value.toFixed(1);
  return COUNT.format(value);
}

const ARROWS = { up: '↑', down: '↓', same: '→' } as const;

/**
 * The direction of travel in words, so that it is never carried by an arrow or a colour alone:
 * the arrow (or null) and the words, such as `up, better`, `down`, `no change`.
 */
export function directionOf(row: Pick<ReportRow, 'direction' | 'judgement' | 'directionWithheld'>): { arrow: string | null; words: string } {
  if (row.direction === null) return { arrow: null, words: row.directionWithheld ? 'withheld (small numbers)' : 'not comparable' };
  if (row.direction === 'same') return { arrow: ARROWS.same, words: 'no change' };
  const moved = row.direction === 'up' ? 'up' : 'down';
  const words = row.judgement === 'better' || row.judgement === 'worse' ? `${moved}, ${row.judgement}` : moved;
  return { arrow: ARROWS[row.direction], words };
}

export function directionText(row: Pick<ReportRow, 'direction' | 'judgement' | 'directionWithheld'>): string {
  const { arrow, words } = directionOf(row);
  return arrow === null ? words : `${arrow} ${words}`;
}

/** A cell of a section table, before a renderer turns it into text or a spreadsheet value. */
export type ReportCell =
  | { kind: 'text'; text: string }
  | { kind: 'figure'; value: PublishedNumber | null; unit: KpiUnit }
  | { kind: 'direction'; arrow: string | null; words: string }
  | { kind: 'blank' };

export interface ReportColumn {
  heading: string;
  numeric: boolean;
}

/** The columns of every section table, the same in Word, Excel and HTML. */
export function reportColumns(report: Pick<PerformanceReport, 'previousYear'>): ReportColumn[] {
  const figure = (heading: string): ReportColumn => ({ heading, numeric: true });
  return [
    { heading: 'Measure', numeric: false },
    figure('Number'),
    figure('Out of'),
    figure('% or rate'),
    figure(report.previousYear.heading),
    figure('Q1'),
    figure('Q2'),
    figure('Q3'),
    figure('Q4'),
    { heading: 'Direction of travel', numeric: false },
    { heading: 'Source', numeric: false },
  ];
}

/**
 * A row's cells in the order of `reportColumns`. Number is the numerator (the count itself for a
 * count); Out of is the denominator of a percentage or the population of a rate; the previous
 * year and the quarters show the published value in the row's unit.
 */
export function rowCells(row: ReportRow): ReportCell[] {
  const count = (value: PublishedNumber | null): ReportCell => ({ kind: 'figure', value, unit: 'count' });
  const valueCell = (value: PublishedNumber | null): ReportCell => ({ kind: 'figure', value, unit: row.unit });
  const isCount = row.unit === 'count';
  return [
    { kind: 'text', text: row.label },
    count(row.current.numerator),
    isCount ? { kind: 'blank' } : count(row.current.denominator),
    isCount ? { kind: 'blank' } : valueCell(row.current.value),
    valueCell(row.previousYear?.value ?? null),
    ...row.quarters.map((q): ReportCell => (q.figures === null ? { kind: 'blank' } : valueCell(q.figures.value))),
    { kind: 'direction', ...directionOf(row) },
    { kind: 'text', text: row.source },
  ];
}

export function cellText(cell: ReportCell): string {
  switch (cell.kind) {
    case 'text':
      return cell.text;
    case 'figure':
      return formatFigure(cell.value, cell.unit);
    case 'direction':
      return cell.arrow === null ? cell.words : `${cell.arrow} ${cell.words}`;
    case 'blank':
      return '';
  }
}
