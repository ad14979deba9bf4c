import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { readCsvTable, type CsvColumn, type CsvTable } from '../csv/csv-table.ts';

/** Whether the bytes are a zip container (an .xlsx workbook) rather than text. */
export function isWorkbook(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/**
 * Reads a small table from a CSV file or the first worksheet of an .xlsx workbook, with the same
 * header matching and row numbers either way (a workbook's row numbers are the sheet's). Never throws.
 */
export async function readTableFile(bytes: Buffer, fileName: string, columns: readonly CsvColumn[]): Promise<CsvTable> {
  if (!isWorkbook(bytes)) return readCsvTable(bytes, fileName, columns);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { records: [], issues: [], fatal: { code: 'unreadable', message: 'The file could not be read as an Excel workbook.' } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { records: [], issues: [], fatal: { code: 'empty', message: 'The workbook has no worksheets.' } };
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, columns.length); c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  // Blank rows are kept as empty lines so the CSV reader numbers rows as the sheet does.
  return readCsvTable(rows.length === 0 ? '' : stringify(rows, { record_delimiter: '\n' }), fileName, columns);
}
