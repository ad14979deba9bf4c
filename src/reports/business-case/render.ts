import type { ReportFormat } from '../common/report-format.ts';
import { renderBusinessCaseDocx } from './docx.ts';
import { renderBusinessCaseHtml } from './html.ts';
import type { BusinessCaseReport } from './model.ts';
import { renderBusinessCaseXlsx } from './xlsx.ts';

/** The business case's bytes in one format; HTML is UTF-8. The same report always gives the same bytes. */
export async function renderBusinessCase(report: BusinessCaseReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return renderBusinessCaseDocx(report);
    case 'xlsx':
      return renderBusinessCaseXlsx(report);
    case 'html':
      return Buffer.from(renderBusinessCaseHtml(report), 'utf8');
  }
}
