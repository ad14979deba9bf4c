import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services as buildServices, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { FORECAST_PAGE_DEFAULT, lastTwelveMonthEnds, PERFORMANCE_TREND_IDS, warmPagesAfterImports, type PageServices } from '../../src/services/page-warmer.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { readFixture } from '../support/fixtures.ts';

const SAMPLE = readFixture('annex-a/annex-a-sample.xlsx');
const logger = createLogger({ level: 'silent' });

describe.each(testDrivers())('pages warmed after an import on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: Services;

  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
    s = buildServices({ db: handle.db, dbKind: driver.kind, clock: () => new Date('2021-06-01T10:00:00Z'), logger });
  });

  const importSample = () => s.imports.run('annex-a', { laCode: '855', fileName: 'annex-a-sample.xlsx', bytes: SAMPLE, loadedBy: 'test' });

  it('computes the Performance, Overview and Forecast figures after a successful import, into the caches the pages read', async () => {
    const calls: string[] = [];
    const computed: unknown[] = [];
    const keep = <T>(p: Promise<T>): Promise<T> => p.then((v) => (computed.push(v), v));
    const watched: PageServices = {
      kpis: {
        years: (la) => (calls.push(`years ${la}`), s.kpis.years(la)),
        kpis: (la, year, quarter) => (calls.push(`kpis ${la} ${year}`), keep(s.kpis.kpis(la, year, quarter))),
        rolling: (la, ids, to, months) => (calls.push(`rolling ${la} ${ids.join(',')}`), s.kpis.rolling(la, ids, to, months)),
      },
      caseloads: {
        defaultDate: (la) => (calls.push(`defaultDate ${la}`), s.caseloads.defaultDate(la)),
        snapshot: (la, asOf) => (calls.push(`snapshot ${la}`), keep(s.caseloads.snapshot(la, asOf))),
        series: (la, from, to) => (calls.push(`series ${la}`), s.caseloads.series(la, from, to)),
      },
      forecast: { run: (la, request) => (calls.push(`forecast ${la} ${request.months}`), keep(s.forecast.run(la, request))) },
    };
    warmPagesAfterImports({ ...watched, imports: s.imports });
    expect(calls).toEqual([]);
    const result = await importSample();
    expect(result.ok).toBe(true);
    await s.imports.settled();
    expect(calls).toEqual(['years 855', 'kpis 855 2020-21', `rolling 855 ${PERFORMANCE_TREND_IDS.join(',')}`, 'defaultDate 855', 'snapshot 855', 'series 855', 'forecast 855 24']);

    // What the pages then ask for is the very result computed by the warming (a cache hit), not a new one.
    const [year] = await s.kpis.years('855');
    expect(year).toBe('2020-21');
    expect(computed).toHaveLength(3);
    expect(await s.kpis.kpis('855', year!)).toBe(computed[0]);
    expect(await s.caseloads.snapshot('855', await s.caseloads.defaultDate('855'))).toBe(computed[1]);
    expect(await s.forecast.run('855', { months: 24, window: 'auto' })).toBe(computed[2]);
    expect(lastTwelveMonthEnds('2021-03-15')).toEqual({ from: '2020-04-30', to: '2021-03-15' });
  });

  it('works out the pages of the council’s pools after its own figures', async () => {
    const order: string[] = [];
    warmPagesAfterImports({
      kpis: s.kpis,
      caseloads: { ...s.caseloads, series: (la, from, to) => (order.push(`series ${la}`), s.caseloads.series(la, from, to)) },
      pools: { warmPoolPages: async (la) => void order.push(`pools of ${la ?? 'every council'}`) },
      imports: s.imports,
    });
    expect((await importSample()).ok).toBe(true);
    await s.imports.settled();
    expect(order).toEqual(['series 855', 'pools of 855']);
  });

  it('warms nothing when the import fails, once after a run of imports, and a failing warmer never fails the import', async () => {
    let warmed = 0;
    s.imports.afterImport(async () => {
      warmed++;
      throw new Error('cache unavailable');
    });
    await expect(s.imports.run('annex-a', { laCode: '855', fileName: 'bad.xlsx', bytes: Buffer.from('not a workbook'), loadedBy: 'test' })).rejects.toThrow();
    await s.imports.settled();
    expect(warmed).toBe(0);
    const result = await importSample();
    expect(result.ok).toBe(true);
    await s.imports.settled();
    expect(warmed).toBe(1);
    // Files loaded one after another (a demo, a backfill) are followed by the work once, after the last.
    await importSample();
    await importSample();
    await s.imports.settled();
    expect(warmed).toBe(2);
  });
});
