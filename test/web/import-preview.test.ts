import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import { upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { readFixture } from '../support/fixtures.ts';
import { clientFor, signInAs, webFor, type Client, type SignedIn } from '../support/server.ts';

const SAMPLE = readFixture('annex-a/annex-a-sample.xlsx');

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----headroompreview';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDrivers())('import preview, confirm, cancel and undo on the web on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let analyst: SignedIn;
  let as: Client;

  beforeAll(async () => {
    handle = await driver.open();
    app = await webFor(handle);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
    analyst = await signInAs(handle, 'analyst');
    as = clientFor(app, analyst);
  });

  const batches = async () => handle.db.selectFrom('import_batch').select(['id', 'status']).orderBy('id').execute();
  const upload = (who: Client, csrf: string, la = '855') => who.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: csrf, source: 'annex-a', la }, { name: 'annex-a-sample.xlsx', bytes: SAMPLE }) });

  it('shows what an upload would change before writing anything, for the uploader only, and cancels it', async () => {
    const res = await upload(as, analyst.csrf);
    expect(res.statusCode).toBe(303);
    const at = res.headers.location as string;
    expect(at).toMatch(/^\/data\/uploads\/[A-Za-z0-9_-]{24}$/);
    expect(await batches()).toEqual([]);
    const preview = await as.get(at);
    expect(preview.statusCode).toBe(200);
    for (const text of ['Check before importing: annex-a-sample.xlsx', 'Nothing has been loaded yet', 'What it would add and replace', 'How today’s figures would move', 'The period it covers', '15 March 2021', 'Replaces no earlier import', 'Confirm and import', 'nope']) {
      expect(preview.body, text).toContain(text);
    }
    expect(preview.body).toMatch(/Children open to teams<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">0<\/td>/);
    expect(preview.body).not.toContain('ends demo mode');

    const other = await signInAs(handle, 'analyst', { username: 'other-analyst' });
    expect((await clientFor(app, other).get(at)).statusCode).toBe(404);
    expect((await clientFor(app, other).post(`${at}/confirm`)).statusCode).toBe(404);
    expect((await as.post(`${at}/confirm`, { _csrf: 'forged' })).statusCode).toBe(403);
    expect((await as.post(`${at}/cancel`, { _csrf: 'forged' })).statusCode).toBe(403);

    const cancel = await as.post(`${at}/cancel`);
    expect(cancel.statusCode).toBe(303);
    expect(cancel.headers.location).toBe('/data?notice=cancelled');
    expect((await as.get('/data?notice=cancelled')).body).toContain('The upload was cancelled. Nothing was loaded.');
    const after = await as.get(at);
    expect(after.statusCode).toBe(404);
    expect(after.body).toContain('This upload has expired, or was already confirmed or cancelled');
    expect(await batches()).toEqual([]);
  });

  it('imports on confirm, keeps the report on screen, and undoes the import from the report', async () => {
    const at = (await upload(as, analyst.csrf)).headers.location as string;
    const confirm = await as.post(`${at}/confirm`);
    expect(confirm.statusCode).toBe(303);
    const [batch] = await batches();
    expect(batch).toEqual({ id: expect.any(Number), status: 'loaded' });
    expect(confirm.headers.location).toBe(`/data/imports/${batch!.id}?notice=confirmed`);
    const report = await as.get(confirm.headers.location as string);
    expect(report.body).toContain('The file has been imported. Its report is below.');
    expect(report.body).toContain('Undo this import');
    // The staged upload is used up.
    expect((await as.post(`${at}/confirm`)).statusCode).toBe(404);

    expect((await as.post(`/data/imports/${batch!.id}/undo`, { _csrf: 'forged' })).statusCode).toBe(403);
    const undo = await as.post(`/data/imports/${batch!.id}/undo`);
    expect(undo.statusCode).toBe(303);
    expect(undo.headers.location).toBe(`/data/imports/${batch!.id}?notice=undone`);
    expect(await batches()).toEqual([{ id: batch!.id, status: 'undone' }]);
    expect(await handle.db.selectFrom('child').select('child_id').execute()).toEqual([]);
    const undone = await as.get(undo.headers.location as string);
    expect(undone.body).toContain('The import has been undone');
    expect(undone.body).toContain('This import has been undone: the rows it loaded were removed.');
    const audit = await handle.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'import').execute();
    expect(audit.map((a) => [a.actor, (a.detail as { status: string }).status])).toEqual([
      [analyst.username, 'loaded'],
      [analyst.username, 'undone'],
    ]);
  });

  it('refuses to undo an import that replaced another, and says why', async () => {
    for (let i = 0; i < 2; i++) await as.post(`${(await upload(as, analyst.csrf)).headers.location as string}/confirm`);
    const [first, second] = await batches();
    expect(first!.status).toBe('replaced');
    const report = await as.get(`/data/imports/${second!.id}`);
    expect(report.body).not.toContain('Undo this import</button>');
    expect(report.body).toContain(`This import cannot be undone. It replaced import ${first!.id}`);
    const res = await as.post(`/data/imports/${second!.id}/undo`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain(`Import ${second!.id} cannot be undone. It replaced import ${first!.id}`);
    expect((await batches()).map((b) => b.status)).toEqual(['replaced', 'loaded']);
  });

  it('shows the report after an import that ends demo mode, then how to create the first administrator', async () => {
    await insertBatch(handle.db, { la_code: '999', source: 'teams', file_name: 't.csv', sha256: 'x', extract_date: null, loaded_by: 'demo', status: 'loaded' });
    await upsertLaSetting(handle.db, '999', { laName: 'Demoshire', synthetic: true });
    const demoApp = await webFor(handle, undefined, { security: { secureCookies: false, demoEligible: true } });
    try {
      const first = await demoApp.inject({ method: 'GET', url: '/data' });
      const cookie = String(first.headers['set-cookie']).split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(first.body)![1]!;
      const demo: Client = { get: (url) => demoApp.inject({ method: 'GET', url, headers: { cookie } }), post: (url, form = {}) => demoApp.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...form }).toString() }), inject: (o) => demoApp.inject({ ...o, headers: { ...o.headers, cookie } }) };
      const at = (await upload(demo, csrf, '999')).headers.location as string;
      const preview = await demo.get(at);
      expect(preview.body).toContain('Importing this file ends demo mode.');
      const confirmed: LightMyRequestResponse = await demo.post(`${at}/confirm`);
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.headers['cache-control']).toBe('no-store');
      expect(confirmed.body).toContain('The file has been imported, and demo mode has ended');
      expect(confirmed.body).toContain('annex-a-sample.xlsx');
      expect(confirmed.body).toContain('Rows by list');
      expect(confirmed.body.indexOf('Create the first administrator')).toBeGreaterThan(0);
      expect(confirmed.body).toContain('./bin/headroom users add YOUR-USERNAME --role admin');
      expect(confirmed.body).not.toContain('Demo mode: you are signed in automatically');
      const next = await demo.get('/data');
      expect(next.statusCode).toBe(303);
      expect(next.headers.location).toContain('/sign-in');
      const loaded = await handle.db.selectFrom('import_batch').select('loaded_by').where('file_name', '=', 'annex-a-sample.xlsx').execute();
      expect(loaded).toEqual([{ loaded_by: 'demo-admin' }]);
    } finally {
      await demoApp.close();
    }
  }, 60_000);
});
