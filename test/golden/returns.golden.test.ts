import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { emptyFlowData } from '../../src/domain/flow/events.ts';
import { writeCinCensus, type CinCensusChildInput } from '../../src/formats/cin-census/write.ts';
import { writeSsda903Table } from '../../src/formats/ssda903/write.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { readFixture } from '../support/fixtures.ts';

/** Published DfE rows (test/fixtures/dfe, Hartlepool 2021) as objects keyed by their header. */
function published(file: string): Array<Record<string, string>> {
  const [header, ...rows] = readFixture(`dfe/${file}`).toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  const cols = (header as string).split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v.replace(/^"|"$/g, '')])));
}

const cla = published('cla_number_and_rate_per_10k_children_805_2021.csv');
const claRow = (type: string) => cla.find((r) => r.population_type === type) as Record<string, string>;
const atEnd = Number(claRow('Children looked after on 31 March each year').children_count);
const started = Number(claRow('Children starting to be looked after each year').children_count);
const ceased = Number(claRow('Children ceasing to be looked after each year').children_count);
const population = Number(claRow('Children looked after on 31 March each year').population_estimate);
const cp = published('d5_cpps_at31march_by_duration_805_2021.csv')[0] as Record<string, string>;

type Episode = Record<string, string | null>;
const ep = (child: string, decom: string, dec: string | null, rne = 'S', ls = 'C2', rec: string | null = dec ? 'E11' : null): Episode => ({
  CHILD: child, DECOM: decom, RNE: rne, LS: ls, CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1', DEC: dec, REC: rec,
});

/**
 * Children built so that the published counts must come out: re-entries (ceased, started and
 * looked after at 31 March, each counted once), children who started and ceased in the year,
 * placement and legal status changes (not new children), children who ceased on 31 March
 * (ceased, not looked after on the day), short breaks (V3, never counted), children who ceased
 * the year before (in the 2020 return only), and 2020 episodes whose end only the 2021 return gives.
 */
function returns(): { y2020: Episode[]; y2021: Episode[] } {
  const reentry = 5;
  const startedAndCeased = 10;
  const startedOpen = started - reentry - startedAndCeased;
  const ceasedOnly = ceased - reentry - startedAndCeased;
  const openBefore = atEnd - reentry - startedOpen;
  const y2020: Episode[] = [];
  const y2021: Episode[] = [];
  for (let i = 0; i < reentry; i++) {
    y2020.push(ep(`R${i}`, '2019-07-01', null));
    y2021.push(ep(`R${i}`, '2019-07-01', '2020-06-01'), ep(`R${i}`, '2020-11-01', null));
  }
  for (let i = 0; i < startedAndCeased; i++) y2021.push(ep(`B${i}`, '2020-05-01', '2020-12-01'));
  for (let i = 0; i < startedOpen; i++) y2021.push(ep(`C${i}`, '2020-09-01', null));
  for (let i = 0; i < ceasedOnly; i++) {
    y2020.push(ep(`D${i}`, '2019-06-01', null));
    y2021.push(ep(`D${i}`, '2019-06-01', i < 5 ? '2021-03-31' : '2020-10-01'));
  }
  for (let i = 0; i < openBefore; i++) {
    y2020.push(ep(`E${i}`, '2018-05-01', null));
    if (i < 50) y2021.push(ep(`E${i}`, '2018-05-01', '2020-08-01', 'S', 'C2', 'X1'), ep(`E${i}`, '2020-08-01', null, 'P'));
    else if (i < 80) y2021.push(ep(`E${i}`, '2018-05-01', '2020-09-01', 'S', 'C2', 'X1'), ep(`E${i}`, '2020-09-01', null, 'L', 'C1'));
    else y2021.push(ep(`E${i}`, '2018-05-01', null));
  }
  for (let i = 0; i < 20; i++) y2021.push(ep(`V${i}`, '2020-06-01', null, 'S', 'V3'));
  for (let i = 0; i < 7; i++) y2020.push(ep(`P${i}`, '2018-01-01', '2019-12-01'));
  return { y2020, y2021 };
}

