import { describe, expect, it } from 'vitest';
import { buildExample, tableOf } from '../../../test/support/business-case.fixtures.ts';
import { renderBusinessCaseHtml } from './html.ts';
import { buildBusinessCase, type BusinessCaseForecast } from './model.ts';
import { renderBusinessCaseXlsx } from './xlsx.ts';

const FORECAST: BusinessCaseForecast = {
  origin: '2025-09-30',
  windowMonths: 12,
  lines: [{ label: 'Children looked after', today: 580, date: '2026-09-30', forecast: 626.4, lower: 601.2, upper: 651.9 }],
  trackRecord: [
    { label: 'Children looked after', horizonMonths: 3, mape: 1.2, persistenceMape: 2.5, coverage: 0.75 },
    { label: 'Children looked after', horizonMonths: 6, mape: null, persistenceMape: null, coverage: null },
  ],
  notes: ['No 12-month track record yet.'],
};

describe('business case: the demand forecast', () => {
  it('adds the forecast with its interval and track record after the notes, leaving the other sections as they were', () => {
    const { input, report: without } = buildExample();
    const report = buildBusinessCase({ ...input, forecast: FORECAST });
    expect(report.sections.slice(0, -1)).toEqual(without.sections);
    const last = report.sections.at(-1);
    expect(last).toMatchObject({ id: 'forecast', number: 9, title: 'Demand forecast and its track record' });
    expect(last?.paragraphs[0]).toContain('Children looked after: 580 today, 626 forecast on 2026-09-30 (601 to 652)');
    expect(tableOf(report, 'forecast-figures').rows[0]?.map((c) => ('value' in c ? c.value : 'text' in c ? c.text : null))).toEqual(['Children looked after', 580, '2026-09-30', 626, 601, 652]);
    expect(tableOf(report, 'forecast-track-record').rows).toHaveLength(2);
    expect(renderBusinessCaseHtml(report)).toContain('<h2 id="forecast">9. Demand forecast and its track record</h2>');
  });

  it('leaves the section out without a forecast', () => {
    const { report } = buildExample();
    expect(report.sections.map((s) => s.id)).not.toContain('forecast');
  });

  it('gives the forecast its own sheet in the workbook', async () => {
    const { input } = buildExample();
    const bytes = await renderBusinessCaseXlsx(buildBusinessCase({ ...input, forecast: FORECAST }));
    expect(Buffer.from(bytes).subarray(0, 2).toString()).toBe('PK');
  });
});
