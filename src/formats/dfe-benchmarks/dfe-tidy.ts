import { readCsvTable, type CsvColumn } from '../csv/csv-table.ts';
import { issueValue, type ImportIssue } from '../issue.ts';
import type { DfeTidyRow, GeographicLevel, NeighbourModelRow, PublishedValue } from '../../domain/benchmarks/published.ts';
import { isLaCode } from '../../domain/la-code.ts';
export type { DfeTidyRow, GeographicLevel, NeighbourModelRow, PublishedValue } from '../../domain/benchmarks/published.ts';

/**
 * Symbols the DfE statistics service (and ONS) writes in place of a figure. Each means "not
 * published" and is kept as the symbol, never read as 0.
 */
export const DFE_SYMBOLS: Readonly<Record<string, string>> = {
  c: 'suppressed to protect confidentiality',
  x: 'not available',
  z: 'not applicable',
  u: 'of low reliability',
  k: 'fewer than 0.5, rounded to zero',
  low: 'too low to publish',
  ':': 'not available',
  '..': 'not available',
  '.': 'not applicable',
  '-': 'not available',
};

export interface DfeTidyResult {
  rows: DfeTidyRow[];
  issues: ImportIssue[];
  rowsRead: number;
  /** The file cannot be used at all: a missing column (named) or an unreadable file. */
  fatal?: { message: string; column?: string };
}

const GEOGRAPHY: readonly string[] = ['time_period', 'geographic_level', 'region_code', 'region_name', 'old_la_code', 'la_name'];

/**
 * Reads a CSV in the DfE statistics service's tidy layout (one row per period × geography ×
 * breakdown). Only England, regional and local-authority rows are kept; other levels are
 * skipped, not rejected. `valueColumns` must all be present, as must `categoryColumns`.
 * Never throws.
 */
export function parseDfeTidy(input: Buffer | string, fileName: string, spec: { valueColumns: readonly string[]; categoryColumns?: readonly string[] }): DfeTidyResult {
  const categories = spec.categoryColumns ?? [];
  const columns: CsvColumn[] = [...GEOGRAPHY, ...categories, ...spec.valueColumns].map((name) => ({ name, required: true }));
  const table = readCsvTable(input, fileName, columns);
  // Unknown columns are expected in these wide files: they are not issues worth listing.
  const issues = table.issues.filter((i) => i.severity !== 'info');
  if (table.fatal) {
    const missing = columns.find((c) => table.fatal?.message.includes(`"${c.name}"`));
    const message = missing
      ? `${fileName}: the column "${missing.name}" is missing. The DfE may have renamed it in this release; Headroom cannot read the file until it is back.`
      : `${fileName}: ${table.fatal.message}`;
    return { rows: [], issues, rowsRead: 0, fatal: missing ? { message, column: missing.name } : { message } };
  }
  const rows: DfeTidyRow[] = [];
  for (const record of table.records) {
    const c = record.cells;
    const issue = (column: string, message: string, severity: 'error' | 'warning' = 'error') =>
      issues.push({ sheet: fileName, row: record.rowNumber, column, value: issueValue(c[column]), severity, message });
    const level = levelOf(c.geographic_level ?? '');
    if (level === null) continue;
    const year = Number(/^(\d{4})(?:\d{2})?$/.exec(c.time_period ?? '')?.[1]);
    if (!Number.isInteger(year) || year < 1990 || year > 2100) {
      issue('time_period', `"${c.time_period ?? ''}" is not a year such as 2025; the row was not loaded.`);
      continue;
    }
    const code = level === 'national' ? 'E92000001' : level === 'regional' ? (c.region_code ?? '') : (c.old_la_code ?? '');
    if (level === 'la' && /^\d{3}(\s*\/\s*\d{3})+$/.test(code)) {
      // Councils sharing one children's service (e.g. 314 / 318) are published jointly; the
      // joint figure belongs to neither council alone, so it is not given to either.
      issue('old_la_code', `This row is published jointly for LAs ${code}; a joint figure is not any one council's, so it was left out.`, 'warning');
      continue;
    }
    if (level === 'la' && !isLaCode(code)) {
      issue('old_la_code', `"${code}" is not a three-digit LA number; the row was not loaded.`);
      continue;
    }
    if (level === 'regional' && code === '') {
      issue('region_code', 'A regional row without a region code; the row was not loaded.');
      continue;
    }
    const values: Record<string, PublishedValue> = {};
    for (const col of spec.valueColumns) {
      const v = readValue(c[col] ?? '');
      if (v === null) {
        issue(col, `"${c[col] ?? ''}" is neither a figure nor a DfE symbol (c, x, z, u, k, low, ..); it is shown as not published.`, 'warning');
        values[col] = { symbol: 'x' };
      } else values[col] = v;
    }
    const cats: Record<string, string> = {};
    for (const col of categories) cats[col] = c[col] ?? '';
    rows.push({
      rowNumber: record.rowNumber,
      year,
      level,
      code,
      name: level === 'national' ? 'England' : level === 'regional' ? (c.region_name ?? code) : (c.la_name ?? code),
      regionCode: c.region_code ?? '',
      regionName: c.region_name ?? '',
      categories: cats,
      values,
    });
  }
  return { rows, issues, rowsRead: table.records.length };
}

