import { stringify } from 'csv-stringify/sync';
import { normaliseHeader, readCsvTable, RowChecker, type CsvColumn } from '../csv/csv-table.ts';
import type { TableParseResult } from '../csv/result.ts';

export interface PopulationRow {
  year: number;
  children0to17: number;
}

const SIMPLE: readonly CsvColumn[] = [
  { name: 'year', required: true, aliases: ['time_period'] },
  { name: 'children_0_17', required: true, aliases: ['children', 'population', 'population_estimate'] },
];

const ONS: readonly CsvColumn[] = [
  { name: 'time_period', required: true },
  { name: 'geographic_level', required: true },
  { name: 'old_la_code', required: true },
  { name: 'la_name', required: false },
  { name: 'age_group', required: false },
  { name: 'population_estimate', required: true },
];

/**
 * Children aged 0-17 by year, from either a simple `year,children_0_17` CSV or the DfE/ONS
 * mid-year estimates layout, which holds every LA: that one is filtered to `laCode`.
 * Never throws.
 */
export function parsePopulation(input: Buffer | string, opts: { fileName: string; laCode: string }): TableParseResult<PopulationRow> {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const isOns = firstLine.split(',').map(normaliseHeader).includes(normaliseHeader('old_la_code'));
  return isOns ? parseOns(text, opts) : parseSimple(text, opts.fileName);
}

function count(check: RowChecker, column: string, value: string): number | null {
  const n = Number(value.replace(/,/g, ''));
  if (value === '' || !Number.isInteger(n) || n < 0) {
    check.error(column, `"${value}" is not a whole number of children; the row was not loaded.`);
    return null;
  }
  return n;
}

function year(check: RowChecker, column: string, value: string): number | null {
  const y = Number(/^(\d{4})/.exec(value)?.[1]);
  if (!Number.isInteger(y) || y < 1990 || y > 2100) {
    check.error(column, `"${value}" is not a year; the row was not loaded.`);
    return null;
  }
  return y;
}

function parseSimple(text: string, fileName: string): TableParseResult<PopulationRow> {
  const table = readCsvTable(text, fileName, SIMPLE);
  const result: TableParseResult<PopulationRow> = { rows: [], issues: [...table.issues], rowsRead: table.records.length, fatal: table.fatal };
  const seen = new Map<number, number>();
  for (const record of table.records) {
    const check = new RowChecker(fileName, record);
    const y = year(check, 'year', record.cells.year ?? '');
    const n = count(check, 'children_0_17', record.cells.children_0_17 ?? '');
    if (y !== null && seen.has(y)) check.error('year', `The year ${y} is already on row ${seen.get(y)}; this row was not loaded.`);
    result.issues.push(...check.issues);
    if (check.rejected || y === null || n === null) continue;
    seen.set(y, record.rowNumber);
    result.rows.push({ rowNumber: record.rowNumber, value: { year: y, children0to17: n } });
  }
  return result;
}

/** Rows of other LAs, regions and England are not this LA's: they are skipped, not rejected, and not counted as read. */
function parseOns(text: string, opts: { fileName: string; laCode: string }): TableParseResult<PopulationRow> {
  const table = readCsvTable(text, opts.fileName, ONS);
  const mine = table.records.filter((r) => r.cells.geographic_level?.toLowerCase() === 'local authority' && r.cells.old_la_code === opts.laCode);
  const result: TableParseResult<PopulationRow> = { rows: [], issues: [...table.issues], rowsRead: mine.length, fatal: table.fatal };
  if (!table.fatal && mine.length === 0) {
    result.fatal = { code: 'no_rows', message: `The file has no local authority rows for LA ${opts.laCode}; check the LA number.` };
    return result;
  }
  const seen = new Map<number, number>();
  for (const record of mine) {
    const check = new RowChecker(opts.fileName, record);
    const y = year(check, 'time_period', record.cells.time_period ?? '');
    const n = count(check, 'population_estimate', record.cells.population_estimate ?? '');
    if (y !== null && seen.has(y)) check.error('time_period', `The year ${y} is already on row ${seen.get(y)}; this row was not loaded.`);
    result.issues.push(...check.issues);
    if (check.rejected || y === null || n === null) continue;
    seen.set(y, record.rowNumber);
    result.rows.push({ rowNumber: record.rowNumber, value: { year: y, children0to17: n } });
  }
  return result;
}

export function writePopulationCsv(rows: readonly PopulationRow[]): string {
  return stringify([['year', 'children_0_17'], ...rows.map((r) => [r.year, r.children0to17])]);
}
