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
    const result = await kpiService({ db: handle.db }).kpis('855', GOLDEN_YEAR);
    expect(result.period).toEqual({ label: '2023-24', start: '2023-04-01', end: '2024-03-31' });
    for (const published of GOLDEN_PUBLISHED) {
      const kpi = result.kpis.find((k) => k.id === published.id);
      expect({ id: published.id, numerator: kpi?.numerator, denominator: kpi?.denominator, value: kpi?.value }).toEqual(published);
    }
  });

  it('rejects a badly written year or quarter as bad usage', async () => {
    const service = kpiService({ db: handle.db });
    await expect(service.kpis('855', '2024')).rejects.toMatchObject({ code: 'bad_usage' });
    await expect(service.kpis('855', '2024-25', 'Q5')).rejects.toMatchObject({ code: 'bad_usage' });
  });
});
