import { afterEach, describe, expect, it, vi } from 'vitest';
import { goldenReport, loadWorkbook, sheetRow } from '../../../test/support/performance.fixtures.ts';
import { renderPerformanceXlsx } from './xlsx.ts';

describe('renderPerformanceXlsx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens in exceljs with a summary, a sheet per section and the notes', async () => {
    const report = goldenReport();
    const wb = await loadWorkbook(await renderPerformanceXlsx(report));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Inputs', 'Processes', 'Outputs', 'Notes']);
    const summary = wb.getWorksheet('Summary');
    const text = summary?.getColumn(1).values.filter((v) => typeof v === 'string') ?? [];
    expect(text).toEqual(expect.arrayContaining([report.title, 'OFFICIAL – SENSITIVE', 'Headlines', ...report.headlines]));
    const notes = wb.getWorksheet('Notes');
    if (!notes) throw new Error('no Notes sheet');
    expect(notes.getColumn(1).values).toEqual(expect.arrayContaining(report.notes));
    const definition = sheetRow(notes, 'Re-referrals within 12 months of a previous referral');
    expect(definition.getCell(3).value).toBe('DfE Children in need');
    expect(String(definition.getCell(2).value)).toContain('12 months before');
  });

  it('writes the same columns as the other formats, figures as numbers and percentages as formatted fractions', async () => {
    const wb = await loadWorkbook(await renderPerformanceXlsx(goldenReport({ suppress: false })));
    const inputs = wb.getWorksheet('Inputs');
    if (!inputs) throw new Error('no Inputs sheet');
    expect(sheetRow(inputs, 'Measure').values).toEqual([
      undefined,
      'Measure',
      'Number',
      'Out of',
      '% or rate',
      'Previous year (2022-23)',
      'Q1',
      'Q2',
      'Q3',
      'Q4',
      'Direction of travel',
      'Source',
    ]);
    const contacts = sheetRow(inputs, 'Contacts');
    expect([2, 3, 4, 5, 6, 7, 8, 9].map((c) => contacts.getCell(c).value)).toEqual([6859, null, null, 25, 1706, 1724, 1724, 1705]);
    expect(contacts.getCell(2).numFmt).toBe('#,##0');
    expect(contacts.getCell(10).value).toBe('↑ up');
    const rereferrals = sheetRow(inputs, 'Re-referrals within 12 months of a previous referral');
    expect([2, 3, 4, 5, 6, 7, 8, 9].map((c) => rereferrals.getCell(c).value)).toEqual([353, 2336, 0.151, 0, 0.201, 0.199, 0.201, 0.002]);
    expect([4, 5, 6, 7, 8, 9].map((c) => rereferrals.getCell(c).numFmt)).toEqual(Array(6).fill('0.0%'));
    expect(rereferrals.getCell(10).value).toBe('↑ up, worse');
    const rate = sheetRow(inputs, 'Referrals per 10,000 children aged 0-17');
    expect([rate.getCell(2).value, rate.getCell(3).value, rate.getCell(4).value, rate.getCell(4).numFmt]).toEqual([2336, 52000, 449.2, '0.0']);

    for (const name of ['Inputs', 'Processes', 'Outputs']) {
      const ws = wb.getWorksheet(name);
      if (!ws) throw new Error(`no ${name} sheet`);
      const header = sheetRow(ws, 'Measure').number;
      ws.eachRow((row, n) => {
        if (n <= header) return;
        for (let c = 2; c <= 9; c++) {
          const v = row.getCell(c).value;
          expect(v === null || typeof v === 'number' || v === '–', `${name} ${String(row.getCell(1).value)} column ${c}: ${String(v)}`).toBe(true);
        }
      });
    }
  });

  it('writes suppressed figures as the text c', async () => {
    const wb = await loadWorkbook(await renderPerformanceXlsx(goldenReport()));
    const outputs = wb.getWorksheet('Outputs');
    if (!outputs) throw new Error('no Outputs sheet');
    const ceased = sheetRow(outputs, 'Children who ceased to be looked after');
    expect([2, 5, 6, 7, 8, 9].map((c) => ceased.getCell(c).value)).toEqual([20, 20, 'c', 'c', 'c', 'c']);
    const inputs = wb.getWorksheet('Inputs');
    if (!inputs) throw new Error('no Inputs sheet');
    expect(sheetRow(inputs, 'Re-referrals within 12 months of a previous referral').getCell(9).value).toBe('c');
  });

  it('gives a quarter the year to date and the same months last year, and leaves the later quarters empty', async () => {
    const wb = await loadWorkbook(await renderPerformanceXlsx(goldenReport({ quarter: 'Q2', suppress: false })));
    const inputs = wb.getWorksheet('Inputs');
    if (!inputs) throw new Error('no Inputs sheet');
    const referrals = sheetRow(inputs, 'Referrals');
    expect([2, 5, 6, 7, 8, 9, 10, 11].map((c) => referrals.getCell(c).value)).toEqual([587, 184, 1168, 285, 581, 587, null, null]);
  });

  it('gives the same bytes whenever it runs', async () => {
    const report = goldenReport();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-02T03:04:05Z'));
    const first = await renderPerformanceXlsx(report);
    vi.setSystemTime(new Date('2031-06-07T08:09:10Z'));
    const second = await renderPerformanceXlsx(report);
    expect(second.equals(first)).toBe(true);
  });
});
