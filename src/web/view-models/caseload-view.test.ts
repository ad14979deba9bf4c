import { describe, expect, it } from 'vitest';
import { loadOf, ragFor } from './caseload-view.ts';

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
