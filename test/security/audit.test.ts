import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import type { AuditRow } from '../../src/db/audit.repository.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { TEST_PASSWORD, clientFor, signInAs, webFor, type Client, type SignedIn } from '../support/server.ts';
import { signInHttp } from './helpers.ts';
import { readFixture } from '../support/fixtures.ts';

const q = `?la=855&date=${SEED_DATE}`;
const SAMPLE = readFixture('annex-a/annex-a-sample.xlsx');

function multipart(fields: Record<string, string>, file: { name: string; bytes: Uint8Array }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----audit';
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(file.bytes), Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDrivers())('the audit log on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let s: Services;
  let now = new Date('2026-11-22T10:00:00Z');
  const clock = () => now;
  let manager: SignedIn;
  let asManager: Client;
  let analyst: SignedIn;
  let asAnalyst: Client;
  let lastId = 0;

  /** Audit rows written since the previous call. */
  async function newRows(): Promise<AuditRow[]> {
    const rows = (await s.audit.recent({ limit: 1000 })).filter((r) => r.id > lastId).reverse();
    lastId = Math.max(lastId, ...rows.map((r) => r.id));
    return rows;
  }

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
    s = services({ db: handle.db, dbKind: handle.kind, clock, logger: createLogger({ level: 'silent' }) });
    app = await webFor(handle, undefined, { clock });
    manager = await signInAs(handle, 'team_manager', { teamIds: ['T-ASS1'], clock });
    asManager = clientFor(app, manager);
    analyst = await signInAs(handle, 'analyst', { clock });
    asAnalyst = clientFor(app, analyst);
  });
  beforeEach(async () => {
    await newRows();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('records a team page with the workers and the child ids it showed', async () => {
    expect((await asManager.get(`/caseloads/teams/T-ASS1${q}`)).statusCode).toBe(200);
    const [row, ...rest] = await newRows();
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ actor: manager.username, actorRole: 'team_manager', action: 'view', laCode: '855', route: '/caseloads/teams/:teamId', ip: '127.0.0.1' });
    expect(row!.at.toISOString()).toBe(now.toISOString());
    expect(row!.detail).toEqual({ page: 'team', teamId: 'T-ASS1', asOf: SEED_DATE, workerIds: ['W1', 'W2', 'TM1'], childIds: ['C0047', 'C0048', 'C0049'] });
  });

  it('records a worker page with every child id on it, and the worker list with its workers', async () => {
    await asManager.get(`/caseloads/workers/W1${q}`);
    const [worker] = await newRows();
    const ids = worker!.detail.childIds as string[];
    expect(ids).toHaveLength(26);
    expect(ids).toContain('C0001');
    expect(ids).toContain('C0025');
    expect(ids).toContain('C9999');
    expect(worker).toMatchObject({ action: 'view', detail: { page: 'worker', workerId: 'W1' } });
    await asManager.get(`/caseloads/workers${q}`);
    const [list] = await newRows();
    expect(list).toMatchObject({ action: 'view', route: '/caseloads/workers', detail: { page: 'workers' } });
    expect((list!.detail.workerIds as string[]).sort()).toEqual(['W1', 'W2']);
  });

  it('records nothing for aggregate pages, and nothing for a page that was refused or not found', async () => {
    await asManager.get(`/overview${q}`);
    await asManager.get(`/caseloads${q}`);
    await asManager.get('/performance?la=855');
    await asManager.get(`/caseloads/teams/T-CINN${q}`);
    expect(await newRows()).toEqual([]);
    const viewer = clientFor(app, await signInAs(handle, 'viewer', { clock }));
    await newRows();
    await viewer.get(`/caseloads/teams/T-ASS1${q}`);
    expect(await newRows()).toEqual([]);
    await viewer.get(`/caseloads/workers/W1${q}`);
    expect((await newRows()).map((r) => [r.action, r.route])).toEqual([['access_denied', '/caseloads/workers/:workerId']]);
  });

  it('records every download: CSV and Excel tables, the worker lists, the import issues and the report', async () => {
    const urls = [
      `/caseloads${q}&format=csv`,
      `/caseloads${q}&format=xlsx`,
      `/caseloads/workers${q}&format=csv`,
      `/caseloads/teams/T-ASS1${q}&format=xlsx`,
      '/performance/report?la=855&year=2023-24&format=docx',
    ];
    for (const url of urls) expect((await asManager.get(url)).statusCode, url).toBe(200);
    expect((await asAnalyst.get('/data/imports/1/issues.csv')).statusCode).toBe(200);
    const rows = await newRows();
    expect(rows.map((r) => [r.action, r.detail.download, r.detail.format])).toEqual([
      ['export', 'caseloads-by-team', 'csv'],
      ['export', 'caseloads-by-team', 'xlsx'],
      ['export', 'caseloads-by-worker', 'csv'],
      ['export', 'team-workers', 'xlsx'],
      ['export', 'performance-report', 'docx'],
      ['export', 'import-issues', 'csv'],
    ]);
    expect(rows[3]!.detail.workerIds).toEqual(['W1', 'W2', 'TM1']);
    expect(rows.every((r) => r.laCode === '855')).toBe(true);
  });

  it('records uploads by the signed-in user, loaded or refused, and viewing an import report', async () => {
    const staged = await asAnalyst.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'annex-a', la: '855' }, { name: 'annex-a-sample.xlsx', bytes: SAMPLE }) });
    expect(staged.statusCode).toBe(303);
    const ok = await asAnalyst.post(`${staged.headers.location as string}/confirm`);
    expect(ok.statusCode).toBe(303);
    const bad = await asAnalyst.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'annex-a', la: '855' }, { name: 'broken.xlsx', bytes: Buffer.from('PK not really') }) });
    expect(bad.statusCode).toBe(400);
    const rows = await newRows();
    expect(rows.map((r) => [r.actor, r.action, r.laCode, r.detail.fileName, r.detail.status])).toEqual([
      [analyst.username, 'import', '855', 'annex-a-sample.xlsx', 'loaded'],
      [analyst.username, 'import', '855', 'broken.xlsx', 'rejected'],
    ]);
    const batch = await handle.db.selectFrom('import_batch').select('loaded_by').where('file_name', '=', 'annex-a-sample.xlsx').executeTakeFirstOrThrow();
    expect(batch.loaded_by).toBe(analyst.username);
    await asAnalyst.get(ok.headers.location as string);
    expect((await newRows()).map((r) => [r.action, r.detail.page])).toEqual([['view', 'import-report']]);
  });

  it('records sign-in, failed sign-in, sign-out and user changes', async () => {
    await s.users.add({ username: 'audited-user', password: TEST_PASSWORD, role: 'viewer' }, { actor: 'cli:operator' });
    await signInHttp(app, 'audited-user', 'wrong password typed', { ip: '10.40.0.1' });
    await signInHttp(app, 'no-such-person', 'whatever password', { ip: '10.40.0.1' });
    const { cookie } = await signInHttp(app, 'audited-user', TEST_PASSWORD, { ip: '10.40.0.1' });
    const page = await app.inject({ method: 'GET', url: '/account', headers: { cookie: cookie! } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    await app.inject({ method: 'POST', url: '/sign-out', headers: { cookie: cookie!, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${csrf}` });
    await s.users.setRole('audited-user', { role: 'analyst', laCodes: ['855'] }, { actor: 'cli:operator' });
    await s.users.disable('audited-user', { actor: 'cli:operator' });
    const rows = await newRows();
    expect(rows.map((r) => [r.actor, r.action, r.detail.reason ?? null])).toEqual([
      ['cli:operator', 'user_added', null],
      ['audited-user', 'sign_in_failed', 'wrong_password'],
      ['unknown', 'sign_in_failed', 'unknown_user'],
      ['audited-user', 'sign_in', null],
      ['audited-user', 'sign_out', null],
      ['cli:operator', 'role_changed', null],
      ['cli:operator', 'user_disabled', null],
    ]);
    expect(JSON.stringify(rows)).not.toContain('no-such-person');
    expect(JSON.stringify(rows)).not.toContain('wrong password typed');
    expect(rows[5]!.detail).toMatchObject({ username: 'audited-user', from: { role: 'viewer' }, to: { role: 'analyst', laCodes: ['855'] } });
  });

  it('refuses to change or delete audit rows, even with SQL, and refuses truncation', async () => {
    const before = (await s.audit.recent({ limit: 100_000 })).length;
    expect(before).toBeGreaterThan(0);
    await expect(handle.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.updateTable('audit_log').set({ actor: 'someone else' }).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await sql`select set_config('headroom.audit_archive', 'on', true)`.execute(tx);
        await tx.updateTable('audit_log').set({ actor: 'someone else' }).execute();
      }),
    ).rejects.toThrow(/append-only/);
    const after = await s.audit.recent({ limit: 100_000 });
    expect(after.length).toBe(before);
    expect(after.some((r) => r.actor === 'someone else')).toBe(false);
  });

  it('shows admins the log filtered by date, and exports it as CSV', async () => {
    now = new Date('2026-10-01T12:00:00Z');
    await s.audit.record({ actor: 'october', action: 'view', laCode: '855', detail: { page: 'team' } });
    now = new Date('2026-11-22T10:00:00Z');
    const admin = clientFor(app, await signInAs(handle, 'admin', { clock }));
    const october = await admin.get('/admin/audit?from=2026-10-01&to=2026-10-01');
    expect(october.statusCode).toBe(200);
    expect(october.body).toContain('>october<');
    expect(october.body).not.toContain(manager.username);
    const all = await admin.get('/admin/audit?from=2026-10-01');
    expect(all.body).toContain(manager.username);
    expect((await admin.get('/admin/audit?from=2026-13-01')).statusCode).toBe(400);
    const csv = await admin.get('/admin/audit.csv?from=2026-10-01&to=2026-10-31');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('id,at,la_code,actor,actor_role,action,route,ip,detail');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['october']);
    const viewed = (await newRows()).filter((r) => r.action === 'audit_viewed' || r.action === 'audit_exported');
    expect(viewed.map((r) => [r.action, r.detail.from, r.detail.to ?? null])).toEqual([
      ['audit_viewed', '2026-10-01', '2026-10-01'],
      ['audit_viewed', '2026-10-01', null],
      ['audit_exported', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ]);
  });

  it('pages the log 25 rows at a time, newest first, and shows the last page for a page past the end', async () => {
    for (let i = 1; i <= 30; i += 1) {
      now = new Date(Date.UTC(2026, 8, 1, 10, i));
      await s.audit.record({ actor: `paged-${String(i).padStart(2, '0')}`, action: 'view', laCode: '855', detail: { page: 'team' } });
    }
    now = new Date('2026-11-22T10:00:00Z');
    const admin = clientFor(app, await signInAs(handle, 'admin', { clock }));
    const actors = (body: string) => [...body.matchAll(/>(paged-\d\d)</g)].map((m) => m[1]);
    const first = await admin.get('/admin/audit?from=2026-09-01&to=2026-09-01');
    expect(first.body).toContain('30 rows, newest first: 1 to 25 shown');
    expect(actors(first.body)).toEqual(Array.from({ length: 25 }, (_, i) => `paged-${String(30 - i).padStart(2, '0')}`));
    const second = await admin.get('/admin/audit?from=2026-09-01&to=2026-09-01&page=2');
    expect(second.body).toContain('26 to 30 shown');
    expect(actors(second.body)).toEqual(['paged-05', 'paged-04', 'paged-03', 'paged-02', 'paged-01']);
    const past = await admin.get('/admin/audit?from=2026-09-01&to=2026-09-01&page=9');
    expect(actors(past.body)).toEqual(actors(second.body));
    const viewed = (await newRows()).filter((r) => r.action === 'audit_viewed').map((r) => r.detail.rows);
    expect(viewed).toEqual([25, 5, 5]);
  });

  it('archives old rows to CSV and then deletes them, and deletes nothing when the file cannot be written', async () => {
    now = new Date('2026-01-05T09:00:00Z');
    await s.audit.record({ actor: 'old-one', action: 'view', laCode: '855' });
    await s.audit.record({ actor: 'old-two', action: 'export', laCode: '855' });
    now = new Date('2026-11-22T10:00:00Z');
    const before = new Date('2026-02-01T00:00:00Z');
    await expect(s.audit.archive(before, async () => Promise.reject(new Error('disk full')), { actor: 'cli:operator' })).rejects.toThrow('disk full');
    expect((await s.audit.recent({ to: before, limit: 100 })).length).toBe(2);
    let written = '';
    const count = await s.audit.archive(before, async (csv) => void (written = csv), { actor: 'cli:operator' });
    expect(count).toBe(2);
    expect(written).toContain('old-one');
    expect(written).toContain('old-two');
    expect(await s.audit.recent({ to: before, limit: 100 })).toEqual([]);
    expect((await s.audit.recent({ limit: 100_000 })).some((r) => r.actor === 'october')).toBe(true);
    const [archived] = (await newRows()).filter((r) => r.action === 'audit_archived');
    expect(archived).toMatchObject({ actor: 'cli:operator', detail: { rows: 2, before: before.toISOString() } });
    await expect(handle.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});
