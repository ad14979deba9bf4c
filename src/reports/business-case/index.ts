export { buildBusinessCase, type BusinessCaseInput, type BusinessCaseReport, type BusinessCaseSection, type BusinessCaseSectionId, type BusinessCaseSummary } from './model.ts';
export { renderBusinessCase } from './render.ts';
export type { BusinessCaseCell, BusinessCaseColumn, BusinessCaseTable } from './format.ts';
