import type { Quarter } from '../../src/domain/calendar/periods.ts';
import { buildGoldenFlowData, GOLDEN_OPTIONS, GOLDEN_YEAR } from '../../src/domain/flow/golden-fixture.ts';
import type { KpiId } from '../../src/domain/flow/kpi.ts';
import { buildPerformanceReport, type PerformanceReport, type ReportRow } from '../../src/reports/performance/model.ts';

const golden = buildGoldenFlowData();

/** The golden council's report for 2023-24 (or one quarter of it), generated on 1 May 2024. */
export function goldenReport(opts: { suppress?: boolean; quarter?: Quarter } = {}): PerformanceReport {
  return buildPerformanceReport({
    laCode: '855',
    laName: 'Goldshire',
    year: GOLDEN_YEAR,
    quarter: opts.quarter,
    data: golden,
    options: GOLDEN_OPTIONS,
    suppress: opts.suppress,
    generatedOn: '2024-05-01',
  });
}

export function rowOf(report: PerformanceReport, id: KpiId): ReportRow {
  const row = report.sections.flatMap((s) => s.rows).find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id}`);
  return row;
}

/**
 * The published table the golden data reproduces, as the report prints it: Measure, Number,
 * Out of and % or rate.
 */
export const GOLDEN_TABLE: ReadonlyArray<{ id: KpiId; cells: [string, string, string, string] }> = [
  { id: 'contacts', cells: ['Contacts', '6,859', '', ''] },
  { id: 'referrals', cells: ['Referrals', '2,336', '', ''] },
  { id: 'rereferrals_12m', cells: ['Re-referrals within 12 months of a previous referral', '353', '2,336', '15.1%'] },
  { id: 'assessments_completed', cells: ['Assessments completed', '2,201', '', ''] },
  { id: 'assessments_within_45wd', cells: ['Assessments completed within 45 working days', '943', '2,201', '42.8%'] },
  { id: 'cp_plans_started', cells: ['Child protection plans started', '404', '', ''] },
  { id: 'cp_second_or_subsequent', cells: ['Child protection plans started that were a second or subsequent plan', '24', '404', '5.9%'] },
  { id: 'cp_open_at_end', cells: ['Children on a child protection plan at the end of the period', '306', '', ''] },
  { id: 'cp_open_2y_plus', cells: ['Children on a plan at the end of the period for 2 years or more', '9', '306', '2.9%'] },
  { id: 'care_leavers_suitable_accommodation', cells: ['Care leavers in suitable accommodation', '29', '31', '93.5%'] },
];

export { htmlTables, loadWorkbook, sheetRow, unzipText, wordTables, wordText } from './report.fixtures.ts';
