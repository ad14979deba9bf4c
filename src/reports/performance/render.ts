import { isReportFormat, reportFormatOf, REPORT_FORMATS, REPORT_MEDIA_TYPES, type ReportFormat } from '../common/report-format.ts';
import { renderPerformanceDocx } from './docx.ts';
import { renderPerformanceHtml } from './html.ts';
import type { PerformanceReport } from './model.ts';
import { renderPerformanceXlsx } from './xlsx.ts';

export { isReportFormat, reportFormatOf, REPORT_FORMATS, REPORT_MEDIA_TYPES, type ReportFormat };

/** The report's bytes in one format; HTML is UTF-8. The same report always gives the same bytes. */
export async function renderPerformance(report: PerformanceReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return renderPerformanceDocx(report);
    case 'xlsx':
      return renderPerformanceXlsx(report);
    case 'html':
      return Buffer.from(renderPerformanceHtml(report), 'utf8');
  }
}

/** Short names for the three renderers, as the CLI and the golden tests call them. */
export { renderPerformanceDocx as renderDocx, renderPerformanceXlsx as renderXlsx, renderPerformanceHtml as renderHtml };
