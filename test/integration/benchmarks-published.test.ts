import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { laBenchmarks } from '../../src/domain/benchmarks/compare.ts';
import type { BenchmarkDataset } from '../../src/domain/benchmarks/dataset.ts';
import { readFixture } from '../support/fixtures.ts';

// The shipped dataset, checked against rows copied from the published DfE tables
// (test/fixtures/dfe/benchmarks; origin and licence in test/fixtures/README.md).
const shipped = JSON.parse(readFileSync(new URL('../../data/benchmarks/dataset.json', import.meta.url), 'utf8')) as BenchmarkDataset;

type Row = Record<string, string>;
const table = (file: string): Row[] => parse(readFixture(`dfe/benchmarks/${file}`), { columns: true, bom: true }) as Row[];
const neighbours = new Map(table('sn_model_2025_wide.csv').map((r) => [r.old_la_code ?? '', Array.from({ length: 10 }, (_, i) => r[`SN_${i + 1}`] ?? '')]));

/** What the published rows say: the LA's figure, England's, its region's and the mean of its neighbours' figures. */
function published(rows: Row[], column: string, la: string, year: string, decimals: number) {
  const ofYear = rows.filter((r) => r.time_period === year);
  const laRow = ofYear.find((r) => r.geographic_level === 'Local authority' && r.old_la_code === la);
  const num = (v: string | undefined) => (v !== undefined && /^-?[\d.]+$/.test(v) ? Number(v) : null);
  const nbrs = (neighbours.get(la) ?? []).map((n) => num(ofYear.find((r) => r.geographic_level === 'Local authority' && r.old_la_code === n)?.[column])).filter((v): v is number => v !== null);
  const mean = nbrs.length ? nbrs.reduce((a, b) => a + b, 0) / nbrs.length : null;
  return {
    value: num(laRow?.[column]),
    england: num(ofYear.find((r) => r.geographic_level === 'National')?.[column]),
    region: num(ofYear.find((r) => r.geographic_level === 'Regional' && r.region_code === laRow?.region_code)?.[column]),
    neighboursAverage: mean === null ? null : Number((Math.round(Number((mean * 10 ** decimals).toPrecision(12))) / 10 ** decimals).toFixed(decimals)),
    neighboursWithValue: nbrs.length,
  };
}

const cases: Array<{ file: string; column: string; measure: string; decimals: number; years: string[]; filter?: (r: Row) => boolean }> = [
  { file: 'csww_indicators_2017_to_2025.csv', column: 'caseload_fte', measure: 'caseload_fte', decimals: 1, years: ['2025', '2021', '2018'] },
  { file: 'csww_indicators_2017_to_2025.csv', column: 'turnover_rate_fte', measure: 'turnover_rate_fte', decimals: 1, years: ['2025', '2021'] },
  { file: 'csww_indicators_2017_to_2025.csv', column: 'agency_rate_fte', measure: 'agency_rate_fte', decimals: 1, years: ['2025', '2018'] },
  { file: 'csww_indicators_2017_to_2025.csv', column: 'vacancy_rate_fte', measure: 'vacancy_rate_fte', decimals: 1, years: ['2025', '2021'] },
  { file: 'c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv', column: 'rereferral_percent', measure: 'rereferral_percent', decimals: 1, years: ['2025', '2019', '2014'] },
  { file: 'd3_cpps_subsequent_plan_2013_to_2025.csv', column: 'CPP_subsequent_percent', measure: 'cpp_subsequent_percent', decimals: 1, years: ['2025', '2020'] },
  { file: 'cla_number_and_rate_per_10k_children.csv', column: 'rate_per_10000', measure: 'cla_rate_per_10000', decimals: 0, years: ['2025', '2022'], filter: (r) => r.population_type === 'Children looked after on 31 March each year' },
];

describe('shipped benchmarks reproduce the published DfE tables', () => {
  for (const c of cases) {
    const rows = table(c.file).filter(c.filter ?? (() => true));
    for (const la of ['855', '202', '370']) {
      for (const year of c.years) {
        it(`${c.measure}, LA ${la}, ${year}`, () => {
          const want = published(rows, c.column, la, year, c.decimals);
          expect(want.england).not.toBeNull();
          const got = laBenchmarks(shipped, la, Number(year))?.measures.find((m) => m.id === c.measure);
          expect(got && { value: got.value, england: got.england, region: got.region, neighboursAverage: got.neighboursAverage, neighboursWithValue: got.neighboursWithValue }).toEqual(want);
        });
      }
    }
  }

  it('matches the figures read off the published tables by hand (Leicestershire, 2025)', () => {
    const m = laBenchmarks(shipped, '855', 2025)?.measures;
    const caseload = m?.find((x) => x.id === 'caseload_fte');
    expect(caseload).toMatchObject({ value: 13.5, england: 15.2, region: 15.3, neighboursWithValue: 10 });
    expect(m?.find((x) => x.id === 'rereferral_percent')).toMatchObject({ value: 25.5, england: 22.6 });
    expect(laBenchmarks(shipped, '855')?.neighbours).toEqual(['916', '803', '937', '802', '850', '865', '933', '938', '811', '891']);
  });

  it('covers every LA in the 2025 neighbour model, each with 10 neighbours, and every published year', () => {
    const model = shipped.neighbours.byLa;
    expect(Object.keys(model)).toHaveLength(153);
    expect(Object.values(model).every((n) => n.length === 10)).toBe(true);
    for (const code of Object.keys(model)) expect(shipped.las[code]).toBeDefined();
    const years = (id: string) => Object.keys(shipped.measures.find((x) => x.id === id)?.values ?? {});
    expect(years('caseload_fte')).toEqual(['2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
    expect(years('rereferral_percent')).toHaveLength(13);
    expect(years('population_0_17')).toContain('2024');
  });

  it('keeps a suppressed published figure as its symbol, not as 0', () => {
    const cells = shipped.measures.flatMap((m) => Object.values(m.values).flatMap((y) => Object.values(y)));
    expect(cells.some((c) => c === 'c')).toBe(true);
    expect(cells.filter((c) => typeof c === 'string').every((c) => ['c', 'x', 'z', 'u', 'k', 'low', '..', ':', '.', '-'].includes(c as string))).toBe(true);
  });

  it('stays small (a few MB at most)', () => {
    expect(readFileSync(new URL('../../data/benchmarks/dataset.json', import.meta.url)).length).toBeLessThan(3_000_000);
  });
});