function levelOf(text: string): GeographicLevel | null {
  const t = text.trim().toLowerCase();
  if (t === 'national') return 'national';
  if (t === 'regional') return 'regional';
  if (t === 'local authority') return 'la';
  return null;
}

/** A figure (commas and a trailing % allowed), a DfE symbol, or null for anything else. */
export function readValue(text: string): PublishedValue | null {
  const t = text.trim();
  if (t === '') return { symbol: 'x' };
  const symbol = t.toLowerCase();
  if (DFE_SYMBOLS[symbol] !== undefined) return { symbol };
  const n = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$/.test(t) ? Number(t.replace(/[,%]/g, '')) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads the DfE statistical neighbour model in its wide layout (`old_la_code`, `la_name`,
 * `SN_1` … `SN_10`; the 2025 model file `sn_model_2025_wide.csv`). Never throws.
 */
export function parseNeighbourModel(input: Buffer | string, fileName: string): { rows: NeighbourModelRow[]; issues: ImportIssue[]; rowsRead: number; fatal?: { message: string; column?: string } } {
  const snColumns = Array.from({ length: 10 }, (_, i) => `SN_${i + 1}`);
  const columns: CsvColumn[] = [
    { name: 'old_la_code', required: true },
    { name: 'la_name', required: true },
    { name: 'region_name', required: false },
    ...snColumns.map((name) => ({ name, required: true })),
  ];
  const table = readCsvTable(input, fileName, columns);
  const issues = table.issues.filter((i) => i.severity !== 'info');
  if (table.fatal) {
    const missing = columns.find((c) => table.fatal?.message.includes(`"${c.name}"`));
    return {
      rows: [],
      issues,
      rowsRead: 0,
      fatal: missing ? { message: `${fileName}: the column "${missing.name}" is missing. Headroom cannot read the neighbour model until it is back.`, column: missing.name } : { message: `${fileName}: ${table.fatal.message}` },
    };
  }
  const rows: NeighbourModelRow[] = [];
  for (const record of table.records) {
    const c = record.cells;
    const code = c.old_la_code ?? '';
    if (!isLaCode(code)) {
      issues.push({ sheet: fileName, row: record.rowNumber, column: 'old_la_code', value: issueValue(code), severity: 'error', message: `"${code}" is not a three-digit LA number; the row was not loaded.` });
      continue;
    }
    const neighbours: string[] = [];
    for (const col of snColumns) {
      const n = c[col] ?? '';
      if (isLaCode(n)) neighbours.push(n);
      else issues.push({ sheet: fileName, row: record.rowNumber, column: col, value: issueValue(n), severity: 'warning', message: `"${n}" is not a three-digit LA number; this neighbour was left out.` });
    }
    rows.push({ rowNumber: record.rowNumber, laCode: code, laName: c.la_name ?? code, regionName: c.region_name ?? '', neighbours });
  }
  return { rows, issues, rowsRead: table.records.length };
}
