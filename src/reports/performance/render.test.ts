import { describe, expect, it } from 'vitest';
import { goldenReport } from '../../../test/support/performance.fixtures.ts';
import { isReportFormat, reportFormatOf, renderPerformance, REPORT_MEDIA_TYPES } from './render.ts';

describe('renderPerformance', () => {
  const report = goldenReport();

  it('renders each format', async () => {
    const docx = await renderPerformance(report, 'docx');
    const xlsx = await renderPerformance(report, 'xlsx');
    const html = await renderPerformance(report, 'html');
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(html.toString('utf8').startsWith('<!DOCTYPE html>')).toBe(true);
    expect(Object.keys(REPORT_MEDIA_TYPES)).toEqual(['docx', 'xlsx', 'html']);
  });

  it('tells the format from a file name', () => {
    expect(['r.docx', 'R.XLSX', 'a/b.html', 'page.htm', 'r.pdf', 'docx', 'r.docx.bak'].map(reportFormatOf)).toEqual(['docx', 'xlsx', 'html', 'html', null, null, null]);
    expect([isReportFormat('xlsx'), isReportFormat('csv'), isReportFormat(3)]).toEqual([true, false, false]);
  });
});
