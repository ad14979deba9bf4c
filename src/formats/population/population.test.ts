import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import type { TableParseResult } from '../csv/result.ts';
import { parsePopulation, writePopulationCsv, type PopulationRow } from './population.ts';
import { readFixture } from '../../../test/support/fixtures.ts';

const ONS = readFixture('dfe/ons_mid-year_population_estimates_2012_to_2024.csv');
const ONS_HEAD = 'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,age_group,population_estimate\n';
const opts = { fileName: 'p.csv', laCode: '855' };

function expectAccounted<T>(r: TableParseResult<T>): void {
  const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.row));
  expect(r.rows.length + errorRows.size).toBe(r.rowsRead);
  for (const row of r.rows) expect(errorRows.has(row.rowNumber)).toBe(false);
  if (r.fatal) expect(r.rows).toEqual([]);
}

describe('parsePopulation: the simple layout', () => {
  it('reads year,children_0_17 with header variants and thousands separators', () => {
    const r = parsePopulation('\ufeffYear,Children 0-17\n2023,"140,123"\n2024-25,141000\n', opts);
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([
      { rowNumber: 2, value: { year: 2023, children0to17: 140123 } },
      { rowNumber: 3, value: { year: 2024, children0to17: 141000 } },
    ]);
  });

  it('rejects bad years, bad counts and a year given twice, with reasons', () => {
    const r = parsePopulation('year,children_0_17\n2023,lots\n1850,100\n2024,100\n2024,200\n2025,-5\n2026,12.5\n,100\n', opts);
    expect(r.rows.map((x) => x.value.year)).toEqual([2024]);
    expect(r.issues.map((i) => [i.row, i.column, i.value, i.severity])).toEqual([
      [2, 'children_0_17', 'lots', 'error'],
      [3, 'year', '1850', 'error'],
      [5, 'year', '2024', 'error'],
      [6, 'children_0_17', '-5', 'error'],
      [7, 'children_0_17', '12.5', 'error'],
      [8, 'year', '', 'error'],
    ]);
    expect(r.issues.find((i) => i.row === 5)?.message).toBe('The year 2024 is already on row 4; this row was not loaded.');
    expect(r.issues.find((i) => i.row === 2)?.message).toBe('"lots" is not a whole number of children; the row was not loaded.');
    expectAccounted(r);
  });

  it('keeps a population of 0 with a warning', () => {
    const r = parsePopulation('year,children_0_17\n2024,0\n', opts);
    expect(r.rows).toHaveLength(1);
    expect(r.issues).toEqual([expect.objectContaining({ row: 2, severity: 'warning' })]);
  });

  it.each([
    ['', 'empty'],
    ['date,count\n2024,1\n', 'no_header'],
  ])('refuses %j', (text, code) => {
    expect(parsePopulation(text, opts).fatal?.code).toBe(code);
  });
});

