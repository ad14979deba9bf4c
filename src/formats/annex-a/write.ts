/**
 * Writes canonical Annex A files: one sheet per list named `List 1` ... `List 11`, the
 * canonical headers of the data map, coded values as their template labels (`b) Female`)
 * and dates as real date cells. Output bytes depend only on the input: the same rows always
 * give the same file, so generated fixtures and demo extracts can be compared and hashed.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { unzipSync, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { parseIso } from '../../domain/dates.ts';
import { ANNEX_A_LIST_NUMBERS, listSpec, YES_NO } from './data-map.ts';
import type { ColumnSpec } from './data-map.ts';
import type { AnnexAListNumber, AnnexARowData } from './types.ts';

/** Rows to write per list; `rowNumber` is not needed (and ignored when present). */
export type AnnexAListsInput = { [N in AnnexAListNumber]?: readonly AnnexARowData<N>[] };

export interface WriteAnnexAOptions {
  /** Stamped as the workbook's created and modified time. Default 2000-01-01T00:00:00Z. */
  created?: Date;
  /** Write a header-only sheet for lists missing from the input. Default false. */
  allLists?: boolean;
}

type Written = string | number | Date | null;

const DEFAULT_CREATED = new Date(Date.UTC(2000, 0, 1));
const DATE_FORMAT = 'dd/mm/yyyy';

function labelFor(column: ColumnSpec, code: string): string {
  return column.vocabulary?.find((e) => e.code === code)?.label ?? code;
}

function yesNoLabel(column: ColumnSpec, value: boolean): string {
  const vocabulary = column.vocabulary ?? YES_NO;
  const stored = column.inverted ? !value : value;
  return vocabulary.find((e) => e.code === (stored ? 'Y' : 'N'))?.label ?? (stored ? 'Yes' : 'No');
}

function cellFor(column: ColumnSpec, value: unknown, dates: 'cell' | 'text'): Written {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'date':
      if (typeof value !== 'string') return null;
      if (dates === 'text') return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
      return parseIso(value);
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? value : null;
    case 'yesno':
      return typeof value === 'boolean' ? yesNoLabel(column, value) : null;
    case 'coded':
      return typeof value === 'string' ? labelFor(column, value) : null;
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

function recordsOf(list: AnnexAListNumber, rows: readonly object[], dates: 'cell' | 'text'): Written[][] {
  const columns = listSpec(list).columns;
  return rows.map((row) => {
    const fields = row as Record<string, unknown>;
    return columns.map((column) => cellFor(column, fields[column.field], dates));
  });
}

/** Canonical headers of list N, in template order. */
export function annexAHeaders(list: AnnexAListNumber): string[] {
  return listSpec(list).columns.map((c) => c.header);
}

/** One list as CSV text (canonical headers, dates as dd/mm/yyyy), e.g. for a folder or zip of CSVs. */
export function writeAnnexACsv<N extends AnnexAListNumber>(list: N, rows: readonly AnnexARowData<N>[]): string {
  return stringify([annexAHeaders(list), ...recordsOf(list, rows, 'text')], { record_delimiter: '\r\n' });
}

/** Re-zips with a fixed timestamp on every entry: exceljs stamps entries with the current time. */
function deterministicZip(bytes: Uint8Array): Buffer {
  const entries = unzipSync(bytes);
  const fixed = new Date(1980, 0, 1, 0, 0, 0);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(entries)) out[name] = [data, { mtime: fixed, level: 6 }];
  return Buffer.from(zipSync(out));
}

export async function writeAnnexAWorkbook(lists: AnnexAListsInput, opts: WriteAnnexAOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const created = opts.created ?? DEFAULT_CREATED;
  workbook.creator = 'Headroom';
  workbook.lastModifiedBy = 'Headroom';
  workbook.created = created;
  workbook.modified = created;
  workbook.lastPrinted = created;

  for (const list of ANNEX_A_LIST_NUMBERS) {
    const rows = lists[list] as readonly object[] | undefined;
    if (!rows && !opts.allLists) continue;
    const spec = listSpec(list);
    const sheet = workbook.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((column) => ({
      header: column.header,
      key: column.field,
      width: Math.min(40, Math.max(12, column.header.length * 0.6)),
      ...(column.type === 'date' ? { style: { numFmt: DATE_FORMAT } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    if (rows) sheet.addRows(recordsOf(list, rows, 'cell'));
  }
  const written = await workbook.xlsx.writeBuffer();
  return deterministicZip(new Uint8Array(written as ArrayBuffer));
}
