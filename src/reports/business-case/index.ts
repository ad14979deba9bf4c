export { renderBusinessCaseDocx } from './docx.ts';
export { renderBusinessCaseHtml } from './html.ts';
export { renderBusinessCaseXlsx } from './xlsx.ts';
export { buildBusinessCase, type BusinessCaseInput, type BusinessCaseReport, type BusinessCaseSection, type BusinessCaseSectionId, type BusinessCaseSummary } from './model.ts';
export { renderBusinessCase } from './render.ts';
export type { BusinessCaseCell, BusinessCaseColumn, BusinessCaseTable } from './format.ts';
export { isReportFormat, reportFormatOf, REPORT_FORMATS, REPORT_MEDIA_TYPES, type ReportFormat } from '../common/report-format.ts';
