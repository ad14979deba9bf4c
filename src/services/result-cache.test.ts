import { describe, expect, it } from 'vitest';
import { memoInReadOnlyScope, withReadOnlyMemo } from './result-cache.ts';

describe('the read-only memo of a page being read', () => {
  it('computes each key once within a scope, however many parts ask, and afresh in the next scope', async () => {
    let computed = 0;
    const ask = () => memoInReadOnlyScope('las', async () => ++computed);
    const first = await withReadOnlyMemo(async () => [await ask(), await ask(), await Promise.all([ask(), ask()])]);
    expect(first).toEqual([1, 1, [1, 1]]);
    expect(await withReadOnlyMemo(ask)).toBe(2);
  });

  it('keeps keys apart, and outside a scope (work that writes) computes every time', async () => {
    let computed = 0;
    const ask = (key: string) => memoInReadOnlyScope(key, async () => ++computed);
    expect(await withReadOnlyMemo(async () => [await ask('a'), await ask('b'), await ask('a')])).toEqual([1, 2, 1]);
    expect([await ask('a'), await ask('a')]).toEqual([3, 4]);
  });
});
