import { afterEach, describe, expect, it, vi } from 'vitest';
import type ExcelJS from 'exceljs';
import { ALL_WORKER_IDS, buildExample, loadWorkbook, sheetRow, unzipText, WORKERS } from '../../../test/support/business-case.fixtures.ts';
import { renderBusinessCaseXlsx } from './xlsx.ts';

/** The first row whose first cell is `label` (the costs sheet names each team in two tables). */
function firstRow(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  for (let n = 1; n <= ws.rowCount; n++) if (ws.getRow(n).getCell(1).value === label) return ws.getRow(n);
  throw new Error(`no row "${label}" in ${ws.name}`);
}

describe('renderBusinessCaseXlsx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const { report } = buildExample();

  it('has a sheet per section, each with the title and marking', async () => {
    const wb = await loadWorkbook(await renderBusinessCaseXlsx(report));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Pressure', 'Proposal', 'Effect', 'Posts needed', 'Costs', 'Risks', 'Notes']);
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A1').value).toBe(report.title);
      expect(ws.getCell('A3').value).toBe('OFFICIAL – SENSITIVE');
    }
    const risks = wb.getWorksheet('Risks');
    expect(risks?.getColumn(1).values).toEqual(expect.arrayContaining(report.sections.find((s) => s.id === 'risks')?.paragraphs ?? []));
  });

  it('writes money as numbers in pounds with the format £#,##0.00, and counts as numbers', async () => {
    const wb = await loadWorkbook(await renderBusinessCaseXlsx(report));
    const costs = wb.getWorksheet('Costs');
    if (!costs) throw new Error('no Costs sheet');
    const t1 = firstRow(costs, 'Assessment team 1');
    expect([2, 3, 4, 5, 6, 7].map((c) => t1.getCell(c).value)).toEqual([732371, 538447, -193924, -97227.64, 0, 0]);
    expect([2, 3, 4, 5, 6, 7].map((c) => t1.getCell(c).numFmt)).toEqual(Array(6).fill('£#,##0.00'));
    const total = firstRow(costs, 'Total');
    expect([2, 3, 4, 5, 6, 7].map((c) => total.getCell(c).value)).toEqual([820641, 1165164, 344523, 101730.51, 24000, 88000]);

    const summary = wb.getWorksheet('Summary');
    if (!summary) throw new Error('no Summary sheet');
    const pressure = sheetRow(summary, 'Full-year cost (budget pressure)').getCell(2);
    expect([pressure.value, pressure.numFmt]).toEqual([344523, '£#,##0.00']);
    const over = sheetRow(summary, 'Cases over capacity today').getCell(2);
    expect([over.value, over.numFmt]).toEqual([20, '#,##0']);

    const pressureSheet = wb.getWorksheet('Pressure');
    if (!pressureSheet) throw new Error('no Pressure sheet');
    const team = sheetRow(pressureSheet, 'Assessment team 1');
    expect([2, 3, 4, 5, 6, 7, 8].map((c) => team.getCell(c).value)).toEqual([10, 220, 21, 10, 200, 10, 20]);
    expect(team.getCell(4).numFmt).toBe('0.0');
  });

  it('names no worker when withNames is false', async () => {
    const all = Object.values(unzipText(await renderBusinessCaseXlsx(report))).join('\n');
    for (const id of ALL_WORKER_IDS) expect(all).not.toMatch(new RegExp(`(?<![\\w-])${id}(?![\\w-])`));
    for (const w of WORKERS) expect(all).not.toContain(w.name);
  });

  it('gives the same bytes whenever it runs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-02T03:04:05Z'));
    const first = await renderBusinessCaseXlsx(report);
    vi.setSystemTime(new Date('2031-06-07T08:09:10Z'));
    const second = await renderBusinessCaseXlsx(buildExample().report);
    expect(second.equals(first)).toBe(true);
  });
});
