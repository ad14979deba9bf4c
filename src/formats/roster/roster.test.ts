import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { ROLES, type Worker } from '../../domain/workforce/types.ts';
import type { TableParseResult } from '../csv/result.ts';
import { parseRole, parseRoster, ROSTER_COLUMNS, writeRosterCsv } from './roster.ts';

const opts = { fileName: 'roster.csv', today: '2024-06-30' };
const HEAD = 'worker_id,name,team_id,role,fte,asye,agency,start_date,end_date,manager_id\n';

/** Every row read is loaded or rejected with at least one error, never both. */
function expectAccounted<T>(r: TableParseResult<T>): void {
  const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.row));
  expect(r.rows.length + errorRows.size).toBe(r.rowsRead);
  for (const row of r.rows) expect(errorRows.has(row.rowNumber)).toBe(false);
  if (r.fatal) expect(r.rows).toEqual([]);
  for (const issue of r.issues) {
    expect(issue.message.length).toBeGreaterThan(0);
    expect(issue.sheet).toBe(opts.fileName);
  }
}

const one = (line: string) => parseRoster(HEAD + line, opts);

describe('parseRoster', () => {
  it('reads workers with header variants, a BOM, synonyms, yes/no flags and UK dates', () => {
    const r = parseRoster(
      '\ufeffWorker ID, NAME ,Team_ID,Role,FTE,ASYE,Agency,Start Date,End_Date,Manager ID\r\nTM1,Morgan,T1,TM,1,no,no,01/04/2020,,\r\nW1,Alex,T1,Snr Prac,0.8,N,Y,2021-09-01,31/03/2025,TM1\r\n',
      opts,
    );
    expect(r.fatal).toBeUndefined();
    expect(r.issues).toEqual([]);
    expect(r.rowsRead).toBe(2);
    expect(r.rows).toEqual([
      { rowNumber: 2, value: { workerId: 'TM1', name: 'Morgan', teamId: 'T1', role: 'team_manager', fte: 1, asye: false, agency: false, startDate: '2020-04-01', endDate: null, managerId: null } },
      { rowNumber: 3, value: { workerId: 'W1', name: 'Alex', teamId: 'T1', role: 'senior_practitioner', fte: 0.8, asye: false, agency: true, startDate: '2021-09-01', endDate: '2025-03-31', managerId: 'TM1' } },
    ]);
  });

  it('reads the optional columns as blank when they are absent', () => {
    const r = parseRoster('worker_id,name,team_id,role,fte\nW1,Alex,,SW,1\n', opts);
    expect(r.rows[0]?.value).toEqual({ workerId: 'W1', name: 'Alex', teamId: null, role: 'social_worker', fte: 1, asye: false, agency: false, startDate: null, endDate: null, managerId: null });
  });

  it.each([
    ['SW', 'social_worker'], ['Social Worker', 'social_worker'], ['sw', 'social_worker'], ['social_worker', 'social_worker'],
    ['Snr Prac', 'senior_practitioner'], ['Senior Practitioner', 'senior_practitioner'], ['SP', 'senior_practitioner'], ['SNR. PRAC', 'senior_practitioner'],
    ['AP', 'advanced_practitioner'], ['Advanced Practitioner', 'advanced_practitioner'],
    ['TM', 'team_manager'], ['Team Manager', 'team_manager'],
    ['PM', 'practice_manager'], ['Practice Manager', 'practice_manager'], ['Deputy Team Manager', 'practice_manager'],
    ['SM', 'service_manager'], ['Service Manager', 'service_manager'],
    ['HoS', 'head_of_service'], ['Head of Service', 'head_of_service'],
    ['IRO', 'iro'], ['Independent Reviewing Officer', 'iro'],
    ['PA', 'personal_adviser'], ['Personal Adviser', 'personal_adviser'], ['Personal Advisor', 'personal_adviser'],
    ['FW', 'family_worker'], ['Family Worker', 'family_worker'], ['Family Support Worker', 'family_worker'],
    ['Student', 'student'], ['student social worker', 'student'],
  ])('reads the role %j as %s', (text, role) => {
    expect(parseRole(text)).toBe(role);
  });

  it('reads every canonical role name back', () => {
    for (const role of ROLES) expect(parseRole(role)).toBe(role);
    expect(parseRole('wizard')).toBeNull();
    expect(parseRole('')).toBeNull();
  });

  it.each([
    ['yes', true], ['YES', true], ['y', true], ['Y', true], ['true', true], ['TRUE', true], ['1', true],
    ['no', false], ['N', false], ['false', false], ['0', false], ['', false],
  ])('reads the flag %j as %s', (text, flag) => {
    const r = one(`W1,Alex,T1,SW,1,${text},${text},,,`);
    expect(r.rows[0]?.value).toMatchObject({ asye: flag, agency: flag });
    expect(r.issues).toEqual([]);
  });

  it('takes an ASYE or NQSW role as a social worker in their ASYE', () => {
    const r = parseRoster(`${HEAD}W1,Alex,T1,ASYE,1,,,,,\nW2,Bo,T1,NQSW,1,no,,,,\n`, opts);
    expect(r.rows.map((x) => [x.value.role, x.value.asye])).toEqual([
      ['social_worker', true],
      ['social_worker', false],
    ]);
  });

  describe('rejects a bad row with its row, column, value and reason', () => {
    it.each([
      ['an unknown role', 'W1,Alex,T1,wizard,1,no,no,,,', 'role', 'wizard', '"wizard" is not a role Headroom knows'],
      ['an FTE above 1.5', 'W1,Alex,T1,SW,1.8,no,no,,,', 'fte', '1.8', 'FTE 1.8 is more than 1.5'],
      ['an FTE in hours', 'W1,Alex,T1,SW,37,no,no,,,', 'fte', '37', 'If it is weekly hours, divide by the full-time hours'],
      ['a negative FTE', 'W1,Alex,T1,SW,-0.5,no,no,,,', 'fte', '-0.5', 'is not a number'],
      ['an FTE that is not a number', 'W1,Alex,T1,SW,full,no,no,,,', 'fte', 'full', 'FTE "full" is not a number'],
      ['an FTE with a decimal comma', 'W1,Alex,T1,SW,"0,8",no,no,,,', 'fte', '0,8', 'is not a number'],
      ['an FTE in exponent notation', 'W1,Alex,T1,SW,1e0,no,no,,,', 'fte', '1e0', 'is not a number'],
      ['no FTE', 'W1,Alex,T1,SW,,no,no,,,', 'fte', '', 'fte is required'],
      ['no worker id', ',Alex,T1,SW,1,no,no,,,', 'worker_id', '', 'worker_id is required'],
      ['no name', 'W1,,T1,SW,1,no,no,,,', 'name', '', 'name is required'],
      ['no role', 'W1,Alex,T1,,1,no,no,,,', 'role', '', 'role is required'],
      ['an end before the start', 'W1,Alex,T1,SW,1,no,no,2024-05-01,2024-01-01,', 'end_date', '2024-01-01', 'The end date 2024-01-01 is before the start date 2024-05-01'],
      ['a date that does not exist', 'W1,Alex,T1,SW,1,no,no,31/02/2024,,', 'start_date', '31/02/2024', 'is not a real date'],
      ['a date in another format', 'W1,Alex,T1,SW,1,no,no,March 2024,,', 'start_date', 'March 2024', 'YYYY-MM-DD or DD/MM/YYYY'],
    ])('%s', (_, line, column, value, message) => {
      const r = one(line);
      expect(r.rows).toEqual([]);
      expect(r.rowsRead).toBe(1);
      const errors = r.issues.filter((i) => i.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ sheet: 'roster.csv', row: 2, column, value, severity: 'error' });
      expect(errors[0]?.message).toContain(message);
      expect(errors[0]?.message).toContain('not loaded');
    });
  });

  it('rejects the second row of a worker id, naming the first', () => {
    const r = parseRoster(`${HEAD}W4,Dee,T1,SW,1,no,no,,,\nW5,Eve,T1,SW,1,no,no,,,\nW4,Dee again,T1,SW,1,no,no,,,\n`, opts);
    expect(r.rows.map((x) => x.value.name)).toEqual(['Dee', 'Eve']);
    expect(r.issues).toEqual([
      { sheet: 'roster.csv', row: 4, column: 'worker_id', value: 'W4', severity: 'error', message: 'Worker W4 is already on row 2; this row was not loaded.' },
    ]);
  });

  it('loads a repeated id when the first row was rejected', () => {
    const r = parseRoster(`${HEAD}W4,Dee,T1,wizard,1,,,,,\nW4,Dee,T1,SW,1,,,,,\n`, opts);
    expect(r.rows.map((x) => x.rowNumber)).toEqual([3]);
  });

  describe('keeps a dubious row with a warning', () => {
    it.each([
      ['a start date in the future', 'W1,Alex,T1,SW,1,no,no,2025-01-01,,', 'start_date', '2025-01-01', 'is in the future'],
      ['a manager not in the file', 'W1,Alex,T1,SW,1,no,no,,,NOBODY', 'manager_id', 'NOBODY', 'The manager NOBODY is not among the workers loaded'],
      ['a yes/no value it does not know', 'W1,Alex,T1,SW,1,maybe,no,,,', 'asye', 'maybe', '"maybe" is not yes or no; it was taken as no'],
      ['an FTE of 0', 'W1,Alex,T1,SW,0,no,no,,,', 'fte', '0', 'adds no capacity'],
      ['an ASYE who is not a social worker', 'W1,Alex,T1,TM,1,yes,no,,,', 'asye', 'yes', 'is for newly qualified social workers'],
      ['a worker who manages themselves', 'W1,Alex,T1,SW,1,no,no,,,W1', 'manager_id', 'W1', 'their own manager'],
    ])('%s', (_, line, column, value, message) => {
      const r = one(line);
      expect(r.rows).toHaveLength(1);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ row: 2, column, value, severity: 'warning' });
      expect(r.issues[0]?.message).toContain(message);
    });

    it('drops a self-manager so spans of control stay right', () => {
      expect(one('W1,Alex,T1,SW,1,no,no,,,W1').rows[0]?.value.managerId).toBeNull();
    });
  });

  it('lists issues in file order and accounts for every row', () => {
    const r = parseRoster(
      HEAD + ['W7,Gil,T1,SW,1,no,no,,,NOBODY', 'W1,Alex,T1,wizard,1,no,no,,,', 'W2,Bo,T1,SW,9,maybe,no,,,', 'W3,Cam,T1,SW,1,no,no,2025-01-01,,'].join('\n'),
      opts,
    );
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [2, 'manager_id', 'warning'],
      [3, 'role', 'error'],
      [4, 'fte', 'error'],
      [4, 'asye', 'warning'],
      [5, 'start_date', 'warning'],
    ]);
    expectAccounted(r);
  });

  it('notes columns it does not use, and a column given twice', () => {
    const r = parseRoster('worker_id,name,team_id,role,fte,grade,FTE\nW1,Alex,T1,SW,1,G7,0.5\n', opts);
    expect(r.rows[0]?.value.fte).toBe(1);
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [1, 'grade', 'info'],
      [1, 'FTE', 'warning'],
    ]);
  });

  it.each([
    ['an empty file', '', 'empty'],
    ['a file of blank lines', '\n\n  \n', 'empty'],
    ['a file with no recognisable header', 'hello,world\n1,2\n', 'no_header'],
    ['a file missing a required column', 'worker_id,name,role\nW1,Alex,SW\n', 'no_header'],
    ['a file with an unclosed quote', `${HEAD}W1,"Alex,T1,SW,1\n`, 'unreadable'],
  ])('refuses %s', (_, text, code) => {
    const r = parseRoster(text, opts);
    expect(r.fatal?.code).toBe(code);
    expect(r.rows).toEqual([]);
    expect(r.rowsRead).toBe(0);
  });

  it('names the missing columns', () => {
    expect(parseRoster('worker_id,name,role\nW1,Alex,SW\n', opts).fatal?.message).toBe('The required columns "team_id", "fte" are missing from the header row.');
  });

  it('reads Windows-1252 text from Excel', () => {
    const bytes = Buffer.concat([Buffer.from(HEAD), Buffer.from([0x57, 0x31, 0x2c, 0x5a, 0x6f, 0xeb, 0x2c, 0x54, 0x31, 0x2c, 0x53, 0x57, 0x2c, 0x31, 0x0a])]);
    expect(parseRoster(bytes, opts).rows[0]?.value.name).toBe('Zoë');
  });
});

