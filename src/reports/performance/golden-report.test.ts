import { describe, expect, it } from 'vitest';
import { GOLDEN_PUBLISHED } from '../../domain/flow/golden-fixture.ts';
import { renderPerformanceDocx } from './docx.ts';
import { cellText, rowCells } from './format.ts';
import { renderPerformanceHtml } from './html.ts';
import { GOLDEN_TABLE, goldenReport, htmlTables, loadWorkbook, rowOf, sheetRow, unzipText, wordTables } from '../../../test/support/performance.fixtures.ts';
import { renderPerformanceXlsx } from './xlsx.ts';

describe('golden: the performance report says exactly what the council published for 2023-24', () => {
  const report = goldenReport({ suppress: false });

  it('holds every published numerator, denominator and value in the model', () => {
    for (const published of GOLDEN_PUBLISHED) {
      expect({ id: published.id, ...rowOf(report, published.id).current }).toEqual({ ...published, coverage: 'full', covers: null });
    }
    expect(report.suppressed).toBe(false);
    expect(report.periodLabel).toBe('2023-24');
    expect(report.sections.map((s) => s.id)).toEqual(['inputs', 'processes', 'outputs']);
  });

  it('prints the published figures in the cells of each row', () => {
    for (const { id, cells } of GOLDEN_TABLE) expect(rowCells(rowOf(report, id)).slice(0, 4).map(cellText)).toEqual(cells);
  });

  it('says them in Word', async () => {
    const xml = unzipText(await renderPerformanceDocx(report))['word/document.xml'] ?? '';
    const rows = wordTables(xml).flat();
    for (const { cells } of GOLDEN_TABLE) expect(rows.find((r) => r[0] === cells[0])?.slice(0, 4)).toEqual(cells);
  });

  it('says them in Excel, as numbers', async () => {
    const wb = await loadWorkbook(await renderPerformanceXlsx(report));
    const sheets = ['Inputs', 'Processes', 'Outputs'].map((name) => wb.getWorksheet(name)).filter((ws) => ws !== undefined);
    const row = (label: string) => {
      const ws = sheets.find((s) => s.getColumn(1).values.includes(label));
      if (!ws) throw new Error(`no row ${label}`);
      return sheetRow(ws, label);
    };
    expect(row('Contacts').getCell(2).value).toBe(6859);
    expect(row('Referrals').getCell(2).value).toBe(2336);
    expect(row('Assessments completed').getCell(2).value).toBe(2201);
    expect(row('Child protection plans started').getCell(2).value).toBe(404);
    expect(row('Children on a child protection plan at the end of the period').getCell(2).value).toBe(306);
    const percentages: Array<[string, number, number, number]> = [
      ['Re-referrals within 12 months of a previous referral', 353, 2336, 0.151],
      ['Assessments completed within 45 working days', 943, 2201, 0.428],
      ['Child protection plans started that were a second or subsequent plan', 24, 404, 0.059],
      ['Children on a plan at the end of the period for 2 years or more', 9, 306, 0.029],
      ['Care leavers in suitable accommodation', 29, 31, 0.935],
    ];
    for (const [label, numerator, denominator, fraction] of percentages) {
      const r = row(label);
      expect([r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]).toEqual([numerator, denominator, fraction]);
      expect(r.getCell(4).numFmt).toBe('0.0%');
    }
  });

  it('says them in HTML', () => {
    const rows = htmlTables(renderPerformanceHtml(report)).flat();
    for (const { cells } of GOLDEN_TABLE) expect(rows.find((r) => r[0] === cells[0])?.slice(0, 4)).toEqual(cells);
  });
});

describe('golden: what suppression does to the same report', () => {
  const suppressed = goldenReport();

  it('is on by default and leaves the published figures, none of which is small, alone', () => {
    expect(suppressed.suppressed).toBe(true);
    for (const published of GOLDEN_PUBLISHED) expect(rowOf(suppressed, published.id).current.value).toBe(published.value);
  });

  it('shows counts of 1 to 5 as c, with what is built on them, and shows 0', () => {
    const ceased = rowOf(suppressed, 'cla_ceased');
    expect(ceased.current.value).toBe(20);
    expect(ceased.quarters.map((q) => q.figures?.value)).toEqual(['c', 'c', 'c', 'c']);
    const rereferrals = rowOf(suppressed, 'rereferrals_12m');
    expect(rereferrals.quarters[3]?.figures).toEqual({ coverage: 'full', covers: null, numerator: 'c', denominator: 580, value: 'c' });
    expect(rowOf(suppressed, 's47_started').previousYear).toEqual({ coverage: 'full', covers: null, numerator: 0, denominator: null, value: 0 });
    expect(rowOf(suppressed, 'cp_open_2y_plus').quarters[0]?.figures).toEqual({ coverage: 'full', covers: null, numerator: 0, denominator: 216, value: 0 });
    const open = goldenReport({ suppress: false });
    expect(rowOf(open, 'cla_ceased').quarters.map((q) => q.figures?.value)).toEqual([5, 5, 5, 5]);
    expect(rowOf(open, 'rereferrals_12m').quarters[3]?.figures).toEqual({ coverage: 'full', covers: null, numerator: 1, denominator: 580, value: 0.2 });
  });
});
