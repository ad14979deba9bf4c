import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { isAppError } from '../../src/errors.ts';
import { poolService } from '../../src/services/pool.service.ts';
import { warmPooledCouncils } from '../../src/services/page-warmer.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, TEST_NOW, TEST_OPERATOR, webFor, type Client } from '../support/server.ts';

const WORKER_NAMES = ['Morgan Manager', 'Alex Able', 'Bo Baker', 'Cam Carter', 'Dee Dawson'];

/** The councils offered in a page's council picker (the `la` select, or its hidden field when there is one council), by LA number. */
function offeredCouncils(html: string): string[] {
  const select = /<select[^>]*name="la"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1];
  if (select === undefined) return [...html.matchAll(/<input type="hidden" name="la" value="(\d{3})">/g)].map((m) => m[1]!);
  return [...select.matchAll(/value="(\d{3})"/g)].map((m) => m[1]!).sort();
}

describe.each(testDrivers())('regional pools on the web, on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let s: Services;
  let poolId: number;
  let analyst: Client;
  let everyAdmin: Client;

  beforeAll(async () => {
    handle = await driver.open();
    for (const [la, name] of [['855', 'Testshire'], ['856', 'Otherville'], ['857', 'Thirdshire']] as const) {
      await seedSmallCouncil(handle.db, la);
      await upsertLaSetting(handle.db, la, { laName: name });
    }
    // Testshire's and Otherville's latest indicator periods differ (a year, and a year to 29 February).
    await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
    await insertFlowData(handle.db, '856', buildGoldenFlowData(), '2024-02-29');
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    poolId = (await s.pools.create('London', TEST_OPERATOR)).id;
    await s.pools.consent('London', '855', TEST_OPERATOR);
    await s.pools.consent('London', '856', TEST_OPERATOR);
    app = await webFor(handle);
    analyst = clientFor(app, await signInAs(handle, 'regional_analyst', { pool: 'London' }));
    everyAdmin = clientFor(app, await signInAs(handle, 'admin'));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('shows a regional analyst exactly the consenting councils, never another', async () => {
    const overview = await analyst.get(`/overview?la=856&date=${SEED_DATE}`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Otherville');
    expect(offeredCouncils(overview.body)).toEqual(['855', '856']);
    // A council outside the pool is never shown, whatever the address asks for (as for any council a user cannot see).
    const other = await analyst.get(`/overview?la=857&date=${SEED_DATE}`);
    expect(other.body).not.toContain('Thirdshire');
    expect(offeredCouncils(other.body)).toEqual(['855', '856']);
    const home = await analyst.get('/');
    expect(home.body).toContain('Data is loaded for 2 councils.');
  });

  it('gives a regional analyst aggregates only, small counts withheld, and refuses child-level pages', async () => {
    const q = `?la=855&date=${SEED_DATE}`;
    const overview = await analyst.get(`/overview${q}`);
    const card = (label: string) => new RegExp(`app-card__value">([^<]*)</span>\\s*<span class="app-card__label">${label}`).exec(overview.body)?.[1];
    expect(card('Children open')).toBe('73');
    expect(card('Unallocated children')).toBe('c');
    const team = await analyst.get(`/caseloads/teams/T-ASS1${q}`);
    expect(team.statusCode).toBe(200);
    for (const name of WORKER_NAMES) expect(team.body).not.toContain(name);
    expect(team.body.match(/\bC\d{4}\b/g)).toBeNull();
    for (const url of [`/caseloads/workers${q}`, `/caseloads/workers/W1${q}`, `/caseloads/teams/T-ASS1${q}&format=csv`, '/data', '/planning?la=855', '/admin/users', '/settings?la=855']) {
      const res = await analyst.get(url);
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('compares the pool’s councils, totalling only those whose periods match, and says so', async () => {
    const page = await analyst.get(`/pools/${poolId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">London</h1>');
    expect(page.body).toContain('Testshire (855)');
    expect(page.body).toContain('Otherville (856)');
    expect(page.body).not.toContain('Thirdshire');
    // Their caseload dates and indicator periods differ: each pool row is only the latest's council.
    expect(page.body).toContain('29 February 2024');
    expect(page.body).toMatch(/Pool row: Covers 1 of 2 councils: those with figures at 31 March 2024\./);
    expect(page.body).toMatch(/Pool row: Covers 1 of 2 councils: those with figures for 2023-24 \(1 April 2023 to 31 March 2024\)/);
    expect(page.body).toContain('2023-24 to 29 February 2024');
    for (const name of WORKER_NAMES) expect(page.body).not.toContain(name);
    const list = await analyst.get('/pools');
    expect(list.body).toContain(`href="/pools/${poolId}"`);
  });

  it('says "No data" for a consenting council with nothing loaded for a figure', async () => {
    await s.pools.consent('London', '857', TEST_OPERATOR);
    const page = await analyst.get(`/pools/${poolId}`);
    expect(page.body).toContain('Thirdshire (857)');
    expect(page.body).toMatch(/Thirdshire \(857\)<\/td><td class="govuk-table__cell">No data<\/td>/);
    expect(page.body).toMatch(/Covers 1 of 3 councils/);
    await s.pools.withdraw('London', '857', TEST_OPERATOR);
  });

  it('takes a council away at once when its administrator withdraws, and writes one audit row', async () => {
    const otherAdmin = clientFor(app, await signInAs(handle, 'admin', { laCodes: ['856'] }));
    const settings = await otherAdmin.get('/settings?la=856');
    expect(settings.body).toContain('Withdraw from London');
    const before = (await s.audit.recent({ limit: 500 })).filter((r) => r.action === 'pool_consent_withdrawn').length;
    const res = await otherAdmin.post('/settings/pools', { la: '856', pool: String(poolId), action: 'withdraw' });
    expect(res.statusCode).toBe(303);
    const rows = (await s.audit.recent({ limit: 500 })).filter((r) => r.action === 'pool_consent_withdrawn');
    expect(rows.length).toBe(before + 1);
    expect(rows[0]).toMatchObject({ laCode: '856', actorRole: 'admin', detail: { pool: 'London', poolId } });

    // The analyst's very next requests no longer reach Otherville.
    const overview = await analyst.get(`/overview?la=856&date=${SEED_DATE}`);
    expect(overview.body).not.toContain('Otherville');
    expect(offeredCouncils(overview.body)).toEqual(['855']);
    const page = await analyst.get(`/pools/${poolId}`);
    expect(page.body).not.toContain('Otherville');
    expect(await s.pools.consented(poolId)).toEqual(['855']);

    // Giving consent again brings it back.
    await otherAdmin.post('/settings/pools', { la: '856', pool: String(poolId), action: 'consent' });
    expect(offeredCouncils((await analyst.get(`/overview?la=856&date=${SEED_DATE}`)).body)).toEqual(['855', '856']);
  });

  it('does not let a council’s administrator consent for another council', async () => {
    const otherAdmin = clientFor(app, await signInAs(handle, 'admin', { laCodes: ['856'] }));
    const res = await otherAdmin.post('/settings/pools', { la: '857', pool: String(poolId), action: 'consent' });
    expect(res.statusCode).toBe(404);
    expect(await s.pools.consented(poolId)).toEqual(['855', '856']);
    const refused = await s.pools.consent('London', '857', { actor: 'x', role: 'admin', laCodes: ['856'] }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('forbidden');
    const analystRefused = await s.pools.consent('London', '857', { actor: 'x', role: 'analyst', laCodes: ['*'] }).catch((e: unknown) => e);
    expect(isAppError(analystRefused) && analystRefused.code).toBe('forbidden');
    expect(await s.pools.consented(poolId)).toEqual(['855', '856']);
  });

  it('opens a pool only to its own analysts and to every-council staff', async () => {
    const otherPool = await s.pools.create('Elsewhere', TEST_OPERATOR);
    expect((await analyst.get(`/pools/${otherPool.id}`)).statusCode).toBe(404);
    expect((await everyAdmin.get(`/pools/${otherPool.id}`)).statusCode).toBe(200);
    const oneCouncilAnalyst = clientFor(app, await signInAs(handle, 'analyst', { laCodes: ['855'] }));
    expect((await oneCouncilAnalyst.get(`/pools/${poolId}`)).statusCode).toBe(404);
    expect((await oneCouncilAnalyst.get('/')).body).not.toContain('href="/pools"');
    expect((await analyst.get('/')).body).toContain('href="/pools"');
    expect((await clientFor(app, await signInAs(handle, 'viewer')).get(`/pools/${poolId}`)).statusCode).toBe(403);
    await s.pools.delete('Elsewhere', TEST_OPERATOR);
  });

  it('lets an every-council administrator create and delete pools, and no other administrator', async () => {
    const created = await everyAdmin.post('/admin/pools', { name: 'East Midlands' });
    expect(created.statusCode).toBe(303);
    const page = await everyAdmin.get('/admin/pools');
    expect(page.body).toContain('East Midlands');
    const clash = await everyAdmin.post('/admin/pools', { name: 'east midlands' });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('There is already a pool called &quot;east midlands&quot;');
    const id = (await s.pools.named('East Midlands')).id;
    expect((await everyAdmin.post(`/admin/pools/${id}/delete`)).statusCode).toBe(303);
    expect((await s.pools.list()).map((p) => p.name)).not.toContain('East Midlands');
    const councilAdmin = clientFor(app, await signInAs(handle, 'admin', { laCodes: ['855'] }));
    expect((await councilAdmin.get('/admin/pools')).statusCode).toBe(403);
    expect((await councilAdmin.post('/admin/pools', { name: 'Mine' })).statusCode).toBe(403);
    const inUse = await everyAdmin.post(`/admin/pools/${poolId}/delete`);
    expect(inUse.statusCode).toBe(400);
    expect(inUse.body).toContain('has a regional analyst');
  });

  it('works out a council’s forecast with its pools’ pages after its import, and nothing for a council in no pool', async () => {
    const asked: string[] = [];
    const pools = poolService({ db: handle.db, clock: () => TEST_NOW, audit: s.audit, system: s.system, caseloads: s.caseloads, standards: s.standards, kpis: s.kpis, benchmarks: s.benchmarks, forecast: { latest: async (la) => (asked.push(la), null) } });
    await pools.warmPoolPages('857');
    expect(asked).toEqual([]);
    await pools.warmPoolPages('855');
    expect(asked).toEqual(['855', '856']);
    // The pool's page is then read from memory.
    const page = await pools.comparison(poolId);
    expect(page?.councils.map((c) => c.laCode)).toEqual(['855', '856']);
    expect(asked).toHaveLength(2);
  });

  it('warms the pages of every council in a pool, and of no other, as a server starts', async () => {
    const warmed: string[] = [];
    const fresh = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    const laCodes = await warmPooledCouncils({
      kpis: fresh.kpis,
      caseloads: { ...fresh.caseloads, snapshot: (la, asOf) => (warmed.push(la), fresh.caseloads.snapshot(la, asOf)) },
      pools: { ...fresh.pools, warmPoolPages: (la) => (warmed.push(`pools of ${la ?? 'every council'}`), fresh.pools.warmPoolPages(la)) },
    });
    expect(laCodes).toEqual(['855', '856']);
    // Every pool's page once, after its members' figures.
    expect(warmed).toEqual(['855', '856', 'pools of every council']);
  });

  it('asks for a pool when a user is made a regional analyst, and refuses one for other roles', async () => {
    const form = { username: 'r.analyst', role: 'regional_analyst', laCodes: '*', password: 'marble kettle orchard lantern', confirmPassword: 'marble kettle orchard lantern' };
    const noPool = await everyAdmin.post('/admin/users', form);
    expect(noPool.statusCode).toBe(400);
    expect(noPool.body).toContain('<a href="#pool">Choose the pool this regional analyst works for</a>');
    const added = await everyAdmin.post('/admin/users', { ...form, pool: 'London' });
    expect(added.statusCode).toBe(303);
    expect((await s.users.get('r.analyst')).pool?.name).toBe('London');
    const viewerWithPool = await s.users.add({ username: 'v.pool', password: 'marble kettle orchard lantern', role: 'viewer', pool: 'London' }, { actor: 'test' }).catch((e: unknown) => e);
    expect(viewerWithPool).toMatchObject({ field: 'pool', message: expect.stringContaining('Only regional analysts belong to a pool') });
    const councilAdmin = clientFor(app, await signInAs(handle, 'admin', { laCodes: ['855'] }));
    const refused = await councilAdmin.post('/admin/users', { ...form, username: 'r.other', laCodes: '855', pool: 'London' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Only an administrator of every council can give the regional analyst role');
  });
});
