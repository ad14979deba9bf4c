import { describe, expect, it } from 'vitest';
import { loadOf, ragFor, shownAverage } from './caseload-view.ts';

describe('RAG against a team’s own capacity', () => {
  it('is within at or below capacity, over up to 10% above, well over beyond', () => {
    expect(ragFor({ children: 280, capacity: 280 })).toBe('within');
    expect(ragFor({ children: 308, capacity: 280 })).toBe('over');
    expect(ragFor({ children: 309, capacity: 280 })).toBe('well_over');
    expect(ragFor({ children: 0, capacity: 0 })).toBe('none');
    expect(ragFor({ children: 3, capacity: 0 })).toBe('well_over');
  });

  it('measures reviewing officers against their own range, not the social worker one', () => {
    const iros = { children: 16 * 70, capacity: 16 * 70 };
    expect(ragFor(iros)).toBe('within');
    expect(loadOf({ children: 190, capacity: 116 })).toBeGreaterThan(loadOf({ children: 1463, capacity: 1232 }));
  });
});

describe('shownAverage', () => {
  it('hides a viewer’s average where the count of children is withheld, since average × FTE gives it back', () => {
    expect(shownAverage({ children: 4, averagePerFte: 4 }, true)).toBeNull();
    expect(shownAverage({ children: 4, averagePerFte: 4 }, false)).toBe(4);
    expect(shownAverage({ children: 60, averagePerFte: 20 }, true)).toBe(20);
    expect(shownAverage({ children: 0, averagePerFte: null }, true)).toBeNull();
    expect(shownAverage(undefined, false)).toBeNull();
  });
});
