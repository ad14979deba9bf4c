import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { chartTableHtml, formatNumber, trimFilter } from './render.ts';

describe('the trim filter', () => {
  it('removes the white space Nunjucks removes, at both ends only', () => {
    expect(trimFilter(' \n\t <td>1</td>\n  <td>2</td> \r\n ')).toBe('<td>1</td>\n  <td>2</td>');
    expect(trimFilter('\u00a0x\u2003')).toBe('x');
    expect(trimFilter(null)).toBe('');
    expect(trimFilter(12)).toBe('12');
  });

  it('keeps markup marked safe as safe, and plain text as plain text (so it is still escaped)', () => {
    const safe = trimFilter(new nunjucks.runtime.SafeString('  <b>x</b>  '));
    expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(safe)).toBe('<b>x</b>');
    expect(trimFilter('  <b>x</b>  ')).not.toBeInstanceOf(nunjucks.runtime.SafeString);
  });

  it('gives what the original filter (its regular expression, below) gives on a long table of markup', () => {
    const long = `  ${'<tr>\n    <td class="govuk-table__cell">  1 </td>\n  </tr>\n'.repeat(2000)}   `;
    expect(String(trimFilter(long))).toBe(long.replace(/^\s*|\s*$/g, ''));
  });
});

describe('number formatting', () => {
  it('formats as en-GB with the digits asked for, and a dash for no value', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,567.9');
    expect(formatNumber(1234.5, 0)).toBe('1,235');
    expect(formatNumber(2, 1)).toBe('2.0');
    expect(formatNumber(2.25, 2)).toBe('2.25');
    expect(formatNumber('3')).toBe('3');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber('abc')).toBe('abc');
  });
});

/** The chart table as the template loops built it before chartTableHtml (partials/chart.njk). */
const TEMPLATE_TABLE = `{% set dataRows = [] %}{% for r in table.rows %}{% set cells = [] %}{% for c in r %}{% if loop.first %}{% set cells = (cells.push({ text: c }), cells) %}{% else %}{% set cells = (cells.push({ text: c | num(1), format: "numeric" }), cells) %}{% endif %}{% endfor %}{% set dataRows = (dataRows.push(cells), dataRows) %}{% endfor %}{% set dataHead = [] %}{% for h in table.head %}{% set dataHead = (dataHead.push({ text: h or "Period", format: ("numeric" if not loop.first) }), dataHead) %}{% endfor %}
<div class="app-table-scroll"><table class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--s">{{ table.caption }}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">{% for h in dataHead %}<th scope="col" class="govuk-table__header{% if h.format %} govuk-table__header--numeric{% endif %}">{{ h.text }}</th>{% endfor %}</tr></thead>
<tbody class="govuk-table__body">{% for r in dataRows %}<tr class="govuk-table__row">{% for c in r %}{% if loop.first %}<th scope="row" class="govuk-table__header">{{ c.text }}</th>{% else %}<td class="govuk-table__cell govuk-table__cell--numeric">{{ c.text }}</td>{% endif %}{% endfor %}</tr>{% endfor %}</tbody>
</table></div>`;

describe('the table under a chart', () => {
  const table = {
    caption: 'Referrals <by month> & "re-referrals"',
    head: ['', 'Recorded', "Children's \\ rate"],
    rows: [
      ['Apr 2024', 1234.56, null],
      ['May <2024>', 0, 'n/a'],
      [null, -3.25, 12],
    ],
  };

  it('is the markup the template loops gave, escaped the same way', () => {
    const env = new nunjucks.Environment(null, { autoescape: true });
    env.addFilter('num', (value: unknown, digits?: number) => formatNumber(value, digits));
    // Nunjucks also writes a backslash as &#92;, which a browser reads as the same character.
    const flat = (html: string) => html.replace(/>\s+</g, '><').replaceAll('&#92;', '\\').trim();
    expect(chartTableHtml(table)).toBe(flat(env.renderString(TEMPLATE_TABLE, { table })));
    expect(chartTableHtml(table)).toContain('<th scope="col" class="govuk-table__header">Period</th>');
    expect(chartTableHtml(table)).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">1,234.6</td>');
    expect(chartTableHtml(table)).toContain('May &lt;2024&gt;');
  });

  it('is built once for a table object and again for a new one', () => {
    const first = chartTableHtml(table);
    expect(chartTableHtml(table)).toBe(first);
    expect(chartTableHtml({ ...table, caption: 'Other' })).toContain('>Other</caption>');
  });
});
