import { describe, expect, it } from 'vitest';
import { ALL_CHILD_IDS, ALL_WORKER_IDS, buildExample, htmlTables, REPLACE_SCENARIO, WORKERS } from '../../../test/support/business-case.fixtures.ts';
import { renderBusinessCaseHtml } from './html.ts';

describe('renderBusinessCaseHtml', () => {
  const { report } = buildExample();
  const html = renderBusinessCaseHtml(report);

  it('is one self-contained printable page', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html.match(/<p class="marking">Official – Sensitive<\/p>/g)).toHaveLength(2);
  });

  it('has every section, and a captioned table with column and row headers for each table', () => {
    for (const s of report.sections) expect(html).toContain(`<h2 id="${s.id}">${s.number}. ${s.title}</h2>`);
    const tables = report.sections.flatMap((s) => s.tables);
    expect(html.match(/<table /g)).toHaveLength(tables.length);
    expect(html.match(/<caption>/g)).toHaveLength(tables.length);
    expect(html.match(/<th scope="col"/g)).toHaveLength(tables.reduce((a, t) => a + t.columns.length, 0));
    expect(html.match(/<th scope="row">/g)).toHaveLength(tables.reduce((a, t) => a + t.rows.length + t.totals.length, 0));
  });

  it('shows the same figures as the model', () => {
    const rows = htmlTables(html.replace(/<table [^>]*>/g, '<table>').replace(/<tr class="total">/g, '<tr>')).flat();
    expect(rows).toContainEqual(['Total', '£820,641.00', '£1,165,164.00', '£344,523.00', '£101,730.51', '£24,000.00', '£88,000.00']);
    expect(rows).toContainEqual(['Assessment team 1', '220', '152', '10.0', '7.0', '21.0', '21.0', '10', '5', '20', '12', '10', '7']);
  });

  it('sets the draft risks apart, and shows the service’s own risks plainly', () => {
    expect(html).toMatch(/<div class="draft">\n<p>Draft for the service to edit/);
    const own = renderBusinessCaseHtml(buildExample({ risks: ['Caseloads will stay high & staff will leave.'] }).report);
    expect(own).not.toContain('class="draft"');
    expect(own).toContain('<p>Caseloads will stay high &amp; staff will leave.</p>');
  });

  it('names no worker or child when withNames is false', () => {
    const page = renderBusinessCaseHtml(buildExample({ scenario: REPLACE_SCENARIO }).report);
    for (const id of [...ALL_WORKER_IDS, ...ALL_CHILD_IDS]) expect(page).not.toMatch(new RegExp(`(?<![\\w-])${id}(?![\\w-])`));
    for (const w of WORKERS) expect(page).not.toContain(w.name);
  });

  it('escapes text from the data', () => {
    const page = renderBusinessCaseHtml({ ...report, laName: 'Tom & Jerry <Council>' });
    expect(page).toContain('Tom &amp; Jerry &lt;Council&gt;');
    expect(page).not.toContain('<Council>');
  });
});
