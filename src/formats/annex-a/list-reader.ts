/**
 * Reads the rows of one Annex A list, whatever they came from (a worksheet or a CSV file):
 * finds the header row, maps headers to the data map's columns, converts each row and applies
 * the row policy. Every non-blank row after the header is counted once, as loaded or rejected.
 */
import type { IsoDate } from '../../domain/dates.ts';
import { issueValue } from '../issue.ts';
import type { ImportIssue, Severity } from '../issue.ts';
import { headerKey, headerText, listSpec } from './data-map.ts';
import type { ColumnSpec, ListSpec } from './data-map.ts';
import type { AnnexAListNumber } from './types.ts';
import { BLANK, cellDisplay, convertCell, headerOf, isBlankRow } from './values.ts';
import type { Cell } from './values.ts';

/** Rows searched for the header, counting only non-blank rows. */
export const HEADER_SEARCH_ROWS = 20;
const MIN_HEADER_SCORE = 2;

export interface ListSummary {
  list: AnnexAListNumber;
  sheet: string;
  rowsRead: number;
  loaded: number;
  rejected: number;
}

/** What a list reader reports to the file-level parse. */
export interface ListSink {
  issue(issue: ImportIssue): void;
  row(list: AnnexAListNumber, row: Record<string, unknown>): void;
  date(date: IsoDate): void;
  rowRead(): void;
  readonly date1904: boolean;
}

interface HeaderIndex {
  byKey: Map<string, ColumnSpec>;
}

const headerIndexes = new Map<AnnexAListNumber, HeaderIndex>();

function headerIndex(list: AnnexAListNumber): HeaderIndex {
  const cached = headerIndexes.get(list);
  if (cached) return cached;
  const byKey = new Map<string, ColumnSpec>();
  const spec = listSpec(list);
  for (const column of spec.columns) byKey.set(headerKey(column.header), column);
  for (const column of spec.columns) {
    for (const variant of column.variants) {
      const key = headerKey(variant);
      if (!byKey.has(key)) byKey.set(key, column);
    }
  }
  const index = { byKey };
  headerIndexes.set(list, index);
  return index;
}

function matchExact(list: AnnexAListNumber, header: string): ColumnSpec | undefined {
  return headerIndex(list).byKey.get(headerKey(header));
}

function matchPattern(spec: ListSpec, header: string, taken: ReadonlySet<string>): ColumnSpec | undefined {
  const text = headerText(header);
  return spec.columns.find((c) => c.pattern !== undefined && !taken.has(c.field) && c.pattern.test(text));
}

/** How many of the list's columns a row's cells name. */
function headerScore(list: AnnexAListNumber, cells: readonly Cell[]): number {
  const spec = listSpec(list);
  const found = new Set<string>();
  for (const cell of cells) {
    const header = headerOf(cell);
    if (!header || header.length > 300) continue;
    const column = matchExact(list, header) ?? matchPattern(spec, header, found);
    if (column) found.add(column.field);
  }
  return found.size;
}

interface Mapped {
  index: number;
  header: string;
  column: ColumnSpec;
}

