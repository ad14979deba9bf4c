import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

describe.each(testDrivers())('performance page on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let as: Client;
  beforeAll(async () => {
    handle = await driver.open();
    await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
    app = await webFor(handle);
    as = clientFor(app, await signInAs(handle, 'senior_manager'));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('shows the indicators of the latest year by section with the published figures', async () => {
    const res = await as.inject({ method: 'GET', url: '/performance?la=855' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Performance 2023-24');
    const year = await as.inject({ method: 'GET', url: '/performance?la=855&year=2023-24' });
    const body = year.body;
    for (const caption of ['Inputs: the flow of work into the service.', 'Processes: how well the work is handled.', 'Outputs: what results for children.']) expect(body).toContain(caption);
    expect(body).toContain('6,859');
    expect(body).toContain('15.1%');
    expect(body).toContain('42.8%');
    expect(body).toContain('5.9%');
    expect(body).toContain('93.5%');
    expect(body).toContain('No population figures are loaded');
    expect(body).toContain('Published 2025: England 22.6, East Midlands 24.7, neighbours 21.8');
    expect(body.match(/role="img"/g)?.length).toBe(5);
  });

  it('downloads the report as Word, Excel and a printable page, with small numbers suppressed', async () => {
    const page = await as.inject({ method: 'GET', url: '/performance?la=855&year=2023-24' });
    expect(page.body).toContain('/performance/report?la=855&amp;year=2023-24&format=docx');
    const docx = await as.inject({ method: 'GET', url: '/performance/report?la=855&year=2023-24&format=docx' });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('performance-855-2023-24.docx');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await as.inject({ method: 'GET', url: '/performance/report?la=855&year=2023-24&format=xlsx' });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const html = await as.inject({ method: 'GET', url: '/performance/report?la=855&year=2023-24&format=html' });
    expect(html.body).toContain('15.1%');
    expect(html.body).toContain('shown as c');
    // Re-referrals: the council's own 2023-24 figure beside Leicestershire's published 2025 row.
    expect(html.body).toMatch(/Re-referrals within 12 months \(%\)<\/th><td class="num">15\.1%<\/td><td class="num">2025<\/td><td class="num">25\.5<\/td><td class="num">22\.6<\/td><td class="num">24\.7<\/td><td class="num">21\.8 \(10 of 10\)/);
    expect(html.body).toContain('Open Government Licence v3.0');
    expect((await as.inject({ method: 'GET', url: '/performance/report?la=855&year=2023-24&format=pdf' })).statusCode).toBe(400);
  });

  it('shows a quarter and refuses a year with no data', async () => {
    const q = await as.inject({ method: 'GET', url: '/performance?la=855&year=2023-24&quarter=Q2' });
    expect(q.statusCode).toBe(200);
    expect(q.body).toContain('Performance 2023-24 Q2');
    expect((await as.inject({ method: 'GET', url: '/performance?la=855&year=2001-02' })).statusCode).toBe(404);
  });
});
