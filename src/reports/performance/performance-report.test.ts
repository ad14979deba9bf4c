import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { GOLDEN_OPTIONS, GOLDEN_YEAR, buildGoldenFlowData } from '../../domain/flow/golden-fixture.ts';
import { buildPerformanceReport, type PerformanceReport } from './model.ts';
import { renderDocx, renderHtml, renderXlsx } from './render.ts';

const data = buildGoldenFlowData();
const report = (suppress: boolean, quarter?: 'Q1' | 'Q2' | 'Q3' | 'Q4') =>
  buildPerformanceReport({ laCode: '855', laName: 'Testshire', year: GOLDEN_YEAR, quarter, data, options: GOLDEN_OPTIONS, suppress, generatedOn: '2024-05-01' });

const row = (r: PerformanceReport, id: string) => r.sections.flatMap((s) => s.rows).find((x) => x.id === id)!;

/** The published table the golden data was built from. */
const PUBLISHED: Array<[string, string, string]> = [
  ['contacts', '', '6,859'],
  ['referrals', '', '2,336'],
  ['rereferrals_12m', '353', '15.1%'],
  ['assessments_completed', '', '2,201'],
  ['assessments_within_45wd', '943', '42.8%'],
  ['cp_plans_started', '', '404'],
  ['cp_second_or_subsequent', '24', '5.9%'],
  ['cp_open_at_end', '', '306'],
  ['cp_open_2y_plus', '9', '2.9%'],
  ['care_leavers_suitable_accommodation', '29', '93.5%'],
];

describe('performance report', () => {
  it('says exactly what the published council table says', () => {
    const r = report(false);
    expect(r.periodLabel).toBe('2023-24');
    expect(r.sections.map((s) => s.title)).toEqual(['Inputs', 'Processes', 'Outputs']);
    expect(row(r, 'contacts').current.value).toBe(6859);
    expect(row(r, 'rereferrals_12m').current).toEqual({ numerator: 353, denominator: 2336, value: 15.1 });
    expect(row(r, 'assessments_within_45wd').current).toEqual({ numerator: 943, denominator: 2201, value: 42.8 });
    expect(row(r, 'cp_second_or_subsequent').current).toEqual({ numerator: 24, denominator: 404, value: 5.9 });
    expect(row(r, 'cp_open_2y_plus').current).toEqual({ numerator: 9, denominator: 306, value: 2.9 });
    expect(row(r, 'care_leavers_suitable_accommodation').current).toEqual({ numerator: 29, denominator: 31, value: 93.5 });
    expect(row(r, 'contacts').quarters.every((q) => typeof q === 'number')).toBe(true);
  });

  it('suppresses counts of 1 to 5 and what is built on them, by default', () => {
    const r = report(true, 'Q1');
    const small = r.sections.flatMap((s) => s.rows).filter((x) => x.current.numerator === 'c');
    for (const x of small) expect(x.current.value === 'c' || x.current.value === null).toBe(true);
    expect(r.notes.join(' ')).toContain('shown as c');
    expect(row(r, 'contacts').quarters.slice(1)).toEqual([null, null, null]);
  });

  it('writes a Word file that opens, with the three tables, the figures and an editable commentary', async () => {
    const bytes = await renderDocx(report(false));
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);
    const text = xml.replace(/<w:tab\/>/g, '\t').replace(/<[^>]+>/g, '');
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(3);
    for (const [, numerator, value] of PUBLISHED) {
      expect(text).toContain(value);
      if (numerator) expect(text).toContain(numerator);
    }
    expect(text).toContain('Inputs: the flow of work into the service.');
    expect(text).toContain('Commentary');
    expect(text).toContain('OFFICIAL – SENSITIVE');
  });

  it('writes an Excel file whose figures are numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(report(false))) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Inputs', 'Processes', 'Outputs', 'Notes']);
    const inputs = wb.getWorksheet('Inputs')!;
    const find = (label: string) => {
      let found: ExcelJS.Row | undefined;
      inputs.eachRow((r) => {
        if (String(r.getCell(1).value).startsWith(label)) found = r;
      });
      return found!;
    };
    const contacts = find('Contacts');
    expect(contacts.getCell(3).value).toBe(6859);
    const rereferrals = find('Re-referrals');
    expect(rereferrals.getCell(2).value).toBe(353);
    expect(rereferrals.getCell(3).value).toBeCloseTo(0.151, 6);
    expect(rereferrals.getCell(3).numFmt).toBe('0.0%');
  });

  it('writes printable HTML with captioned tables and row and column headers', () => {
    const html = renderHtml(report(false));
    expect(html.match(/<caption>/g)).toHaveLength(3);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<th scope="row">Contacts</th>');
    expect(html).toContain('15.1%');
    expect(html).not.toContain('<script');
  });

  it('leads the headlines with the largest movements and judges them by which way is better', () => {
    const r = report(false);
    expect(r.headlines.length).toBeGreaterThan(0);
    for (const h of r.headlines) expect(h).toMatch(/(rose|fell) from .* to .*, (an improvement|a deterioration)\.$/);
  });
});
