import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './text.ts';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('escapes a single quote, so a value in a single-quoted attribute cannot end it', () => {
    expect(escapeHtml("' onmouseover='alert(1)")).not.toContain("'");
  });

  it('is the only HTML escaper: no other shipped file in the web or reports rooms escapes & itself', () => {
    const others = [...tsFiles(join(SRC, 'web')), ...tsFiles(join(SRC, 'reports'))]
      .filter((file) => !file.endsWith(join('reports', 'common', 'text.ts')))
      .filter((file) => /['"`]&amp;['"`]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(others).toEqual([]);
  });
});