const text = fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/\u00a0/g, ' ').trim()).filter((s) => s !== '');
const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const worker: fc.Arbitrary<Worker> = fc
  .record({
    workerId: text,
    name: text,
    teamId: fc.option(text, { nil: null }),
    role: fc.constantFrom(...ROLES),
    fte: fc.integer({ min: 0, max: 150_000 }).map((n) => n / 100_000),
    asye: fc.boolean(),
    agency: fc.boolean(),
    dates: fc.tuple(fc.option(isoDate, { nil: null }), fc.option(isoDate, { nil: null })),
    managerId: fc.option(text, { nil: null }),
  })
  .map(({ dates: [a, b], ...w }) => {
    const [startDate, endDate] = a !== null && b !== null && b < a ? [b, a] : [a, b];
    return { ...w, startDate, endDate, managerId: w.managerId === w.workerId ? null : w.managerId };
  });

describe('writeRosterCsv', () => {
  it('writes exactly the documented header, the same bytes every time', () => {
    const workers: Worker[] = [{ workerId: 'W1', name: 'Alex, "Al" Able', teamId: 'T1', role: 'iro', fte: 0.6, asye: true, agency: false, startDate: '2020-01-01', endDate: '2024-03-31', managerId: null }];
    const csv = writeRosterCsv(workers);
    expect(csv).toBe(`${HEAD}W1,"Alex, ""Al"" Able",T1,iro,0.6,yes,no,2020-01-01,2024-03-31,\n`);
    expect(writeRosterCsv(workers)).toBe(csv);
    expect(ROSTER_COLUMNS.map((c) => c.name).join(',')).toBe(HEAD.trim());
  });

  it('writes an FTE that reads back exactly, however small', () => {
    const w: Worker = { workerId: 'W1', name: 'A', teamId: null, role: 'student', fte: 1e-7, asye: false, agency: false, startDate: null, endDate: null, managerId: null };
    expect(parseRoster(writeRosterCsv([w]), opts).rows[0]?.value.fte).toBe(1e-7);
  });

  it('round-trips: parse(write(workers)) gives the workers back', () => {
    fc.assert(
      fc.property(fc.uniqueArray(worker, { selector: (w) => w.workerId, maxLength: 15 }), (workers) => {
        const r = parseRoster(writeRosterCsv(workers), opts);
        expect(r.fatal).toBeUndefined();
        expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(r.rows).toEqual(workers.map((value, i) => ({ rowNumber: i + 2, value })));
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseRoster on random input', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('', ' ', 'SW', 'tm', 'wizard', '1', '0.5', '2', '-1', 'yes', 'no', 'maybe', '2024-01-01', '31/02/2024', '2030-01-01', 'W1', 'W2', '\u00a0'),
  );

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expectAccounted(parseRoster(Buffer.from(bytes), opts));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random text after a good header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (body) => {
        expectAccounted(parseRoster(HEAD + body, opts));
      }),
      { numRuns: 300 },
    );
  });

  it('never loses a row: every non-blank row is loaded or rejected', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 20 }), (rows) => {
        const r = parseRoster(HEAD + stringify(rows.map((row) => (row.length === 0 ? [''] : row))), opts);
        expect(r.fatal).toBeUndefined();
        expect(r.rowsRead).toBe(rows.filter((row) => row.some((c) => c.trim() !== '')).length);
        expectAccounted(r);
      }),
      { numRuns: 300 },
    );
  });
});
