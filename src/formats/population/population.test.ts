import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePopulation, writePopulationCsv } from './population.ts';

const ONS = readFileSync('../shared/benchmarks/dfe/ons_mid-year_population_estimates_2012_to_2024.csv');

describe('population', () => {
  it('reads the simple layout and round-trips', () => {
    const rows = [
      { year: 2023, children0to17: 140123 },
      { year: 2024, children0to17: 141000 },
    ];
    const r = parsePopulation(writePopulationCsv(rows), { fileName: 'p.csv', laCode: '999' });
    expect(r.rows.map((x) => x.value)).toEqual(rows);
  });

  it('reads one LA from the DfE/ONS mid-year estimates file', () => {
    const r = parsePopulation(ONS, { fileName: 'ons.csv', laCode: '855' });
    expect(r.fatal).toBeUndefined();
    const byYear = new Map(r.rows.map((x) => [x.value.year, x.value.children0to17]));
    expect(byYear.get(2024)).toBe(147439);
    expect(byYear.get(2023)).toBe(145610);
    expect(r.rows.length).toBe(r.rowsRead);
    expect(r.rowsRead).toBeGreaterThanOrEqual(13);
  });

  it('refuses an LA that is not in the file, and rejects bad numbers', () => {
    expect(parsePopulation(ONS, { fileName: 'ons.csv', laCode: '123' }).fatal?.message).toContain('no local authority rows for LA 123');
    const r = parsePopulation('year,children_0_17\n2023,lots\n2024,100\n2024,200\n', { fileName: 'p.csv', laCode: '999' });
    expect(r.rows.map((x) => x.value.year)).toEqual([2024]);
    expect(r.issues.map((i) => [i.row, i.severity])).toEqual([
      [2, 'error'],
      [4, 'error'],
    ]);
  });
});
