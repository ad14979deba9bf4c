import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { testDrivers } from '../support/databases.ts';
import { webFor } from '../support/server.ts';

describe('error pages', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await testDrivers()[0]!.open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('shows a GOV.UK 500 page without technical detail when a page fails', async () => {
    const app = await webFor(handle);
    app.get('/boom', { config: { access: 'public' } }, async () => {
      throw new Error('secret internal detail with child id C123');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Sorry, there is a problem with the service');
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('C123');
    await app.close();
  });

  it('answers JSON clients with JSON errors', async () => {
    const app = await webFor(handle);
    const res = await app.inject({ method: 'GET', url: '/api/nothing', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'Page not found' });
    await app.close();
  });
});

describe('request logging', () => {
  it('logs the route pattern and status, never the identifiers in the address', async () => {
    const handle = await testDrivers()[0]!.open();
    const lines: string[] = [];
    const app = await webFor(handle, lines);
    app.get('/children/:childId', { config: { access: 'public' } }, async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/children/CHILD-98765?name=Jane%20Smith' });
    await app.inject({ method: 'GET', url: '/unknown/WORKER-4321' });
    await app.close();
    await handle.close();
    const log = lines.join('');
    expect(log).toContain('"route":"/children/:childId"');
    expect(log).toContain('"status":404');
    expect(log).not.toContain('CHILD-98765');
    expect(log).not.toContain('WORKER-4321');
    expect(log).not.toContain('Jane');
  });
});
