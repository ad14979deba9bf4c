import { describe, expect, it } from 'vitest';
import { htmlTables, loadWorkbook, unzipText, wordTables } from '../../../test/support/report.fixtures.ts';
import { buildImprovementPlanReport, type PlanActionInput } from './model.ts';
import { renderImprovementPlan } from './render.ts';

const actions: PlanActionInput[] = [
  {
    ref: '1.1', area: 'Recommendation 1: caseloads', action: 'Recruit 8 social workers', lead: 'Head of Service', due: '2025-03-31', rag: 'red', ragSource: 'measure',
    measureLabel: 'Average caseload per case-holding FTE', measure: { value: 22.4, target: 18, betterWhen: 'lower' }, reading: { covers: 'Annex A extract of 31 Mar 2025' },
    latestUpdate: { date: '2025-03-10', text: 'Five offers accepted', author: 'J Smith' },
  },
  {
    ref: '2.1', area: 'Recommendation 2: oversight', action: 'Monthly supervision audit', lead: 'Principal Social Worker', due: '2025-06-30', rag: 'amber', ragSource: 'manual',
    measureLabel: null, measure: null, reading: null, latestUpdate: null,
  },
  {
    ref: '1.2', area: 'Recommendation 1: caseloads', action: 'Cut agency use', lead: 'Head of HR', due: '2025-09-30', rag: 'no_data', ragSource: 'measure',
    measureLabel: 'Agency social workers (% of FTE, workforce census)', measure: { value: null, target: 15, betterWhen: 'lower' }, reading: { covers: 'no data: no workforce census on or before 31 Mar 2025 is loaded' }, latestUpdate: null,
  },
];

const report = buildImprovementPlanReport({ laCode: '999', laName: 'Demoshire', asOf: '2025-03-31', generatedOn: '2025-04-02', actions });
const header = ['Ref', 'Action', 'Lead', 'By when', 'Measure of success', 'Latest figure', 'Target', 'RAG', 'Update'];

describe('improvement plan report', () => {
  it('groups actions by area and writes the RAG as words', () => {
    expect(report.rows.map((r) => r.cells[0])).toEqual(['1.1', '1.2', '2.1']);
    expect(report.rows[0]?.cells).toEqual([
      '1.1', 'Recruit 8 social workers', 'Head of Service', '31 March 2025', 'Average caseload per case-holding FTE', '22.4 (Annex A extract of 31 Mar 2025)', 'At most 18', 'Red (from the figures)',
      '10 March 2025: Five offers accepted (J Smith)',
    ]);
    expect(report.rows[1]?.cells[5]).toBe('No data (no workforce census on or before 31 Mar 2025 is loaded)');
    expect(report.rows[1]?.cells[7]).toBe('No data');
    expect(report.rows[2]?.cells[7]).toBe('Amber (lead’s rating)');
  });

  it('writes the Cabinet table to Word with the RAG cell coloured, the same bytes every time', async () => {
    const a = await renderImprovementPlan(report, 'docx');
    expect(Buffer.compare(a, await renderImprovementPlan(report, 'docx'))).toBe(0);
    const xml = unzipText(a)['word/document.xml'] ?? '';
    const table = wordTables(xml)[0] ?? [];
    expect(table[0]).toEqual(header);
    expect(table[1]).toEqual(['Recommendation 1: caseloads']);
    expect(table[2]?.[7]).toBe('Red (from the figures)');
    expect(xml).toContain('w:fill="D4351C"');
    expect(xml).toContain('w:fill="FFDD00"');
  });

  it('writes the same table to Excel with a filled RAG cell, the same bytes every time', async () => {
    const a = await renderImprovementPlan(report, 'xlsx');
    expect(Buffer.compare(a, await renderImprovementPlan(report, 'xlsx'))).toBe(0);
    const ws = (await loadWorkbook(a)).getWorksheet('Action plan');
    if (!ws) throw new Error('no sheet');
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(6)).toEqual(['Area', ...header]);
    expect(values(7)[0]).toBe('Recommendation 1: caseloads');
    const rag = ws.getRow(7).getCell(9);
    expect(rag.value).toBe('Red (from the figures)');
    expect(rag.fill).toMatchObject({ fgColor: { argb: 'FFD4351C' } });
  });

  it('writes printable HTML with the RAG as text and colour', async () => {
    const html = (await renderImprovementPlan(report, 'html')).toString('utf8');
    const table = htmlTables(html)[0] ?? [];
    expect(table[0]).toEqual(header);
    // Area rows carry a class, so the helper lists only the actions.
    expect(table[1]?.[7]).toBe('Red (from the figures)');
    expect(html).toContain('<th scope="rowgroup" colspan="9">Recommendation 1: caseloads</th>');
    expect(html).toContain('background:#D4351C');
    expect(html).toContain('3 actions: 1 red, 1 amber, 0 green, 1 with no data.');
  });
});
