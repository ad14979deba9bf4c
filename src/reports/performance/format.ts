import { SUPPRESSED, type PublishedNumber } from '../../domain/disclosure/suppression.ts';
import type { KpiUnit } from '../../domain/flow/kpi.ts';
import { longDate } from '../common/text.ts';
import type { PerformanceReport, ReportFigures, ReportRow } from './model.ts';

/** Shown where a figure has no value: nothing to divide by, or no population figure. */
export const NO_VALUE = '–';
/** Shown where the loaded data does not cover the period at all: never 0. */
export const NO_DATA = 'no data';
/** Shown in a comparison column for a period the data covers only in part. */
export const PART_ONLY = 'part only';

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
  /** Share of the table's width, relative to the other columns (Word and HTML). */
  weight: number;
  /** Width in characters (Excel). */
  chars: number;
}

/** The columns of every section table, the same in Word, Excel and HTML. */
export function reportColumns(report: Pick<PerformanceReport, 'previousYear' | 'yearToDate'>): ReportColumn[] {
  const figure = (heading: string, weight = 6, chars = 10): ReportColumn => ({ heading, numeric: true, weight, chars });
  const ytd = report.yearToDate;
  return [
    { heading: 'Measure', numeric: false, weight: 22, chars: 60 },
    figure('Number', 7),
    figure('Out of', 7),
    figure('% or rate', 7),
    figure(report.previousYear.heading, 9, 22),
    ...(ytd ? [figure(ytd.heading, 8, 14), figure(ytd.previousHeading, 8, 18)] : []),
    figure('Q1', 6, 9),
    figure('Q2', 6, 9),
    figure('Q3', 6, 9),
    figure('Q4', 6, 9),
    { heading: 'Direction of travel', numeric: false, weight: 10, chars: 24 },
    { heading: 'Source', numeric: false, weight: 12, chars: 50 },
  ];
}

/** A figure as far as its period is covered: the value, "no data", or (in a comparison column) "part only". */
function coveredCell(figures: ReportFigures | null, value: PublishedNumber | null, unit: KpiUnit, comparison: boolean): ReportCell {
  if (figures?.coverage === 'none') return { kind: 'text', text: NO_DATA };
  if (comparison && figures?.coverage === 'partial') return { kind: 'text', text: PART_ONLY };
  return { kind: 'figure', value, unit };
}

/**
 * A row's cells in the order of `reportColumns`. Number is the numerator (the count itself for a
 * count); Out of is the denominator of a percentage or the population of a rate; the previous
 * year and the quarters show the published value in the row's unit.
 */
export function rowCells(row: ReportRow): ReportCell[] {
  const isCount = row.unit === 'count';
  const current = row.current;
  const previous = (f: ReportFigures | null): ReportCell => (f === null ? { kind: 'figure', value: null, unit: row.unit } : coveredCell(f, f.value, row.unit, true));
  const ytd = row.yearToDate;
  return [
    { kind: 'text', text: row.current.coverage === 'partial' && row.current.covers ? `${row.label} (${coverageText(row.current.covers)})` : row.label },
    coveredCell(current, current.numerator, 'count', false),
    isCount ? { kind: 'blank' } : coveredCell(current, current.denominator, 'count', false),
    isCount ? { kind: 'blank' } : coveredCell(current, current.value, row.unit, false),
    previous(row.previousYear),
    ...(ytd ? [previous(ytd.current), previous(ytd.previousYear)] : []),
    ...row.quarters.map((q): ReportCell => (q.figures === null ? { kind: 'blank' } : coveredCell(q.figures, q.figures.value, row.unit, true))),
    { kind: 'direction', ...directionOf(row) },
    { kind: 'text', text: row.source },
  ];
}

function coverageText(covers: { from: string; to: string }): string {
  return `covers ${longDate(covers.from)} to ${longDate(covers.to)} only`;
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
