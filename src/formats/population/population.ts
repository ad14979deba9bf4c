import { stringify } from 'csv-stringify/sync';
import { normaliseHeader, readCsvTable, RowChecker, type CsvColumn, type CsvRecord } from '../csv/csv-table.ts';
import type { TableParseResult } from '../csv/result.ts';
import type { ImportIssue } from '../issue.ts';

export interface PopulationRow {
  year: number;
  children0to17: number;
}

export const POPULATION_COLUMNS: readonly CsvColumn[] = [
  { name: 'year', required: true, aliases: ['time_period'] },
  { name: 'children_0_17', required: true, aliases: ['children', 'population', 'population_estimate'] },
];

const ONS_COLUMNS: readonly CsvColumn[] = [
  { name: 'time_period', required: true },
  { name: 'geographic_level', required: true },
  { name: 'old_la_code', required: true },
  { name: 'new_la_code', required: false },
  { name: 'la_name', required: false },
  { name: 'age_group', required: false },
  { name: 'population_estimate', required: true },
  { name: 'time_identifier', required: false },
  { name: 'country_code', required: false },
  { name: 'country_name', required: false },
  { name: 'region_code', required: false },
  { name: 'region_name', required: false },
];

/** Symbols the DfE statistics service writes in place of a figure. */
const DFE_SYMBOLS: Readonly<Record<string, string>> = {
  x: 'not available',
  c: 'suppressed to protect confidentiality',
  z: 'not applicable',
  u: 'of low reliability',
  ':': 'not available',
  '..': 'not available',
  low: 'too low to publish',
};

/**
 * Children aged 0-17 by year (docs/formats/population.md), from either a simple
 * `year,children_0_17` CSV or the DfE/ONS mid-year estimates layout. The ONS layout holds every
 * LA: only the local authority rows of `laCode` (the three-digit `old_la_code`, or a nine-
 * character `new_la_code` such as E10000018) are read, and an LA the file does not hold is fatal. Never throws.
 */
export function parsePopulation(input: Buffer | string, opts: { fileName: string; laCode: string }): TableParseResult<PopulationRow> {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const isOns = firstLine.split(',').some((h) => normaliseHeader(h.replace(/"/g, '')) === normaliseHeader('old_la_code'));
  return isOns ? parseOns(input, opts) : parseSimple(input, opts.fileName);
}

function parseSimple(input: Buffer | string, fileName: string): TableParseResult<PopulationRow> {
  const table = readCsvTable(input, fileName, POPULATION_COLUMNS);
  return readRows(table.records, table.issues, table.fatal, fileName, 'year', 'children_0_17');
}

/** Rows of other LAs, regions, England and other age groups are not this LA's: skipped, not rejected, and not counted as read. */
function parseOns(input: Buffer | string, opts: { fileName: string; laCode: string }): TableParseResult<PopulationRow> {
  const table = readCsvTable(input, opts.fileName, ONS_COLUMNS);
  if (table.fatal) return { rows: [], issues: table.issues, rowsRead: 0, fatal: table.fatal };
  const code = opts.laCode.trim().toUpperCase();
  const las = table.records.filter((r) => r.cells.geographic_level?.toLowerCase() === 'local authority');
  const byNewCode = /^E\d{8}$/.test(code);
  const ofLa = las.filter((r) => (byNewCode ? r.cells.new_la_code?.toUpperCase() === code : r.cells.old_la_code === code));
  if (ofLa.length === 0) {
    const codes = new Set(las.map((r) => r.cells.old_la_code).filter((c) => c));
    const example = las.find((r) => r.cells.old_la_code && r.cells.la_name);
    const hint = example ? `, for example ${example.cells.old_la_code} for ${example.cells.la_name}` : '';
    return {
      rows: [],
      issues: table.issues,
      rowsRead: 0,
      fatal: {
        code: 'la_not_found',
        message: `LA ${opts.laCode} is not in this file. It holds ${codes.size} local authorities, each by its three-digit DfE number in old_la_code${hint}.`,
      },
    };
  }
  const mine = ofLa.filter((r) => !r.cells.age_group || isChildren0to17(r.cells.age_group));
  if (mine.length === 0) {
    const groups = [...new Set(ofLa.map((r) => r.cells.age_group))].slice(0, 5).join('; ');
    return { rows: [], issues: table.issues, rowsRead: 0, fatal: { code: 'no_children_0_17', message: `The file has rows for LA ${opts.laCode}, but none for children aged 0 to 17 (it has: ${groups}).` } };
  }
  return readRows(mine, table.issues, undefined, opts.fileName, 'time_period', 'population_estimate');
}

function isChildren0to17(ageGroup: string): boolean {
  return /\b0\s*(to|-|–)\s*17\b/i.test(ageGroup);
}

function readRows(
  records: readonly CsvRecord[],
  headerIssues: readonly ImportIssue[],
  fatal: TableParseResult<PopulationRow>['fatal'],
  fileName: string,
  yearColumn: string,
  countColumn: string,
): TableParseResult<PopulationRow> {
  const result: TableParseResult<PopulationRow> = { rows: [], issues: [...headerIssues], rowsRead: records.length, fatal };
  const seen = new Map<number, number>();
  for (const record of records) {
    const check = new RowChecker(fileName, record);
    const y = year(check, yearColumn, record.cells[yearColumn] ?? '');
    const n = count(check, countColumn, record.cells[countColumn] ?? '', y);
    if (y !== null && seen.has(y)) check.error(yearColumn, `The year ${y} is already on row ${seen.get(y)}; this row was not loaded.`);
    result.issues.push(...check.issues);
    if (check.rejected || y === null || n === null) continue;
    seen.set(y, record.rowNumber);
    result.rows.push({ rowNumber: record.rowNumber, value: { year: y, children0to17: n } });
  }
  return result;
}

/** A year such as `2024`, or the first year of a period such as `2024-25` or `202425`. */
function year(check: RowChecker, column: string, value: string): number | null {
  const y = Number(/^(\d{4})(?:\D?\d{2}|\D\d{4})?$/.exec(value)?.[1]);
  if (!Number.isInteger(y) || y < 1990 || y > 2100) {
    check.error(column, value === '' ? `${column} is required; the row was not loaded.` : `"${value}" is not a year such as 2024; the row was not loaded.`);
    return null;
  }
  return y;
}

function count(check: RowChecker, column: string, value: string, y: number | null): number | null {
  const symbol = DFE_SYMBOLS[value.toLowerCase()];
  if (symbol) {
    check.error(column, `The figure${y === null ? '' : ` for ${y}`} is marked "${value}" (${symbol}); that year was not loaded.`);
    return null;
  }
  const n = /^\d{1,3}(,\d{3})+$|^\d+$/.test(value) ? Number(value.replace(/,/g, '')) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    check.error(column, value === '' ? `${column} is required; the row was not loaded.` : `"${value}" is not a whole number of children; the row was not loaded.`);
    return null;
  }
  if (n === 0) check.warn(column, 'A population of 0 children: rates per 10,000 children cannot be worked out for this year.');
  return n;
}

/** Writes the simple layout: exactly `year,children_0_17`. */
export function writePopulationCsv(rows: readonly PopulationRow[]): string {
  return stringify([POPULATION_COLUMNS.map((c) => c.name), ...rows.map((r) => [String(r.year), String(r.children0to17)])]);
}
