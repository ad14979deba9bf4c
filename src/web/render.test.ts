import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { formatNumber, trimFilter } from './render.ts';

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
