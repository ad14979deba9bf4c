import { describe, expect, it } from 'vitest';
import type { Allocation } from '../../domain/workforce/types.ts';
import { checkAllocationRefs, parseAllocations, parseCaseType, writeAllocationsCsv } from './allocations.ts';

const opts = { fileName: 'allocations.csv', today: '2024-06-30' };
const HEAD = 'child_id,worker_id,team_id,case_type,start_date,end_date\n';

describe('allocations CSV', () => {
  it('reads worker and team-only allocations with case type synonyms', () => {
    const r = parseAllocations(`${HEAD}C1,W1,T1,CIN,01/04/2024,\nC2,,T1,LAC,2024-01-01,2024-05-01\n`, opts);
    expect(r.rows.map((x) => x.value)).toEqual([
      { childId: 'C1', workerId: 'W1', teamId: 'T1', caseType: 'cin', startDate: '2024-04-01', endDate: null },
      { childId: 'C2', workerId: null, teamId: 'T1', caseType: 'cla', startDate: '2024-01-01', endDate: '2024-05-01' },
    ]);
    expect(['CP', 'Care leaver', 'child in need', 'care_leaver'].map(parseCaseType)).toEqual(['cp', 'care_leaver', 'cin', 'care_leaver']);
  });

  it('rejects a missing child, an unknown case type, an end before start and a row naming nobody', () => {
    const r = parseAllocations(`${HEAD},W1,T1,cin,2024-01-01,\nC2,W1,T1,visit,2024-01-01,\nC3,W1,T1,cp,2024-03-01,2024-02-01\nC4,,,cp,2024-03-01,\nC5,W1,T1,cp,2025-03-01,\n`, opts);
    expect(r.rowsRead).toBe(5);
    expect(r.rows.map((x) => x.value.childId)).toEqual(['C5']);
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.column])).toEqual([
      [2, 'child_id'],
      [3, 'case_type'],
      [4, 'end_date'],
      [5, 'team_id'],
    ]);
    expect(r.issues).toContainEqual(expect.objectContaining({ row: 6, column: 'start_date', severity: 'warning' }));
  });

  it('rejects allocations to unknown workers or teams and fills the team from the worker', () => {
    const rows = [
      { rowNumber: 2, value: { childId: 'C1', workerId: 'W1', teamId: null, caseType: 'cin', startDate: '2024-01-01', endDate: null } },
      { rowNumber: 3, value: { childId: 'C2', workerId: 'W9', teamId: 'T1', caseType: 'cin', startDate: '2024-01-01', endDate: null } },
      { rowNumber: 4, value: { childId: 'C3', workerId: null, teamId: 'T9', caseType: 'cin', startDate: '2024-01-01', endDate: null } },
    ] satisfies Array<{ rowNumber: number; value: Allocation }>;
    const checked = checkAllocationRefs(rows, new Map([['W1', 'T1']]), new Set(['T1']), 'a.csv');
    expect(checked.rows.map((r) => r.value.teamId)).toEqual(['T1']);
    expect(checked.issues.map((i) => [i.row, i.column, i.value])).toEqual([
      [3, 'worker_id', 'W9'],
      [4, 'team_id', 'T9'],
    ]);
  });

  it('round-trips through the writer', () => {
    const a: Allocation[] = [{ childId: 'C1', workerId: null, teamId: 'T1', caseType: 'care_leaver', startDate: '2023-01-01', endDate: null }];
    expect(parseAllocations(writeAllocationsCsv(a), opts).rows.map((r) => r.value)).toEqual(a);
  });
});
