import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CASE_TYPES, type Allocation } from '../../domain/workforce/types.ts';
import type { Numbered, TableParseResult } from '../csv/result.ts';
import { ALLOCATION_COLUMNS, checkAllocationRefs, parseAllocations, parseCaseType, writeAllocationsCsv } from './allocations.ts';

const opts = { fileName: 'allocations.csv', today: '2024-06-30' };
const HEAD = 'child_id,worker_id,team_id,case_type,start_date,end_date\n';

function expectAccounted<T>(r: TableParseResult<T>): void {
  const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.row));
  expect(r.rows.length + errorRows.size).toBe(r.rowsRead);
  for (const row of r.rows) expect(errorRows.has(row.rowNumber)).toBe(false);
  if (r.fatal) expect(r.rows).toEqual([]);
}

const one = (line: string) => parseAllocations(HEAD + line, opts);

describe('parseAllocations', () => {
  it('reads allocations to a worker and to a team only', () => {
    const r = parseAllocations(`\ufeffChild ID,Worker ID,Team ID,Case Type,Start Date,End Date\nC1,W1,T1,CIN,01/04/2024,\nC2,,T1,LAC,2024-01-01,2024-05-01\nC3,W2,,cp,2023-01-01,\n`, opts);
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([
      { rowNumber: 2, value: { childId: 'C1', workerId: 'W1', teamId: 'T1', caseType: 'cin', startDate: '2024-04-01', endDate: null } },
      { rowNumber: 3, value: { childId: 'C2', workerId: null, teamId: 'T1', caseType: 'cla', startDate: '2024-01-01', endDate: '2024-05-01' } },
      { rowNumber: 4, value: { childId: 'C3', workerId: 'W2', teamId: null, caseType: 'cp', startDate: '2023-01-01', endDate: null } },
    ]);
  });

  it.each([
    ['CIN', 'cin'], ['cin', 'cin'], ['Child in Need', 'cin'], ['Children in need', 'cin'],
    ['CP', 'cp'], ['cp', 'cp'], ['Child Protection', 'cp'], ['CPP', 'cp'], ['child protection plan', 'cp'],
    ['CLA', 'cla'], ['LAC', 'cla'], ['Looked after', 'cla'], ['Child looked after', 'cla'], ['Children in care', 'cla'], ['CiC', 'cla'],
    ['Care leaver', 'care_leaver'], ['care_leaver', 'care_leaver'], ['CARE-LEAVER', 'care_leaver'], ['Leaving care', 'care_leaver'],
    ['Assessment', 'assessment'], ['referral', 'referral'], ['Other', 'other'],
  ])('reads the case type %j as %s', (text, type) => {
    expect(parseCaseType(text)).toBe(type);
  });

  it('reads every canonical case type back', () => {
    for (const t of CASE_TYPES) expect(parseCaseType(t)).toBe(t);
    expect(parseCaseType('visit')).toBeNull();
  });

  describe('rejects a bad row with its row, column, value and reason', () => {
    it.each([
      ['a missing child id', ',W1,T1,cin,2024-01-01,', 'child_id', '', 'child_id is required'],
      ['an unknown case type', 'C2,W1,T1,visit,2024-01-01,', 'case_type', 'visit', '"visit" is not a case type'],
      ['a missing case type', 'C2,W1,T1,,2024-01-01,', 'case_type', '', 'case_type is required'],
      ['an end before the start', 'C3,W1,T1,cp,2024-03-01,2024-02-01', 'end_date', '2024-02-01', 'The end date 2024-02-01 is before the start date 2024-03-01'],
      ['a row naming neither worker nor team', 'C4,,,cp,2024-03-01,', 'team_id', '', 'Both worker_id and team_id are empty'],
      ['a missing start date', 'C5,W1,T1,cp,,', 'start_date', '', 'start_date is required'],
      ['a start date that does not exist', 'C6,W1,T1,cp,30/02/2024,', 'start_date', '30/02/2024', 'is not a real date'],
    ])('%s', (_, line, column, value, message) => {
      const r = one(line);
      expect(r.rows).toEqual([]);
      expect(r.rowsRead).toBe(1);
      const errors = r.issues.filter((i) => i.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ sheet: 'allocations.csv', row: 2, column, value, severity: 'error' });
      expect(errors[0]?.message).toContain(message);
    });
  });

  describe('keeps a dubious row with a warning', () => {
    it.each([
      ['a start date in the future', 'C5,W1,T1,cp,2025-03-01,', 'start_date', '2025-03-01', 'The start date 2025-03-01 is in the future'],
      ['an end date in the future', 'C5,W1,T1,cp,2024-03-01,2024-07-01', 'end_date', '2024-07-01', 'The end date 2024-07-01 is in the future'],
    ])('%s', (_, line, column, value, message) => {
      const r = one(line);
      expect(r.rows).toHaveLength(1);
      expect(r.issues).toEqual([expect.objectContaining({ row: 2, column, value, severity: 'warning' })]);
      expect(r.issues[0]?.message).toContain(message);
    });

    it('an allocation given twice', () => {
      const r = parseAllocations(`${HEAD}C1,W1,T1,cin,2024-01-01,\nC1,W1,T1,CIN,01/01/2024,\nC1,W1,T1,cin,2024-02-01,\n`, opts);
      expect(r.rows).toHaveLength(3);
      expect(r.issues).toEqual([expect.objectContaining({ row: 3, column: 'child_id', severity: 'warning', message: 'The same allocation is already on row 2; both were loaded, and the child still counts once in a caseload.' })]);
    });
  });

  it('counts every row read', () => {
    const r = parseAllocations(`${HEAD},W1,T1,cin,2024-01-01,\nC2,W1,T1,visit,2024-01-01,\nC3,W1,T1,cp,2024-03-01,2024-02-01\nC4,,,cp,2024-03-01,\nC5,W1,T1,cp,2025-03-01,\n\n`, opts);
    expect(r.rowsRead).toBe(5);
    expect(r.rows.map((x) => x.value.childId)).toEqual(['C5']);
    expectAccounted(r);
  });

  it.each([
    ['', 'empty'],
    ['child,worker\n1,2\n', 'no_header'],
    ['child_id,worker_id,team_id,case_type\nC1,W1,T1,cin\n', 'no_header'],
  ])('refuses %j', (text, code) => {
    expect(parseAllocations(text, opts).fatal?.code).toBe(code);
  });
});