/** Plans open at 31 March 2021 in the published bands, plus plans that ended in the year or on 31 March. */
function census(): string {
  const children: CinCensusChildInput[] = [];
  const bands: Array<[string, string]> = [
    ['3_months_or_less', '2021-02-01'],
    ['more_than_3_months_6_months', '2020-11-15'],
    ['more_than_6_months_less_than_1_year', '2020-07-01'],
    ['1_year_less_than_2_years', '2019-09-01'],
    ['2_years_or_more', '2018-06-01'],
  ];
  const plan = (id: string, start: string, end: string | null) =>
    children.push({
      childId: id,
      sex: '1',
      dateOfBirth: '2012-01-01',
      ethnicity: 'WBRI',
      details: [{ referralDate: start, s47s: [{ startDate: start, icpcDate: start }], cpPlans: [{ startDate: start, endDate: end, category: 'NEG', previousPlans: 0 }] }],
    });
  for (const [column, start] of bands) for (let i = 0; i < Number(cp[column]); i++) plan(`${column}-${i}`, start, null);
  for (let i = 0; i < 30; i++) plan(`ended-${i}`, '2020-05-01', '2021-01-15');
  for (let i = 0; i < 3; i++) plan(`ended-31-march-${i}`, '2020-05-01', '2021-03-31');
  return writeCinCensus({ laCode: '805', referenceDate: '2021-03-31', children });
}

describe.each(testDrivers())('published DfE tables from returns imported on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2021-06-30T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
    // Annex A says something else about the same year: the statutory returns must win.
    const annexA = emptyFlowData();
    await insertFlowData(handle.db, '805', { ...annexA, claEpisodes: [{ childId: 'X1', startDate: '2020-04-02', endDate: null, placementsLast12Months: 1 }], cpPlans: [{ childId: 'X2', startDate: '2020-04-02', endDate: null, previousPlans: 0 }] }, '2021-03-31');
    const { y2020, y2021 } = returns();
    const zip = (rows: Episode[]) => Buffer.from(zipSync({ 'episodes.csv': Buffer.from(writeSsda903Table('episodes', rows, { ukDates: true })) }));
    await s.imports.run('ssda903', { laCode: '805', fileName: '903-2020.zip', bytes: zip(y2020), loadedBy: 'test', returnYear: 2020 });
    const r2021 = await s.imports.run('ssda903', { laCode: '805', fileName: '903-2021.zip', bytes: zip(y2021), loadedBy: 'test', returnYear: 2021 });
    expect(r2021.lists[0]?.rejected).toBe(0);
    await s.imports.run('cin-census', { laCode: '805', fileName: 'cin-2021.xml', bytes: Buffer.from(census()), loadedBy: 'test' });
    await s.imports.run('population', { laCode: '805', fileName: 'population.csv', bytes: Buffer.from(`year,children_0_17\n2020,${population}\n`), loadedBy: 'test' });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('gives Hartlepool’s published 2021 row of children looked after at 31 March, started, ceased and rate per 10,000', async () => {
    const { kpis } = await s.kpis.kpis('805', '2020-21');
    const kpi = (id: string) => kpis.find((k) => k.id === id);
    expect(kpi('cla_open_at_end')?.value).toBe(atEnd);
    expect(kpi('cla_started')?.value).toBe(started);
    expect(kpi('cla_ceased')?.value).toBe(ceased);
    const rate = kpi('cla_per_10k');
    expect(rate?.denominator).toBe(population);
    expect(Math.round(((rate?.numerator ?? 0) * 10000) / population)).toBe(Number(claRow('Children looked after on 31 March each year').rate_per_10000));
  });

  it('gives Hartlepool’s published row of child protection plans at 31 March 2021 by length', async () => {
    const { kpis } = await s.kpis.kpis('805', '2020-21');
    const value = (id: string) => kpis.find((k) => k.id === id)?.value;
    expect({
      CPP_At31: value('cp_open_at_end'),
      '3_months_or_less': value('cp_open_3m_or_less'),
      more_than_3_months_6_months: value('cp_open_3m_to_6m'),
      more_than_6_months_less_than_1_year: value('cp_open_6m_to_1y'),
      '1_year_less_than_2_years': value('cp_open_1y_to_2y'),
      '2_years_or_more': value('cp_open_2y_or_more'),
    }).toEqual({
      CPP_At31: Number(cp.CPP_At31),
      '3_months_or_less': Number(cp['3_months_or_less']),
      more_than_3_months_6_months: Number(cp.more_than_3_months_6_months),
      more_than_6_months_less_than_1_year: Number(cp.more_than_6_months_less_than_1_year),
      '1_year_less_than_2_years': Number(cp['1_year_less_than_2_years']),
      '2_years_or_more': Number(cp['2_years_or_more']),
    });
  });

  it('counts placements during the year from the episodes: a legal status change is not a placement', async () => {
    const { kpis } = await s.kpis.kpis('805', '2020-21');
    const three = kpis.find((k) => k.id === 'cla_3plus_placements');
    expect(three).toMatchObject({ numerator: 0, denominator: atEnd });
  });
});
