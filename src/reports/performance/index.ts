export { MEASURE_DEFINITIONS, SOURCES, type MeasureDefinition, type MeasureSource } from './definitions.ts';
export { renderPerformanceDocx } from './docx.ts';
export { renderPerformanceHtml } from './html.ts';
export {
  buildPerformanceReport,
  SECURITY_MARKING,
  type Judgement,
  type PerformanceReport,
  type PerformanceReportInput,
  type ReportFigures,
  type ReportPeriod,
  type ReportQuarter,
  type ReportRow,
  type ReportSection,
  type SectionId,
} from './model.ts';
export { isReportFormat, reportFormatOf, renderPerformance, REPORT_FORMATS, REPORT_MEDIA_TYPES, type ReportFormat } from './render.ts';
export { renderPerformanceXlsx } from './xlsx.ts';
