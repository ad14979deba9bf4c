import ExcelJS from 'exceljs';

/**
 * A workbook whose properties come from the report alone (never the clock), so the same report
 * always gives the same bytes once the zip is stamped.
 */
export function reportWorkbook(report: { title: string; marking: string; generatedOn: string }): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Headroom';
  wb.lastModifiedBy = 'Headroom';
  wb.title = report.title;
  wb.category = report.marking;
  wb.created = new Date(`${report.generatedOn}T00:00:00Z`);
  wb.modified = wb.created;
  return wb;
}
