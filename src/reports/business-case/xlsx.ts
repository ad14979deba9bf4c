import ExcelJS from 'exceljs';
import { addBenchmarkSheet } from '../common/benchmark-table.ts';
import { longDate } from '../common/text.ts';
import { reportWorkbook } from '../common/xlsx-workbook.ts';
import { stampZip } from '../common/zip.ts';
import { NO_VALUE, XLSX_FORMATS, type BusinessCaseCell, type BusinessCaseTable } from './format.ts';
import type { BusinessCaseReport, BusinessCaseSection } from './model.ts';

/**
 * A cell as a spreadsheet value: figures are numbers with a number format (money in pounds with
 * `£#,##0.00`, converted from whole pence), so that finance can add them up and check them.
 */
function cellValue(cell: BusinessCaseCell): { value: ExcelJS.CellValue; numFmt?: string } {
  switch (cell.kind) {
    case 'text':
      return { value: cell.text };
    case 'count':
      return { value: cell.value, numFmt: XLSX_FORMATS.count };
    case 'decimal':
      return cell.value === null ? { value: NO_VALUE } : { value: cell.value, numFmt: XLSX_FORMATS.decimal };
    case 'fte':
      return { value: cell.value, numFmt: XLSX_FORMATS.fte };
    case 'money':
      return { value: cell.pence / 100, numFmt: XLSX_FORMATS.money };
    case 'blank':
      return { value: null };
  }
}

function addHeading(ws: ExcelJS.Worksheet, report: BusinessCaseReport, subtitle: string): void {
  ws.addRow([report.title]).font = { bold: true, size: 14 };
  ws.addRow([`${report.laName} (${report.laCode}), caseload figures at ${longDate(report.asOf)}`]);
  ws.addRow([report.marking.toUpperCase()]).font = { bold: true };
  ws.addRow([`Scenario: ${report.scenario.name} (version ${report.scenario.version}). Generated on ${longDate(report.generatedOn)} by Headroom.`]);
  ws.addRow([subtitle]).font = { bold: true, size: 13 };
  ws.addRow([]);
}

function addTable(ws: ExcelJS.Worksheet, table: BusinessCaseTable): void {
  ws.addRow([table.caption]).font = { bold: true, size: 12 };
  const head = ws.addRow(table.columns.map((c) => c.heading));
  head.font = { bold: true };
  table.columns.forEach((c, i) => {
    head.getCell(i + 1).alignment = { horizontal: c.numeric ? 'right' : 'left', wrapText: true, vertical: 'top' };
  });
  const write = (cells: BusinessCaseCell[], total: boolean) => {
    const values = cells.map(cellValue);
    const row = ws.addRow(values.map((v) => v.value));
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      if (v.numFmt) cell.numFmt = v.numFmt;
      if (table.columns[i]?.numeric) cell.alignment = { horizontal: 'right' };
    });
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    if (total) row.font = { bold: true };
  };
  for (const r of table.rows) write(r, false);
  for (const r of table.totals) write(r, true);
  ws.addRow([]);
}

function addSection(wb: ExcelJS.Workbook, report: BusinessCaseReport, section: BusinessCaseSection, name: string): void {
  const ws = wb.addWorksheet(name);
  addHeading(ws, report, `${section.number}. ${section.title}`);
  for (const p of section.paragraphs) ws.addRow([p]).getCell(1).alignment = { wrapText: true, vertical: 'top' };
  for (const b of section.bullets) ws.addRow([`• ${b}`]).getCell(1).alignment = { wrapText: true, vertical: 'top' };
  if (section.paragraphs.length + section.bullets.length > 0) ws.addRow([]);
  for (const t of section.tables) addTable(ws, t);
  const widest = Math.max(2, ...section.tables.map((t) => t.columns.length));
  ws.getColumn(1).width = section.tables.length === 0 ? 120 : 48;
  for (let c = 2; c <= widest; c++) ws.getColumn(c).width = 18;
}

/** Sheet names: Excel allows 31 characters and no `/`. */
const SHEET_NAMES: Record<BusinessCaseSection['id'], string> = {
  summary: 'Summary',
  pressure: 'Pressure',
  proposal: 'Proposal',
  effect: 'Effect',
  'posts-needed': 'Posts needed',
  costs: 'Costs',
  risks: 'Risks',
  notes: 'Notes',
  forecast: 'Forecast',
};

/**
 * The business case as a workbook for finance and analysts: one sheet per section with the same
 * tables as the Word and HTML versions, figures as numbers (money in pounds with `£#,##0.00`),
 * and the risks as text. The same report always gives the same bytes.
 */
export async function renderBusinessCaseXlsx(report: BusinessCaseReport): Promise<Buffer> {
  const wb = reportWorkbook(report);
  for (const section of report.sections) addSection(wb, report, section, SHEET_NAMES[section.id]);
  addBenchmarkSheet(wb, report.benchmarks);
  const written = await wb.xlsx.writeBuffer();
  return stampZip(new Uint8Array(written), report.generatedOn);
}
