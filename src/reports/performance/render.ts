import { renderPerformanceDocx } from './docx.ts';
import { renderPerformanceHtml } from './html.ts';
import type { PerformanceReport } from './model.ts';
import { renderPerformanceXlsx } from './xlsx.ts';

export const REPORT_FORMATS = ['docx', 'xlsx', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Media types for an HTTP download of each format. */
export const REPORT_MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
};

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The format a file name asks for by its extension (`report.DOCX` is docx); null for any other. */
export function reportFormatOf(fileName: string): ReportFormat | null {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'htm') return 'html';
  return isReportFormat(ext) ? ext : null;
}

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
