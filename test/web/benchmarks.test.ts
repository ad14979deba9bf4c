import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

describe.each(testDrivers())('benchmarks page on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let manager: Client;
  let viewer: Client;
  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    app = await webFor(handle);
    manager = clientFor(app, await signInAs(handle, 'senior_manager'));
    viewer = clientFor(app, await signInAs(handle, 'viewer'));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('shows the council beside England, its region and its neighbours, with charts, their tables and the licence', async () => {
    const res = await manager.inject({ method: 'GET', url: '/benchmarks?la=855' });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('Leicestershire beside England, East Midlands and its 10 statistical neighbours');
    expect(body).toContain('Average caseload per case-holding FTE social worker');
    // 2025: Leicestershire 13.5, England 15.2, East Midlands 15.3, neighbours 15.2 (all 10).
    expect(body).toMatch(/13\.5<\/td>\s*<td[^>]*>15\.2<\/td>\s*<td[^>]*>15\.3<\/td>\s*<td[^>]*>15\.2 \(10 of 10\)/);
    expect(body.match(/role="img"/g)?.length).toBe(14);
    expect(body).toContain('Show the data in this chart');
    expect(body).toContain('Open Government Licence v3.0');
    expect(body).toContain('href="/benchmarks"');
    expect(body).toContain('own figures (provisional)');
  });

  it('sets the overview cards and the Performance indicators beside the published figures', async () => {
    const overview = await manager.inject({ method: 'GET', url: '/overview?la=855' });
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Published 2025: England 15.2, East Midlands 15.3, neighbours 15.2');
    expect(overview.body).toContain('Agency rate as the DfE defines it. Published 2025: England 13.0, East Midlands 10.3, neighbours 10.5');
  });

  it('does not show a viewer the council’s own live figures', async () => {
    const res = await viewer.inject({ method: 'GET', url: '/benchmarks?la=855' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Published figures');
    expect(res.body).not.toContain('own figures (provisional)');
  });
});