function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export class ListReader {
  readonly summary: ListSummary;
  private readonly spec: ListSpec;
  private pending: Array<{ rowNumber: number; cells: Cell[] }> = [];
  private decided = false;
  private mapped: Mapped[] = [];
  private headed = new Set<number>();
  private reportedUnheaded = new Set<number>();
  private rejectAll = false;
  private readonly forcedReject: boolean;

  /** `rejectReason` set: the sheet is read only to count its rows, all rejected (e.g. a second sheet for the same list). */
  constructor(
    private readonly sink: ListSink,
    readonly list: AnnexAListNumber,
    readonly sheet: string,
    rejectReason?: string,
  ) {
    this.spec = listSpec(list);
    this.summary = { list, sheet, rowsRead: 0, loaded: 0, rejected: 0 };
    this.forcedReject = rejectReason !== undefined;
    if (rejectReason !== undefined) this.report('warning', 0, rejectReason);
  }

  push(rowNumber: number, cells: Cell[]): void {
    if (isBlankRow(cells)) return;
    if (this.decided) {
      this.process(rowNumber, cells);
      return;
    }
    this.pending.push({ rowNumber, cells });
    if (this.pending.length >= HEADER_SEARCH_ROWS) this.decide();
  }

  finish(): ListSummary {
    if (!this.decided) {
      if (this.pending.length === 0) {
        this.decided = true;
        this.report('warning', 0, `${this.title()} has no rows at all, not even a header row.`);
      } else {
        this.decide();
      }
    }
    return this.summary;
  }

  private title(): string {
    return `List ${this.list} (${this.spec.name.toLowerCase()}) in "${this.sheet}"`;
  }

  private report(severity: Severity, row: number, message: string, column?: string, value?: string): void {
    this.sink.issue({
      list: this.list,
      sheet: this.sheet,
      row,
      ...(column !== undefined ? { column } : {}),
      ...(value !== undefined ? { value } : {}),
      severity,
      message,
    });
  }

  private decide(): void {
    this.decided = true;
    let best = -1;
    let bestScore = 0;
    this.pending.forEach((p, i) => {
      const score = headerScore(this.list, p.cells);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    const rows = this.pending;
    this.pending = [];
    if (best < 0 || bestScore < MIN_HEADER_SCORE) {
      this.rejectAll = true;
      this.report(
        'error',
        rows[0]?.rowNumber ?? 0,
        `${this.title()}: no header row was found in the first ${HEADER_SEARCH_ROWS} rows (expected headers such as "${this.spec.columns[0]?.header}"), so none of its rows could be loaded.`,
      );
      for (const r of rows) this.process(r.rowNumber, r.cells);
      return;
    }
    const header = rows[best];
    if (this.forcedReject) this.rejectAll = true;
    else if (header) this.mapHeader(header.rowNumber, header.cells);
    for (const r of rows.slice(best + 1)) this.process(r.rowNumber, r.cells);
  }

  private mapHeader(rowNumber: number, cells: readonly Cell[]): void {
    const taken = new Map<string, Mapped>();
    const unmatched: Array<{ index: number; header: string }> = [];
    cells.forEach((cell, index) => {
      const header = headerOf(cell);
      if (!header) return;
      this.headed.add(index);
      const column = matchExact(this.list, header);
      if (!column) {
        unmatched.push({ index, header });
        return;
      }
      this.claim(taken, { index, header, column }, rowNumber);
    });
    for (const u of unmatched) {
      const column = matchPattern(this.spec, u.header, new Set(taken.keys()));
      if (column) {
        this.claim(taken, { index: u.index, header: u.header, column }, rowNumber);
      } else {
        this.report('info', rowNumber, `Column "${u.header}" is not part of ${this.title()}; it was ignored.`, u.header, issueValue(u.header));
      }
    }
    this.mapped = [...taken.values()].sort((a, b) => a.index - b.index);
    for (const column of this.spec.columns) {
      if (taken.has(column.field)) continue;
      if (column.required) {
        this.rejectAll = true;
        this.report(
          'error',
          rowNumber,
          `${this.title()} has no "${column.header}" column, which is required, so none of its rows could be loaded.`,
          column.header,
        );
      } else {
        this.report('info', rowNumber, `${this.title()} has no "${column.header}" column; it is left blank for every row.`, column.header);
      }
    }
  }

  private claim(taken: Map<string, Mapped>, m: Mapped, rowNumber: number): void {
    const first = taken.get(m.column.field);
    if (first) {
      this.report(
        'warning',
        rowNumber,
        `Column "${m.header}" (column ${columnLetter(m.index)}) repeats "${first.header}" (column ${columnLetter(first.index)}); the first one was used.`,
        m.header,
      );
      return;
    }
    taken.set(m.column.field, m);
  }

  private process(rowNumber: number, cells: readonly Cell[]): void {
    this.summary.rowsRead++;
    this.sink.rowRead();
    if (this.rejectAll) {
      this.summary.rejected++;
      return;
    }
    this.reportUnheaded(rowNumber, cells);
    const row: Record<string, unknown> = { rowNumber };
    for (const column of this.spec.columns) row[column.field] = null;
    let rejected = false;
    const dates: IsoDate[] = [];
    for (const m of this.mapped) {
      const cell = cells[m.index] ?? BLANK;
      const outcome = this.convert(rowNumber, m, cell);
      if (outcome.rejected) rejected = true;
      row[m.column.field] = outcome.value;
      if (m.column.type === 'date' && typeof outcome.value === 'string' && m.column.field !== 'dateOfBirth') dates.push(outcome.value);
    }
    if (rejected) {
      this.summary.rejected++;
      return;
    }
    this.summary.loaded++;
    this.sink.row(this.list, row);
    for (const d of dates) this.sink.date(d);
  }

  /** Reports a cell that could not be used; its value is shown only here, as most cells convert cleanly. */
  private fail(rowNumber: number, m: Mapped, cell: Cell, problem: string): { value: unknown; rejected: boolean } {
    const shown = issueValue(cellDisplay(cell));
    if (m.column.required) {
      this.report('error', rowNumber, `${m.header}: ${problem}; this value is required, so the row was not loaded.`, m.header, shown);
      return { value: null, rejected: true };
    }
    this.report('warning', rowNumber, `${m.header}: ${problem}; it was left blank.`, m.header, shown);
    return { value: null, rejected: false };
  }

  private convert(rowNumber: number, m: Mapped, cell: Cell): { value: unknown; rejected: boolean } {
    const { column, header } = m;
    switch (cell.kind) {
      case 'blank':
        if (column.required) {
          this.report('error', rowNumber, `${header} is blank; this value is required, so the row was not loaded.`, header);
          return { value: null, rejected: true };
        }
        return { value: null, rejected: false };
      case 'error':
        return this.fail(
          rowNumber,
          m,
          cell,
          cell.text.startsWith('#') ? `the cell holds the Excel error ${cell.text} (often a broken lookup formula)` : `the cell holds ${cell.text}`,
        );
      case 'noResult':
        return this.fail(rowNumber, m, cell, 'the cell is a formula with no saved result (open the file in Excel and save it so the results are stored)');
      default: {
        const converted = convertCell(cell, column, this.sink.date1904);
        if (!converted.ok) return this.fail(rowNumber, m, cell, converted.problem);
        if (converted.note) this.report('warning', rowNumber, `${header}: ${converted.note}.`, header, issueValue(cellDisplay(cell)));
        return { value: converted.value, rejected: false };
      }
    }
  }

  private reportUnheaded(rowNumber: number, cells: readonly Cell[]): void {
    for (let index = 0; index < cells.length; index++) {
      const cell = cells[index] ?? BLANK;
      if (cell.kind === 'blank' || this.headed.has(index) || this.reportedUnheaded.has(index)) continue;
      this.reportedUnheaded.add(index);
      this.report('info', rowNumber, `Column ${columnLetter(index)} holds values but has no header; it was ignored.`, columnLetter(index), issueValue(cellDisplay(cell)));
    }
  }
}
