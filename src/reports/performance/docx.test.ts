import { XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPerformanceDocx } from './docx.ts';
import { goldenReport, unzipText, wordTables, wordText } from '../../../test/support/performance.fixtures.ts';

describe('renderPerformanceDocx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a Word package whose parts are all well-formed XML', async () => {
    const parts = unzipText(await renderPerformanceDocx(goldenReport()));
    expect(Object.keys(parts)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'docProps/core.xml']));
    for (const [name, xml] of Object.entries(parts)) {
      if (name.endsWith('.xml') || name.endsWith('.rels')) expect(XMLValidator.validate(xml), name).toBe(true);
    }
  });

  it('has a title page, the headlines, the three section tables, an editable commentary and the notes', async () => {
    const report = goldenReport({ suppress: false });
    const xml = unzipText(await renderPerformanceDocx(report))['word/document.xml'] ?? '';
    const lines = wordText(xml).split('\n');
    for (const line of [
      "Children's social care activity and performance, 2023-24",
      'Goldshire',
      'Period: 2023-24 (1 April 2023 to 31 March 2024)',
      'Generated on 1 May 2024 by Headroom',
      'Security marking: Official – Sensitive',
      'For internal use only: small numbers are not suppressed. Do not publish.',
      'Headlines',
      ...report.headlines,
      'Inputs',
      'Processes',
      'Outputs',
      'Commentary',
      ...report.commentary.map((c) => c.placeholder),
      'Notes',
      'Definitions',
    ]) {
      expect(lines).toContain(line);
    }
    expect(lines.indexOf('Commentary')).toBeGreaterThan(lines.indexOf('Outputs'));

    const tables = wordTables(xml);
    expect(tables).toHaveLength(3);
    expect(tables[0]?.[0]).toEqual(['Measure', 'Number', 'Out of', '% or rate', 'Previous year (2022-23)', 'Q1', 'Q2', 'Q3', 'Q4', 'Direction of travel', 'Source']);
    expect(tables.map((t) => t.length - 1)).toEqual(report.sections.map((s) => s.rows.length));
    expect(tables[0]?.find((r) => r[0] === 'Re-referrals within 12 months of a previous referral')).toEqual([
      'Re-referrals within 12 months of a previous referral',
      '353',
      '2,336',
      '15.1%',
      '0.0%',
      '20.1%',
      '19.9%',
      '20.1%',
      '0.2%',
      '↑ up, worse',
      'DfE Children in need',
    ]);
    expect(tables[2]?.find((r) => r[0] === 'Care leavers in suitable accommodation')?.slice(9)).toEqual(['→ no change', 'DfE Children looked after in England including adoptions']);
    expect(xml).toContain('<w:tblHeader/>');
  });

  it('marks every page Official – Sensitive in its header and footer', async () => {
    const parts = unzipText(await renderPerformanceDocx(goldenReport()));
    const headers = Object.entries(parts).filter(([name]) => /^word\/(header|footer)\d+\.xml$/.test(name));
    expect(headers.length).toBeGreaterThanOrEqual(2);
    for (const [, xml] of headers) {
      expect(wordText(xml)).toContain('Official – Sensitive');
      expect(xml).toContain('<w:caps/>');
    }
  });

  it('writes c for suppressed figures', async () => {
    const xml = unzipText(await renderPerformanceDocx(goldenReport()))['word/document.xml'] ?? '';
    const ceased = wordTables(xml)[2]?.find((r) => r[0] === 'Children who ceased to be looked after');
    expect(ceased?.slice(1, 10)).toEqual(['20', '', '', '20', 'c', 'c', 'c', 'c', '→ no change']);
  });

  it('gives the same bytes whenever it runs: properties and zip times come from the generation date', async () => {
    const report = goldenReport();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-02T03:04:05Z'));
    const first = await renderPerformanceDocx(report);
    vi.setSystemTime(new Date('2031-06-07T08:09:10Z'));
    const second = await renderPerformanceDocx(report);
    expect(second.equals(first)).toBe(true);
    expect(unzipText(first)['docProps/core.xml']).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-01T00:00:00Z</dcterms:created>');
  });
});
