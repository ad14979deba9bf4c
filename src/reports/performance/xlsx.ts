import { addRiskRegisterSheet } from './risk-register.ts';
import ExcelJS from 'exceljs';
import { SUPPRESSED } from '../../domain/disclosure/suppression.ts';
import type { KpiUnit } from '../../domain/flow/kpi.ts';
import { longDate } from '../common/text.ts';
import { addBenchmarkSheet } from '../common/benchmark-table.ts';
import { reportWorkbook } from '../common/xlsx-workbook.ts';
import { stampZip } from '../common/zip.ts';
import { cellText, NO_VALUE, reportColumns, rowCells, type ReportCell } from './format.ts';
import type { PerformanceReport, ReportSection } from './model.ts';

const NUMBER_FORMATS: Record<KpiUnit, string> = { count: '#,##0', percent: '0.0%', rate_per_10k: '0.0' };

/**
 * A figure as a spreadsheet value: a number (a percentage as a fraction, shown with a % format,
 * so that it sums and charts as Excel expects), `c` where withheld, `–` where there is no value.
 */
function cellValue(cell: ReportCell): { value: ExcelJS.CellValue; numFmt?: string } {
  if (cell.kind === 'blank') return { value: null };
  if (cell.kind !== 'figure') return { value: cellText(cell) };
  if (cell.value === null) return { value: NO_VALUE };
  if (cell.value === SUPPRESSED) return { value: SUPPRESSED };
  const value = cell.unit === 'percent' ? Number((cell.value / 100).toPrecision(12)) : cell.value;
  return { value, numFmt: NUMBER_FORMATS[cell.unit] };
}

function addHeading(ws: ExcelJS.Worksheet, report: PerformanceReport, subtitle: string): void {
  ws.addRow([report.title]).font = { bold: true, size: 14 };
  ws.addRow([`${report.laName} (${report.laCode}), ${report.period.dates}`]);
  ws.addRow([report.marking.toUpperCase()]).font = { bold: true };
  ws.addRow([subtitle]);
  ws.addRow([]);
}

function addSectionSheet(wb: ExcelJS.Workbook, report: PerformanceReport, section: ReportSection): void {
  const ws = wb.addWorksheet(section.title);
  addHeading(ws, report, `${section.title}: ${section.description}`);
  const columns = reportColumns(report);
  const head = ws.addRow(columns.map((c) => c.heading));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'top' };
  columns.forEach((c, i) => {
    if (c.numeric) head.getCell(i + 1).alignment = { horizontal: 'right', wrapText: true, vertical: 'top' };
  });
  for (const row of section.rows) {
    const values = rowCells(row).map(cellValue);
    const added = ws.addRow(values.map((v) => v.value));
    values.forEach((v, i) => {
      const cell = added.getCell(i + 1);
      if (v.numFmt) cell.numFmt = v.numFmt;
      if (columns[i]?.numeric) cell.alignment = { horizontal: 'right' };
    });
    added.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.chars;
  });
  ws.views = [{ state: 'frozen', ySplit: head.number, xSplit: 1 }];
}

/**
 * The report as a workbook: a Summary sheet (title, period, marking, headlines), one sheet per
 * section with the same columns as the Word and HTML tables, and a Notes sheet with the notes,
 * definitions and sources. The same report always gives the same bytes.
 */
export async function renderPerformanceXlsx(report: PerformanceReport): Promise<Buffer> {
  const wb = reportWorkbook(report);

  const summary = wb.addWorksheet('Summary');
  addHeading(
    summary,
    report,
    `Compared with ${report.previousYear.label} (${report.previousYear.dates}).${report.yearToDate ? ` Year to date: ${report.yearToDate.period.label} (${report.yearToDate.period.dates}), compared with ${report.yearToDate.previousYear.label} (${report.yearToDate.previousYear.dates}).` : ''} Generated on ${longDate(report.generatedOn)} by Headroom.`,
  );
  summary.addRow([
    report.suppressed ? 'Small numbers are suppressed (shown as c) to protect the children concerned.' : 'For internal use only: small numbers are not suppressed. Do not publish.',
  ]).font = { bold: !report.suppressed };
  summary.addRow([]);
  summary.addRow(['Headlines']).font = { bold: true, size: 12 };
  for (const h of report.headlines.length > 0 ? report.headlines : ['No measure can be compared with the previous year.']) summary.addRow([h]);
  summary.getColumn(1).width = 120;

  for (const section of report.sections) addSectionSheet(wb, report, section);
  addBenchmarkSheet(wb, report.benchmarks);
  addRiskRegisterSheet(wb, report.riskRegister);

  const notes = wb.addWorksheet('Notes');
  addHeading(notes, report, 'Notes, definitions and sources');
  for (const n of report.notes) notes.addRow([n]).getCell(1).alignment = { wrapText: true, vertical: 'top' };
  notes.addRow([]);
  notes.addRow(['Measure', 'Definition', 'Source']).font = { bold: true };
  for (const d of report.definitions) {
    const row = notes.addRow([d.label, d.definition, d.source]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  notes.getColumn(1).width = 60;
  notes.getColumn(2).width = 90;
  notes.getColumn(3).width = 50;

  const written = await wb.xlsx.writeBuffer();
  return stampZip(new Uint8Array(written), report.generatedOn);
}
