import { parse } from 'csv-parse/sync';
import { issueValue, type ImportIssue } from '../issue.ts';
import { INPUT_LIMITS, megabytes } from '../limits.ts';

export interface CsvColumn {
  /** Canonical column name, as documented. */
  name: string;
  required: boolean;
  /** Other headers accepted for this column (compared after normalising). */
  aliases?: readonly string[];
}

export interface CsvRecord {
  /** Row number as a spreadsheet shows it: the header is row 1. */
  rowNumber: number;
  /** Trimmed cell text by canonical column name; '' when blank or absent. */
  cells: Record<string, string>;
}

export interface CsvTable {
  records: CsvRecord[];
  issues: ImportIssue[];
  fatal?: { code: 'unreadable' | 'empty' | 'no_header' | 'too_large'; message: string };
}

/** Header matching ignores case, spaces, underscores, hyphens and a byte-order mark. */
export function normaliseHeader(h: string): string {
  return h.replace(/^\ufeff/, '').toLowerCase().replace(/[\s_\-./()]+/g, '');
}

/**
 * Reads a CSV file into records keyed by canonical column names. Blank lines are skipped (they
 * are not rows); a missing required column is fatal for the file; unknown columns are noted.
 * Never throws.
 */
export function readCsvTable(input: Buffer | string, fileName: string, columns: readonly CsvColumn[]): CsvTable {
  // These tables (staff, teams, allocations, population) are far smaller than Annex A; the size
  // limit keeps one decoded string of the file well inside what the JavaScript engine can hold.
  if (input.length > CSV_TABLE_MAX_BYTES) {
    return { records: [], issues: [], fatal: { code: 'too_large', message: `The file is larger than ${megabytes(CSV_TABLE_MAX_BYTES)}, the most Headroom reads for this kind of file.` } };
  }
  const text = (typeof input === 'string' ? input : decode(input)).replace(/^\ufeff/, '');
  if (text.trim() === '') return { records: [], issues: [], fatal: { code: 'empty', message: 'The file is empty.' } };
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true, trim: false, to_line: INPUT_LIMITS.maxRows + 1 }) as string[][];
  } catch (err) {
    return { records: [], issues: [], fatal: { code: 'unreadable', message: `The file could not be read as CSV (${(err as Error).message.split('\n')[0]}).` } };
  }
  if (rows.length > INPUT_LIMITS.maxRows) {
    return { records: [], issues: [], fatal: { code: 'too_large', message: `The file has more than ${INPUT_LIMITS.maxRows.toLocaleString('en-GB')} rows, the most Headroom reads from one file.` } };
  }
  const headerIndex = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  const header = rows[headerIndex] ?? [];
  const lookup = new Map<string, CsvColumn>();
  for (const c of columns) for (const a of [c.name, ...(c.aliases ?? [])]) lookup.set(normaliseHeader(a), c);
  const positions = new Map<string, number>();
  const issues: ImportIssue[] = [];
  header.forEach((h, i) => {
    const col = lookup.get(normaliseHeader(h));
    if (!col) {
      if (h.trim() !== '') issues.push({ sheet: fileName, row: headerIndex + 1, column: h.trim(), severity: 'info', message: `The column "${h.trim()}" is not one Headroom uses; it was ignored.` });
      return;
    }
    if (positions.has(col.name)) {
      issues.push({ sheet: fileName, row: headerIndex + 1, column: h.trim(), severity: 'warning', message: `The column "${col.name}" appears twice; the first one was used.` });
      return;
    }
    positions.set(col.name, i);
  });
  const missing = columns.filter((c) => c.required && !positions.has(c.name));
  if (missing.length === columns.filter((c) => c.required).length && positions.size === 0) {
    return { records: [], issues, fatal: { code: 'no_header', message: `No recognisable header row: expected the columns ${columns.map((c) => c.name).join(', ')}.` } };
  }
  if (missing.length > 0) {
    return {
      records: [],
      issues,
      fatal: { code: 'no_header', message: `The required column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c.name}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing from the header row.` },
    };
  }
  const records: CsvRecord[] = [];
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (row.every((c) => c.trim() === '')) continue;
    const cells: Record<string, string> = {};
    for (const c of columns) cells[c.name] = cleanCell(row[positions.get(c.name) ?? -1] ?? '');
    records.push({ rowNumber: r + 1, cells });
  }
  return { records, issues };
}

const CSV_TABLE_MAX_BYTES = 64 * 1024 * 1024;
/** The longest text kept in a cell; a longer one rejects its row (names and ids are far shorter). */
export const MAX_CELL_CHARS = 500;

/** Trimmed, non-breaking spaces made plain, and control characters (NUL and the like, which cannot be stored) removed. */
function cleanCell(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/[\u00a0\t\r\n]/g, ' ').trim();
}

function decode(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  // A file saved by Excel as "CSV" (not "CSV UTF-8") is Windows-1252: fall back when UTF-8 is invalid.
  return utf8.includes('\ufffd') ? new TextDecoder('windows-1252').decode(bytes) : utf8;
}

/** Helpers for row checks: each returns the parsed value or records an issue. */
export class RowChecker {
  readonly issues: ImportIssue[] = [];
  rejected = false;

  constructor(
    private readonly fileName: string,
    private readonly record: CsvRecord,
  ) {}

  private add(column: string, severity: 'error' | 'warning', message: string): void {
    this.issues.push({ sheet: this.fileName, row: this.record.rowNumber, column, value: issueValue(this.record.cells[column]), severity, message });
    if (severity === 'error') this.rejected = true;
  }

  error(column: string, message: string): void {
    this.add(column, 'error', message);
  }

  warn(column: string, message: string): void {
    this.add(column, 'warning', message);
  }

  text(column: string, required: boolean): string | null {
    const v = this.record.cells[column] ?? '';
    if (v === '') {
      if (required) this.error(column, `${column} is required; the row was not loaded.`);
      return null;
    }
    if (v.length > MAX_CELL_CHARS) {
      this.error(column, `${column} is longer than ${MAX_CELL_CHARS} characters; the row was not loaded.`);
      return null;
    }
    return v;
  }

  date(column: string, required: boolean): string | null {
    const v = this.record.cells[column] ?? '';
    if (v === '') {
      if (required) this.error(column, `${column} is required; the row was not loaded.`);
      return null;
    }
    const iso = parseDate(v);
    if (!iso) this.error(column, `${column} "${v}" is not a real date; write it as YYYY-MM-DD or DD/MM/YYYY. The row was not loaded.`);
    return iso;
  }

  yesNo(column: string, fallback: boolean): boolean {
    const v = (this.record.cells[column] ?? '').toLowerCase();
    if (v === '') return fallback;
    if (['yes', 'y', 'true', '1'].includes(v)) return true;
    if (['no', 'n', 'false', '0'].includes(v)) return false;
    this.warn(column, `${column} "${this.record.cells[column]}" is not yes or no; it was taken as ${fallback ? 'yes' : 'no'}.`);
    return fallback;
  }
}

/** ISO `yyyy-mm-dd`, `dd/mm/yyyy` or `d/m/yy` to ISO; null for anything else or an impossible date. */
export function parseDate(text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (uk) [d, m, y] = [Number(uk[1]), Number(uk[2]), uk[3]!.length === 2 ? 2000 + Number(uk[3]) : Number(uk[3])];
  else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}
