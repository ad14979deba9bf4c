import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Worker } from '../../domain/workforce/types.ts';
import { parseRole, parseRoster, writeRosterCsv } from './roster.ts';

const opts = { fileName: 'roster.csv', today: '2024-06-30' };
const HEAD = 'worker_id,name,team_id,role,fte,asye,agency,start_date,end_date,manager_id\n';

describe('roster CSV', () => {
  it('reads workers with synonyms, yes/no flags and UK dates', () => {
    const r = parseRoster(`\ufeffWorker ID,Name,Team_ID,Role,FTE,ASYE,Agency,Start Date,End Date,Manager ID\nTM1,Morgan,T1,TM,1,no,no,01/04/2020,,\nW1,Alex,T1,Snr Prac,0.8,N,Y,2021-09-01,,TM1\n`, opts);
    expect(r.fatal).toBeUndefined();
    expect(r.rowsRead).toBe(2);
    expect(r.rows.map((x) => x.value)).toEqual([
      { workerId: 'TM1', name: 'Morgan', teamId: 'T1', role: 'team_manager', fte: 1, asye: false, agency: false, startDate: '2020-04-01', endDate: null, managerId: null },
      { workerId: 'W1', name: 'Alex', teamId: 'T1', role: 'senior_practitioner', fte: 0.8, asye: false, agency: true, startDate: '2021-09-01', endDate: null, managerId: 'TM1' },
    ]);
    expect(r.rows[1]?.rowNumber).toBe(3);
  });

  it('knows the common role spellings', () => {
    expect(['SW', 'social worker', 'PA', 'Personal Advisor', 'IRO', 'Independent Reviewing Officer', 'HoS', 'Family Support Worker', 'AP'].map(parseRole)).toEqual([
      'social_worker',
      'social_worker',
      'personal_adviser',
      'personal_adviser',
      'iro',
      'iro',
      'head_of_service',
      'family_worker',
      'advanced_practitioner',
    ]);
    expect(parseRole('wizard')).toBeNull();
  });

  it('rejects each bad row with its row, column, value and reason, and keeps the count', () => {
    const r = parseRoster(
      HEAD +
        ['W1,Alex,T1,wizard,1,no,no,,,', 'W2,Bo,T1,SW,1.8,no,no,,,', 'W3,Cam,T1,SW,1,no,no,2024-05-01,2024-01-01,', 'W4,Dee,T1,SW,1,no,no,,,', 'W4,Dee again,T1,SW,1,no,no,,,', 'W5,Eve,T1,SW,1,no,no,2025-01-01,,', 'W6,Fay,T1,SW,1,no,no,31/02/2024,,', 'W7,Gil,T1,SW,1,no,no,,,NOBODY'].join('\n'),
      opts,
    );
    expect(r.rowsRead).toBe(8);
    expect(r.rows.map((x) => x.value.workerId)).toEqual(['W4', 'W5', 'W7']);
    const errors = r.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.row, i.column])).toEqual([
      [2, 'role'],
      [3, 'fte'],
      [4, 'end_date'],
      [6, 'worker_id'],
      [8, 'start_date'],
    ]);
    expect(errors[0]?.message).toContain('"wizard" is not a role');
    expect(errors[3]?.message).toBe('Worker W4 is already on row 5; this row was not loaded.');
    expect(r.issues).toContainEqual(expect.objectContaining({ row: 7, column: 'start_date', severity: 'warning' }));
    expect(r.issues).toContainEqual(expect.objectContaining({ row: 9, column: 'manager_id', value: 'NOBODY', severity: 'warning' }));
    expect(r.rows.length + errors.length).toBe(r.rowsRead);
  });

  it('refuses a file without the required columns, or an empty one', () => {
    expect(parseRoster('name,role\nAlex,SW\n', opts).fatal?.message).toContain('"worker_id"');
    expect(parseRoster('', opts).fatal?.code).toBe('empty');
  });

  it('round-trips through the writer', () => {
    const workers: Worker[] = [
      { workerId: 'W1', name: 'Alex, "Al" Able', teamId: 'T1', role: 'iro', fte: 0.6, asye: true, agency: false, startDate: '2020-01-01', endDate: '2024-03-31', managerId: null },
    ];
    expect(parseRoster(writeRosterCsv(workers), opts).rows.map((r) => r.value)).toEqual(workers);
  });

  it('never throws and never loses a row on random input', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 12 }), { maxLength: 20 }), (rows) => {
        const text = HEAD + rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
        const r = parseRoster(text, opts);
        const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.row));
        expect(r.rows.length + errorRows.size).toBe(r.rowsRead);
      }),
      { numRuns: 200 },
    );
  });
});
