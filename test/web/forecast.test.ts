import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { services as buildServices } from '../../src/app.ts';
import { defaultCostModel } from '../../src/domain/planning/cost-model-defaults.ts';
import type { CostModel } from '../../src/domain/planning/cost-model.ts';
import { createLogger } from '../../src/logger.ts';
import { forecastService } from '../../src/services/forecast.service.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

describe.each(testDrivers())('forecast page on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let as: Client;
  beforeAll(async () => {
    handle = await driver.open();
    await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
    // An earlier extract six months before (the history is complete from six months before it),
    // and one long before with a gap of more than six months, which does not extend it.
    await insertBatch(handle.db, { la_code: '855', source: 'annex-a', file_name: 'earlier', sha256: 'y', extract_date: '2023-09-30', loaded_by: 'test', status: 'loaded' });
    await insertBatch(handle.db, { la_code: '855', source: 'annex-a', file_name: 'long before', sha256: 'z', extract_date: '2021-03-31', loaded_by: 'test', status: 'loaded' });
    app = await webFor(handle);
    as = clientFor(app, await signInAs(handle, 'analyst'));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('shows fan charts with their data, the track record and the workforce plan', async () => {
    const res = await as.inject({ method: 'GET', url: '/forecast?la=855' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="govuk-heading-l">Forecast</h1>');
    expect(res.body.match(/role="img"/g)?.length).toBe(4);
    expect(res.body).toContain('Show the data in this chart');
    expect(res.body).toContain('Mean absolute percentage error by months ahead');
    expect(res.body).toContain('Carrying today forward');
    expect(res.body).toContain('Workforce plan');
    expect(res.body).toContain('2 Annex A extracts, 2023-09-30 to 2024-03-31 (complete from 30 March 2023)');
    expect(res.body).toMatch(/24-month reference window needs 24 months of history|not tested/);
  });

  it('downloads the forecast and the workforce plan as CSV and Excel, and audits each download', async () => {
    const csv = await as.inject({ method: 'GET', url: '/forecast?la=855&download=points&format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\ufeff/, '').split('\r\n')[0] ?? csv.body.split('\n')[0]).toContain('Measure,Label,Date,Forecast,Lower (80%),Upper (80%)');
    expect(csv.body).toContain('cla_fostering');
    const xlsx = await as.inject({ method: 'GET', url: '/forecast?la=855&download=workforce&format=xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const audited = await handle.db.selectFrom('audit_log').select('detail').where('action', '=', 'export').execute();
    const downloads = audited.map((a) => String(typeof a.detail === 'string' ? a.detail : JSON.stringify(a.detail)));
    expect(downloads.some((d) => d.includes('forecast-points'))).toBe(true);
    expect(downloads.some((d) => d.includes('forecast-workforce'))).toBe(true);
  });

  it('computes a forecast once for many viewers, and afresh when the request or the cost model changes', async () => {
    const s = buildServices({ db: handle.db, dbKind: driver.kind, clock: () => new Date('2024-06-01T10:00:00Z'), logger: createLogger({ level: 'silent' }) });
    let model: CostModel | null = null;
    const f = forecastService({ db: handle.db, caseloads: s.caseloads, costModel: async () => (model === null ? null : { model }) });
    const first = await f.run('855', { months: 12, window: 'auto' });
    expect(await f.run('855', { months: 12, window: 'auto' })).toBe(first);
    const longer = await f.run('855', { months: 24, window: 'auto' });
    expect(longer).not.toBe(first);
    expect(longer.forecast.points.length).toBeGreaterThan(first.forecast.points.length);
    model = defaultCostModel('855', 'Testshire');
    const costed = await f.run('855', { months: 12, window: 'auto' });
    expect(costed).not.toBe(first);
    expect(costed.forecast).toEqual(first.forecast);
  });

  it('refuses options it does not offer', async () => {
    expect((await as.inject({ method: 'GET', url: '/forecast?la=855&window=7' })).statusCode).toBe(400);
  });
});
