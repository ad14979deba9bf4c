import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { kpiService } from '../../src/services/kpi.service.ts';
import { GOLDEN_PUBLISHED, GOLDEN_YEAR, buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';

describe.each(testDrivers())('published council indicators from stored events on $kind', (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await driver.open();
    const data = buildGoldenFlowData();
    await insertFlowData(handle.db, '855', data, '2024-03-31');
  });
  afterAll(async () => {
    await handle.close();
  });

  it('reproduces the published table exactly', async () => {
    const result = await kpiService({ db: handle.db, clock: () => new Date('2024-05-01T09:00:00Z') }).kpis('855', GOLDEN_YEAR);
    expect(result.period).toEqual({ label: '2023-24', start: '2023-04-01', end: '2024-03-31', running: false });
    for (const published of GOLDEN_PUBLISHED) {
      const kpi = result.kpis.find((k) => k.id === published.id);
      expect({ id: published.id, numerator: kpi?.numerator, denominator: kpi?.denominator, value: kpi?.value }).toEqual(published);
    }
  });

  it('rejects a badly written year or quarter as bad usage', async () => {
    const service = kpiService({ db: handle.db, clock: () => new Date('2024-05-01T09:00:00Z') });
    await expect(service.kpis('855', '2024')).rejects.toMatchObject({ code: 'bad_usage' });
    await expect(service.kpis('855', '2024-25', 'Q5')).rejects.toMatchObject({ code: 'bad_usage' });
  });
});

describe.each(testDrivers())('the performance report from stored events on $kind', (driver) => {
  it('says exactly what the published table says, in Word', async () => {
    const handle = await driver.open();
    try {
      await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
      const service = kpiService({ db: handle.db, clock: () => new Date('2024-05-01T09:00:00Z') });
      const report = await service.report('855', GOLDEN_YEAR, undefined, false);
      const { renderDocx } = await import('../../src/reports/performance/render.ts');
      const { strFromU8, unzipSync } = await import('fflate');
      const text = strFromU8(unzipSync(new Uint8Array(await renderDocx(report)))['word/document.xml']!).replace(/<[^>]+>/g, ' ');
      for (const figure of ['6,859', '2,336', '15.1%', '2,201', '42.8%', '404', '5.9%', '306', '2.9%', '93.5%']) expect(text).toContain(figure);
      expect(report.laName).toBe('LA 855');
    } finally {
      await handle.close();
    }
  });
});
