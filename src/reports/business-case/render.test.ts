import { describe, expect, it } from 'vitest';
import { buildExample } from '../../../test/support/business-case.fixtures.ts';
import { renderBusinessCase } from './index.ts';

describe('renderBusinessCase', () => {
  it('renders each format, the same bytes each time', async () => {
    for (const format of ['docx', 'xlsx', 'html'] as const) {
      const first = await renderBusinessCase(buildExample().report, format);
      const second = await renderBusinessCase(buildExample().report, format);
      expect(second.equals(first), format).toBe(true);
      if (format === 'html') expect(first.toString('utf8').startsWith('<!DOCTYPE html>')).toBe(true);
      else expect(first.subarray(0, 2).toString('latin1')).toBe('PK');
    }
  });
});
