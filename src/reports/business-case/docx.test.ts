import { XMLValidator } from 'fast-xml-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_WORKER_IDS, buildExample, unzipText, wordTables, wordText, WORKERS } from '../../../test/support/business-case.fixtures.ts';
import { renderBusinessCaseDocx } from './docx.ts';

describe('renderBusinessCaseDocx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const { report } = buildExample();

  it('writes a Word package whose parts are all well-formed XML', async () => {
    const parts = unzipText(await renderBusinessCaseDocx(report));
    expect(Object.keys(parts)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'docProps/core.xml']));
    for (const [name, xml] of Object.entries(parts)) {
      if (name.endsWith('.xml') || name.endsWith('.rels')) expect(XMLValidator.validate(xml), name).toBe(true);
    }
  });

  it('has a title page, every section heading, the tables with their figures, and the risks as plain paragraphs', async () => {
    const xml = unzipText(await renderBusinessCaseDocx(report))['word/document.xml'] ?? '';
    const lines = wordText(xml).split('\n');
    for (const line of [
      'Business case: Split the assessment team',
      'Goldshire',
      'Scenario: Split the assessment team (version 2)',
      'Caseload figures at 30 September 2025',
      'Generated on 6 October 2025 by Headroom',
      'Security marking: Official – Sensitive',
      '1. Summary',
      '2. The pressure',
      '3. The proposal',
      '4. The effect',
      '5. Posts needed',
      '6. The costs',
      '7. Risks of not investing',
      '8. Notes and assumptions',
    ]) {
      expect(lines).toContain(line);
    }
    const risks = report.sections.find((s) => s.id === 'risks')?.paragraphs ?? [];
    const at = lines.indexOf('7. Risks of not investing');
    expect(lines.slice(at + 1, at + 1 + risks.length)).toEqual(risks);

    const tables = wordTables(xml);
    expect(tables).toHaveLength(report.sections.flatMap((s) => s.tables).length);
    const costs = tables.find((t) => t[0]?.[0] === 'Team' && t[0]?.[1] === 'Establishment cost today');
    expect(costs?.at(-1)).toEqual(['Total', '£820,641.00', '£1,165,164.00', '£344,523.00', '£101,730.51', '£24,000.00', '£88,000.00']);
    const summary = tables.find((t) => t[0]?.[0] === 'Measure');
    expect(summary).toContainEqual(['Full-year cost (budget pressure)', '£344,523.00']);
    expect(xml).toContain('<w:tblHeader/>');
  });

  it('marks every page Official – Sensitive in its header and footer', async () => {
    const parts = unzipText(await renderBusinessCaseDocx(report));
    const frames = Object.entries(parts).filter(([name]) => /^word\/(header|footer)\d+\.xml$/.test(name));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const [, xml] of frames) expect(wordText(xml)).toContain('Official – Sensitive');
  });

  it('names no worker when withNames is false', async () => {
    const parts = unzipText(await renderBusinessCaseDocx(report));
    const all = Object.values(parts).join('\n');
    for (const id of ALL_WORKER_IDS) expect(all).not.toMatch(new RegExp(`(?<![\\w-])${id}(?![\\w-])`));
    for (const w of WORKERS) expect(all).not.toContain(w.name);
  });

  it('gives the same bytes whenever it runs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-02T03:04:05Z'));
    const first = await renderBusinessCaseDocx(report);
    vi.setSystemTime(new Date('2031-06-07T08:09:10Z'));
    const second = await renderBusinessCaseDocx(buildExample().report);
    expect(second.equals(first)).toBe(true);
    expect(unzipText(first)['docProps/core.xml']).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-10-06T00:00:00Z</dcterms:created>');
  });
});