describe('checkAllocationRefs', () => {
  const row = (rowNumber: number, childId: string, workerId: string | null, teamId: string | null): Numbered<Allocation> => ({
    rowNumber,
    value: { childId, workerId, teamId, caseType: 'cin', startDate: '2024-01-01', endDate: null },
  });

  it('rejects allocations to unknown workers or teams and fills the team from the worker', () => {
    const checked = checkAllocationRefs([row(2, 'C1', 'W1', null), row(3, 'C2', 'W9', 'T1'), row(4, 'C3', null, 'T9'), row(5, 'C4', null, 'T1')], new Map([['W1', 'T1']]), new Set(['T1']), 'a.csv');
    expect(checked.rows.map((r) => [r.rowNumber, r.value.teamId])).toEqual([
      [2, 'T1'],
      [5, 'T1'],
    ]);
    expect(checked.issues).toEqual([
      { sheet: 'a.csv', row: 3, column: 'worker_id', value: 'W9', severity: 'error', message: 'Worker W9 is not in the roster for this council; import the roster first. The row was not loaded.' },
      { sheet: 'a.csv', row: 4, column: 'team_id', value: 'T9', severity: 'error', message: 'Team T9 does not exist for this council; import the teams file first. The row was not loaded.' },
    ]);
  });

  it('keeps every row when everything is known, unchanged', () => {
    const rows = [row(2, 'C1', 'W1', 'T2')];
    expect(checkAllocationRefs(rows, new Map([['W1', 'T1']]), new Set(['T1', 'T2']), 'a.csv')).toEqual({ rows, issues: [] });
  });
});

const text = fc.string({ minLength: 1, maxLength: 10 }).map((s) => s.replace(/\u00a0/g, ' ').trim()).filter((s) => s !== '');
const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const allocation: fc.Arbitrary<Allocation> = fc
  .record({
    childId: text,
    who: fc.oneof(fc.tuple(text, fc.option(text, { nil: null })), fc.tuple(fc.constant(null), text)).map(([w, t]): [string | null, string | null] => [w, t]),
    caseType: fc.constantFrom(...CASE_TYPES),
    dates: fc.tuple(isoDate, fc.option(isoDate, { nil: null })),
  })
  .map(({ childId, who: [workerId, teamId], caseType, dates: [a, b] }) => {
    const [startDate, endDate] = b !== null && b < a ? [b, a] : [a, b];
    return { childId, workerId, teamId, caseType, startDate, endDate };
  });

describe('writeAllocationsCsv', () => {
  it('writes exactly the documented header, deterministically', () => {
    const a: Allocation[] = [{ childId: 'C1', workerId: null, teamId: 'T1', caseType: 'care_leaver', startDate: '2023-01-01', endDate: null }];
    expect(writeAllocationsCsv(a)).toBe(`${HEAD}C1,,T1,care_leaver,2023-01-01,\n`);
    expect(ALLOCATION_COLUMNS.map((c) => c.name).join(',')).toBe(HEAD.trim());
  });

  it('round-trips: parse(write(allocations)) gives the allocations back', () => {
    fc.assert(
      fc.property(fc.array(allocation, { maxLength: 20 }), (allocations) => {
        const r = parseAllocations(writeAllocationsCsv(allocations), opts);
        expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(r.rows).toEqual(allocations.map((value, i) => ({ rowNumber: i + 2, value })));
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseAllocations on random input', () => {
  const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('', 'C1', 'W1', 'T1', 'CIN', 'lac', 'visit', '2024-01-01', '2030-01-01', '31/02/2024', '01/01/2023'));

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => expectAccounted(parseAllocations(Buffer.from(bytes), opts))), { numRuns: 300 });
  });

  it('never loses a row', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 7 }), { maxLength: 20 }), (rows) => {
        const r = parseAllocations(HEAD + stringify(rows), opts);
        expect(r.rowsRead).toBe(rows.filter((row) => row.some((c) => c.trim() !== '')).length);
        expectAccounted(r);
      }),
      { numRuns: 300 },
    );
  });
});
