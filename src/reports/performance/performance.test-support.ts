import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { Quarter } from '../../domain/calendar/periods.ts';
import { buildGoldenFlowData, GOLDEN_OPTIONS, GOLDEN_YEAR } from '../../domain/flow/golden-fixture.ts';
import type { KpiId } from '../../domain/flow/kpi.ts';
import { buildPerformanceReport, type PerformanceReport, type ReportRow } from './model.ts';

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

export function unzipText(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

const decodeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of a WordprocessingML fragment: its `w:t` runs joined, paragraphs on their own lines. */
export function wordText(xml: string): string {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)]
    .map((p) => [...(p[1] ?? '').matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1] ?? '')).join(''))
    .join('\n');
}

/** Each table of a Word document as rows of cell texts. */
export function wordTables(documentXml: string): string[][][] {
  return [...documentXml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] ?? '').matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => wordText(c[1] ?? ''))),
  );
}

export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

/** The row of a sheet whose first cell is `label`. */
export function sheetRow(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row "${label}" in ${ws.name}`);
  return found;
}

/** Each table of an HTML page as rows of cell texts (tags removed, entities decoded). */
export function htmlTables(html: string): string[][][] {
  const text = (s: string) => decodeXml(s.replace(/<[^>]+>/g, '').replace(/&#39;/g, '&apos;')).trim();
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...(t[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1] ?? ''))),
  );
}
