import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import { getLaSetting, upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import { services } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { webFor } from '../support/server.ts';
import { setCookies } from './helpers.ts';

describe.each(testDrivers())('demo mode on $kind', (driver) => {
  let handle: DatabaseHandle;
  let loopback: FastifyInstance;
  let proxied: FastifyInstance;

  beforeAll(async () => {
    handle = await driver.open();
    await insertBatch(handle.db, { la_code: '999', source: 'teams', file_name: 't.csv', sha256: 'x', extract_date: null, loaded_by: 'demo', status: 'loaded' });
    await upsertLaSetting(handle.db, '999', { laName: 'Demoshire', synthetic: true });
    loopback = await webFor(handle, undefined, { security: { secureCookies: false, demoEligible: true } });
    proxied = await webFor(handle, undefined, { security: { secureCookies: true, demoEligible: false } });
  });
  afterAll(async () => {
    await loopback.close();
    await proxied.close();
    await handle.close();
  });

  let demoCookie = '';

  it('signs a local visitor in as the demo administrator, with a banner on every page, while the data is synthetic', async () => {
    const first = await loopback.inject({ method: 'GET', url: '/overview' });
    expect(first.statusCode).toBe(200);
    const session = setCookies(first).get('headroom_session');
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    demoCookie = `headroom_session=${session!.value}`;
    for (const url of ['/', '/overview', '/caseloads', '/data', '/settings', '/admin/audit', '/account', '/no-such-page']) {
      const res = await loopback.inject({ method: 'GET', url, headers: { cookie: demoCookie } });
      expect(res.body, url).toContain('Demo mode: you are signed in automatically as a demo administrator');
    }
    const account = await loopback.inject({ method: 'GET', url: '/account', headers: { cookie: demoCookie } });
    expect(account.body).toContain('This is the demo administrator');
    const rows = await handle.db.selectFrom('app_user').select('id').execute();
    expect(rows).toEqual([]);
  });

  it('requires sign-in when the server is not demo-eligible (a proxy in front, or a non-loopback bind)', async () => {
    const res = await proxied.inject({ method: 'GET', url: '/overview' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Foverview');
    const reused = await proxied.inject({ method: 'GET', url: '/overview', headers: { cookie: demoCookie.replace('headroom_session', '__Host-headroom_session') } });
    expect(reused.statusCode).toBe(303);
  });

  it('requires sign-in from another computer even on a loopback bind', async () => {
    const res = await loopback.inject({ method: 'GET', url: '/overview', remoteAddress: '192.168.1.20' });
    expect(res.statusCode).toBe(303);
  });

  it('ends demo mode, and the demo session, as soon as real data is loaded', async () => {
    await insertBatch(handle.db, { la_code: '855', source: 'teams', file_name: 't.csv', sha256: 'y', extract_date: null, loaded_by: 'someone', status: 'loaded' });
    const fresh = await loopback.inject({ method: 'GET', url: '/overview' });
    expect(fresh.statusCode).toBe(303);
    const old = await loopback.inject({ method: 'GET', url: '/overview', headers: { cookie: demoCookie } });
    expect(old.statusCode).toBe(303);
    expect(old.headers.location).toContain('/sign-in');
    const sessions = await handle.db.selectFrom('app_session').select('id').where('demo', '=', true).execute();
    expect(sessions).toEqual([]);
  });

  it('treats a council’s own file imported over a demo council as real data, even when the import fails', async () => {
    const s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2026-11-22T10:00:00Z'), logger: createLogger({ level: 'silent' }) });
    await upsertLaSetting(handle.db, '998', { laName: 'Demo two', synthetic: true });
    await expect(s.imports.run('teams', { laCode: '998', fileName: 'teams.csv', bytes: Buffer.from('not,a,teams,file\n'), loadedBy: 'cli:analyst' })).rejects.toThrow();
    expect((await getLaSetting(handle.db, '998'))?.synthetic).toBe(false);
  });
});
