import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';

export interface DownloadTable {
  /** File name without extension, e.g. `caseloads-by-team-2024-03-31`. */
  name: string;
  title: string;
  head: string[];
  rows: Array<Array<string | number | boolean | null>>;
}

export type DownloadFormat = 'csv' | 'xlsx';

export function isDownloadFormat(value: unknown): value is DownloadFormat {
  return value === 'csv' || value === 'xlsx';
}

/** CSV with a byte-order mark so Excel opens it as UTF-8; numbers stay unformatted, formula-like text is neutralised. */
export function tableToCsv(table: DownloadTable): string {
  return `\ufeff${stringify([table.head, ...table.rows.map((r) => r.map((v) => (v === null ? '' : spreadsheetSafe(v))))])}`;
}

/** One sheet with a bold header row; numbers are written as numbers so they can be summed. */
export async function tableToXlsx(table: DownloadTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Headroom';
  const ws = wb.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  ws.addRow(table.head).font = { bold: true };
  for (const row of table.rows) ws.addRow(row.map((v) => (v === null ? null : v)));
  ws.columns.forEach((col, i) => {
    const width = Math.max(String(table.head[i] ?? '').length, ...table.rows.slice(0, 200).map((r) => String(r[i] ?? '').length));
    col.width = Math.min(60, Math.max(8, width + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function sendTable(reply: FastifyReply, format: DownloadFormat, table: DownloadTable): Promise<FastifyReply> {
  const safe = table.name.replace(/[^a-z0-9-]+/gi, '-');
  if (format === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${safe}.csv"`).send(tableToCsv(table));
  }
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${safe}.xlsx"`)
    .send(await tableToXlsx(table));
}
