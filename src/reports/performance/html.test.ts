import { describe, expect, it } from 'vitest';
import { renderPerformanceHtml } from './html.ts';
import { goldenReport, htmlTables } from '../../../test/support/performance.fixtures.ts';

describe('renderPerformanceHtml', () => {
  const report = goldenReport({ suppress: false });
  const html = renderPerformanceHtml(report);

  it('is a complete printable page with no scripts or external files', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
  });

  it('has a captioned table per section with column and row headers', () => {
    expect(html.match(/<table>/g)).toHaveLength(3);
    const captions = [...html.matchAll(/<caption>([^<]*)<\/caption>/g)].map((m) => m[1]);
    expect(captions).toEqual([
      'Inputs measures for 2023-24, with 2022-23 and each quarter',
      'Processes measures for 2023-24, with 2022-23 and each quarter',
      'Outputs measures for 2023-24, with 2022-23 and each quarter',
    ]);
    expect(html.match(/<th scope="col"/g)).toHaveLength(3 * 11);
    const rows = report.sections.flatMap((s) => s.rows);
    expect(html.match(/<th scope="row">/g)).toHaveLength(rows.length);
    expect(html).toContain('<th scope="row">Contacts</th>');
  });

  it('shows the direction of travel in words, the arrow hidden from screen readers', () => {
    const rereferrals = htmlTables(html)[0]?.find((r) => r[0] === 'Re-referrals within 12 months of a previous referral');
    expect(rereferrals).toEqual(['Re-referrals within 12 months of a previous referral', '353', '2,336', '15.1%', '0.0%', '20.1%', '19.9%', '20.1%', '0.2%', '↑ up, worse', 'DfE Children in need']);
    expect(html).toContain('<td><span aria-hidden="true">↑</span> up, worse</td>');
    expect(html).toContain('<td><span aria-hidden="true">→</span> no change</td>');
    expect(html).toContain('<td>not comparable</td>');
  });

  it('carries the marking, headlines, commentary placeholders, notes and definitions', () => {
    expect(html.match(/<p class="marking">Official – Sensitive<\/p>/g)).toHaveLength(2);
    for (const h of report.headlines) expect(html).toContain(`<li>${h.replace(/'/g, '&#39;')}</li>`);
    expect(html).toContain('<h2 id="commentary">Commentary</h2>');
    for (const c of report.commentary) expect(html).toContain(c.placeholder.replace(/'/g, '&#39;'));
    expect(html).toContain('<dt>Care leavers in suitable accommodation</dt>');
    expect(html).toContain('For internal use only');
  });

  it('escapes text from the data', () => {
    const page = renderPerformanceHtml({ ...report, laName: 'Tom & Jerry <Council>' });
    expect(page).toContain('Tom &amp; Jerry &lt;Council&gt;');
    expect(page).not.toContain('<Council>');
  });
});
