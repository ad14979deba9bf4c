import { describe, expect, it } from 'vitest';
import { warmAllPages, type PageServices } from './page-warmer.ts';

function fakeServices(calls: string[], failing: string): PageServices {
  return {
    kpis: {
      years: async (la) => (calls.push(`years ${la}`), la === failing ? Promise.reject(new Error('broken council')) : ['2024-25']),
      kpis: async (la) => (calls.push(`kpis ${la}`), { period: { start: '2024-04-01', end: '2025-03-31' } }) as never,
      rolling: async (la) => (calls.push(`rolling ${la}`), []) as never,
    },
    caseloads: {
      defaultDate: async (la) => (calls.push(`defaultDate ${la}`), '2025-03-31'),
      snapshot: async (la) => (calls.push(`snapshot ${la}`), {}) as never,
      series: async (la) => (calls.push(`series ${la}`), []) as never,
    },
  };
}

describe('warming every council on start', () => {
  it('warms the councils one after another, and a council that fails is reported and skipped, not the end of the others', async () => {
    const calls: string[] = [];
    const failed: string[] = [];
    const warmed = await warmAllPages(fakeServices(calls, '302'), ['301', '302', '303'], (la) => failed.push(la));
    expect(warmed).toBe(2);
    expect(failed).toEqual(['302']);
    expect(calls.filter((c) => c.startsWith('series'))).toEqual(['series 301', 'series 303']);
    expect(calls.indexOf('series 301')).toBeLessThan(calls.indexOf('years 302'));
  });
});
