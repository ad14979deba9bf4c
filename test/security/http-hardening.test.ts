import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { signInAs, webFor, type SignedIn } from '../support/server.ts';

function multipart(parts: Array<{ name: string; value?: string; file?: { name: string; bytes: Buffer } }>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----hardening';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if (p.file) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.name}"\r\nContent-Type: text/csv\r\n\r\n`), p.file.bytes, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value ?? ''}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const TEAMS_CSV = Buffer.from('team_id,name,parent_id,kind\nS-X,Extra service,,service\n');

describe.each(testDrivers())('HTTP hardening on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
    app = await webFor(handle);
    admin = await signInAs(handle, 'admin');
    other = await signInAs(handle, 'admin');
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const postSettings = (csrf: string | null, cookie = admin.cookie) =>
    app.inject({
      method: 'POST',
      url: '/settings/standard',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `la=855&profile=outstanding-7-10${csrf === null ? '' : `&_csrf=${encodeURIComponent(csrf)}`}`,
    });
  const activeProfile = async () => (await handle.db.selectFrom('la_setting').select('active_profile').where('la_code', '=', '855').executeTakeFirstOrThrow()).active_profile;

  it('refuses a form without its CSRF token, with a wrong one, or with another session’s, on a GOV.UK 403 page', async () => {
    for (const csrf of [null, '', 'forged-token', other.csrf]) {
      const res = await postSettings(csrf);
      expect(res.statusCode, String(csrf)).toBe(403);
      expect(res.body).toContain('govuk-template');
      expect(res.body).toContain('This form could not be accepted');
    }
    expect(await activeProfile()).toBe('local-18-20');
    const ok = await postSettings(admin.csrf);
    expect(ok.statusCode).toBe(303);
    expect(await activeProfile()).toBe('outstanding-7-10');
    await app.inject({ method: 'POST', url: '/settings/standard', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `la=855&profile=local-18-20&_csrf=${admin.csrf}` });
  });

  it('checks the upload form’s token, its first field, before reading the file', async () => {
    const before = await handle.db.selectFrom('import_batch').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const attempts = [
      [{ name: 'source', value: 'teams' }, { name: 'la', value: '855' }, { name: 'file', file: { name: 'teams.csv', bytes: TEAMS_CSV } }],
      [{ name: 'file', file: { name: 'teams.csv', bytes: TEAMS_CSV } }, { name: '_csrf', value: admin.csrf }, { name: 'source', value: 'teams' }, { name: 'la', value: '855' }],
      [{ name: 'source', value: 'teams' }, { name: '_csrf', value: admin.csrf }, { name: 'la', value: '855' }, { name: 'file', file: { name: 'teams.csv', bytes: TEAMS_CSV } }],
      [{ name: '_csrf', value: other.csrf }, { name: 'source', value: 'teams' }, { name: 'la', value: '855' }, { name: 'file', file: { name: 'teams.csv', bytes: TEAMS_CSV } }],
    ];
    for (const parts of attempts) {
      const res = await app.inject({ method: 'POST', url: '/data/upload', ...multipart(parts), headers: { ...multipart(parts).headers, cookie: admin.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('This form could not be accepted');
    }
    const urlencoded = await app.inject({ method: 'POST', url: '/data/upload', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${admin.csrf}&source=teams&la=855` });
    expect(urlencoded.statusCode).toBe(403);
    const after = await handle.db.selectFrom('import_batch').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const imports = await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'import').execute();
    expect(imports).toEqual([]);
  });

  it('refuses a sign-in form posted without the cookie it was issued with', async () => {
    const res = await app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '_csrf=made-up&username=a&password=b' });
    expect(res.statusCode).toBe(403);
  });

  it('puts the CSRF token in every form that posts, first in the upload form', async () => {
    for (const url of ['/', '/settings?la=855', '/data', '/account', `/caseloads?la=855&date=${SEED_DATE}`]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
      expect(res.statusCode, url).toBe(200);
      const forms = res.body.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length, url).toBeGreaterThan(0);
      for (const form of forms) expect(form, url).toContain(`name="_csrf" value="${admin.csrf}"`);
    }
    const data = await app.inject({ method: 'GET', url: '/data', headers: { cookie: admin.cookie } });
    const upload = /<form[^>]*action="\/data\/upload"[\s\S]*?<\/form>/.exec(data.body)![0];
    expect(/<(input|select|textarea)[^>]*name="([^"]+)"/.exec(upload)![2]).toBe('_csrf');
  });

  it('sends a strict Content-Security-Policy whose per-request nonce is on the template’s only inline script', async () => {
    const a = await app.inject({ method: 'GET', url: '/', headers: { cookie: admin.cookie } });
    const b = await app.inject({ method: 'GET', url: '/', headers: { cookie: admin.cookie } });
    const csp = String(a.headers['content-security-policy']);
    const nonce = /script-src 'self' 'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(String(b.headers['content-security-policy'])).not.toContain(nonce);
    const scripts = a.body.match(/<script\b[^>]*>/g) ?? [];
    const inline = scripts.filter((tag) => !/\ssrc=/.test(tag));
    expect(inline).toEqual([`<script nonce="${nonce}">`]);
    expect(scripts.filter((tag) => /\ssrc=/.test(tag)).every((tag) => /src="\/(javascripts|static)\//.test(tag))).toBe(true);
  });

  it('sends the other security headers, and no-store on signed-in pages', async () => {
    const res = await app.inject({ method: 'GET', url: `/caseloads/workers/W1?la=855&date=${SEED_DATE}`, headers: { cookie: admin.cookie } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const asset = await app.inject({ method: 'GET', url: '/static/app.css' });
    expect(asset.headers['cache-control']).not.toBe('no-store');
  });

  it('gives the printable report a policy of inline styles only, with no script at all', async () => {
    const res = await app.inject({ method: 'GET', url: '/performance/report?la=855&year=2023-24&format=html', headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).not.toContain('script-src');
    expect(res.body).not.toContain('<script');
  });
});
