import { describe, expect, it } from 'vitest';
import { caseloadTable, withholdUnitTable } from '../../services/caseload-tables.ts';
import { loadOf, ragFor, shownAverage, withholdSmallCounts } from './caseload-view.ts';

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
  const unit = (children: number, heldChildren: number, caseHoldingWorkers: number, averagePerFte: number | null) => ({ children, heldChildren, caseHoldingWorkers, averagePerFte });
  it('hides a viewer’s average where the count of children is withheld, since average × FTE gives it back', () => {
    expect(shownAverage(unit(4, 4, 8, 4), true)).toBeNull();
    expect(shownAverage(unit(4, 4, 8, 4), false)).toBe(4);
    expect(shownAverage(unit(60, 60, 8, 20), true)).toBe(20);
    expect(shownAverage(unit(0, 0, 0, null), true)).toBeNull();
    expect(shownAverage(undefined, false)).toBeNull();
  });

  it('hides it where the children held or the case holders are withheld', () => {
    expect(shownAverage(unit(60, 3, 8, 0.4), true)).toBeNull();
    expect(shownAverage(unit(60, 55, 3, 18.3), true)).toBeNull();
  });
});

describe('withholdSmallCounts', () => {
  const team = { teamId: 'T', name: 'T', parent: null, caseHoldingWorkers: 3, caseHoldingFte: 2.8, children: 60, heldChildren: 52, unallocated: 8, averagePerFte: 18.6, averagePerHead: 17.3, capacity: 56, headroom: -4, casesOverCapacity: 4, fteRequiredToMax: 0.2, fteRequiredToMid: 0.5 };

  it('withholds the case-holding FTE, and what is worked out from it, beside a withheld count of case holders', () => {
    expect(withholdSmallCounts(team)).toMatchObject({ caseHoldingWorkers: 'c', caseHoldingFte: 'c', capacity: 'c', headroom: 'c', averagePerFte: 'c', averagePerHead: 'c', children: 60, heldChildren: 52, unallocated: 8, casesOverCapacity: 'c' });
    expect(withholdSmallCounts({ ...team, caseHoldingWorkers: 12 })).toMatchObject({ caseHoldingWorkers: 12, caseHoldingFte: 2.8, capacity: 56, averagePerFte: 18.6 });
  });

  it('does the same in a downloaded table, by column name', () => {
    const table = caseloadTable({ laCode: '1', asOf: '2024-01-01', profile: 'p', teams: [team], localities: [], services: [], workers: [], totals: team, unmatched: { workerIds: [], teamIds: [] } }, 'team');
    const row = withholdUnitTable(table).rows[0] ?? [];
    const at = (name: string) => row[table.head.indexOf(name)];
    expect([at('Case holders'), at('Case-holding FTE'), at('Capacity'), at('Average caseload per FTE'), at('Children'), at('Unallocated children')]).toEqual(['c', 'c', 'c', 'c', 60, 8]);
  });
});