describe('parsePopulation: the DfE/ONS mid-year estimates file', () => {
  it('reads Leicestershire (855): every year 2012-2024, as published', () => {
    const r = parsePopulation(ONS, { fileName: 'ons.csv', laCode: '855' });
    expect(r.fatal).toBeUndefined();
    expect(r.issues).toEqual([]);
    expect(r.rowsRead).toBe(13);
    const byYear = new Map(r.rows.map((x) => [x.value.year, x.value.children0to17]));
    expect([...byYear.keys()].sort()).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(byYear.get(2024)).toBe(147439);
    expect(byYear.get(2023)).toBe(145610);
    expect(byYear.get(2012)).toBe(134025);
  });

  it('finds the LA by its nine-character code too', () => {
    const r = parsePopulation(ONS, { fileName: 'ons.csv', laCode: 'E10000018' });
    expect(r.rows.find((x) => x.value.year === 2024)?.value.children0to17).toBe(147439);
  });

  it('gives the row number in the file', () => {
    const text = ONS.toString('utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('2024,') && l.includes(',855,')) + 1;
    const r = parsePopulation(ONS, { fileName: 'ons.csv', laCode: '855' });
    expect(r.rows.find((x) => x.value.year === 2024)?.rowNumber).toBe(line);
  });

  it('rejects the years the DfE marks as not available, saying so', () => {
    const r = parsePopulation(ONS, { fileName: 'ons.csv', laCode: '835' });
    expect(r.fatal).toBeUndefined();
    expect(r.rows).toEqual([]);
    expect(r.rowsRead).toBe(7);
    expect(r.issues).toHaveLength(7);
    expect(r.issues[0]).toMatchObject({ column: 'population_estimate', value: 'x', severity: 'error', message: 'The figure for 2018 is marked "x" (not available); that year was not loaded.' });
  });

  it('refuses an LA the file does not hold, plainly', () => {
    const r = parsePopulation(ONS, { fileName: 'ons.csv', laCode: '123' });
    expect(r.rows).toEqual([]);
    expect(r.fatal).toEqual({
      code: 'la_not_found',
      message: 'LA 123 is not in this file. It holds 158 local authorities, each by its three-digit DfE number in old_la_code, for example 840 for County Durham.',
    });
  });

  it('skips other age groups, regions and England', () => {
    const text = `${ONS_HEAD}2024,Reporting year,National,E92000001,England,,,,,,Children aged 0 to 17 years,12183016
2024,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,855,E10000018,Leicestershire,Children aged 0 to 4 years,40000
2024,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,855,E10000018,Leicestershire,Children aged 0 to 17 years,147439
`;
    const r = parsePopulation(text, opts);
    expect(r.rowsRead).toBe(1);
    expect(r.rows).toEqual([{ rowNumber: 4, value: { year: 2024, children0to17: 147439 } }]);
  });

  it('refuses a file with the LA but no 0-17 figures', () => {
    const text = `${ONS_HEAD}2024,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,855,E10000018,Leicestershire,Children aged 0 to 4 years,40000\n`;
    expect(parsePopulation(text, opts).fatal?.code).toBe('no_children_0_17');
  });

  it('refuses an ONS-looking file without the figures column', () => {
    expect(parsePopulation('time_period,geographic_level,old_la_code\n2024,Local authority,855\n', opts).fatal?.code).toBe('no_header');
  });
});

describe('writePopulationCsv', () => {
  it('writes exactly year,children_0_17, deterministically', () => {
    expect(writePopulationCsv([{ year: 2024, children0to17: 147439 }])).toBe('year,children_0_17\n2024,147439\n');
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ year: fc.integer({ min: 1990, max: 2100 }), children0to17: fc.integer({ min: 1, max: 5_000_000 }) }), { selector: (r) => r.year, maxLength: 30 }), (rows: PopulationRow[]) => {
        const r = parsePopulation(writePopulationCsv(rows), opts);
        expect(r.issues).toEqual([]);
        expect(r.rows).toEqual(rows.map((value, i) => ({ rowNumber: i + 2, value })));
      }),
      { numRuns: 100 },
    );
  });
});

describe('parsePopulation on random input', () => {
  const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('', '2024', '2024-25', '855', 'Local authority', 'Regional', 'x', 'c', '1,234', '100', 'Children aged 0 to 17 years'));

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => expectAccounted(parsePopulation(Buffer.from(bytes), opts))), { numRuns: 300 });
  });

  it('never loses a row of the simple layout', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { maxLength: 20 }), (rows) => {
        const r = parsePopulation(`year,children_0_17\n${stringify(rows)}`, opts);
        expect(r.rowsRead).toBe(rows.filter((row) => row.some((c) => c.trim() !== '')).length);
        expectAccounted(r);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every row of the LA in the ONS layout, or refuses the file', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 12, maxLength: 12 }), { maxLength: 20 }), (rows) => {
        const r = parsePopulation(ONS_HEAD + stringify(rows), opts);
        expectAccounted(r);
        if (!r.fatal) {
          const mine = rows.filter((row) => row[2]?.trim().toLowerCase() === 'local authority' && row[7]?.trim() === '855' && (row[10]?.trim() === '' || row[10]?.includes('0 to 17')));
          expect(r.rowsRead).toBe(mine.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
