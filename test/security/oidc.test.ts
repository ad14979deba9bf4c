import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { services, type Services } from '../../src/app.ts';
import { loadConfig, type OidcSettings } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { startFakeOidcProvider, type FakeIdentity, type FakeOidcProvider } from '../support/fake-oidc-provider.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { TEST_NOW, TEST_PASSWORD, webFor } from '../support/server.ts';
import { setCookies, signInHttp, stillSignedIn } from './helpers.ts';

const GROUPS = { admin: 'g-admin-0001', analyst: 'g-analyst-0002', teamManager: 'g-tm-0003', viewer: 'g-viewer-0004', other: 'g-canteen-0005' };

interface OidcAttempt {
  /** The provider's redirect back to Headroom, as a path and query. */
  callbackPath: string;
  flowCookie: string;
  res: LightMyRequestResponse;
  /** The new session cookie, or null when sign-in was refused. */
  session: string | null;
}

function cookiePair(res: LightMyRequestResponse, suffix: string): string | null {
  const found = [...setCookies(res)].find(([name]) => name.endsWith(suffix));
  return found && found[1].value !== '' ? `${found[0]}=${found[1].value}` : null;
}

describe.each(testDrivers())('sign-in with the council’s OpenID Connect provider on $kind', (driver) => {
  let handle: DatabaseHandle;
  let provider: FakeOidcProvider;
  let settings: OidcSettings;
  let app: FastifyInstance;
  let s: Services;
  let ipCounter = 0;
  const freshIp = () => `10.40.0.${++ipCounter}`;

  const auditRows = async (actor: string) =>
    (await handle.db.selectFrom('audit_log').selectAll().where('actor', 'in', [actor, 'oidc', 'unknown']).orderBy('id').execute()).map((r) => ({
      actor: r.actor,
      action: r.action,
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
    }));

  /** Through the provider and back, as a browser does. */
  async function oidcSignIn(identity: FakeIdentity, options: { ip?: string; cookie?: string; next?: string } = {}): Promise<OidcAttempt> {
    const ip = options.ip ?? freshIp();
    provider.signInAs(identity);
    const start = await app.inject({ method: 'GET', url: `/sign-in/oidc?next=${encodeURIComponent(options.next ?? '/data')}`, remoteAddress: ip });
    expect(start.statusCode).toBe(303);
    expect(String(start.headers.location)).toMatch(new RegExp(`^${provider.issuer}/authorize\\?`));
    const flowCookie = cookiePair(start, 'headroom_oidc')!;
    const back = await fetch(String(start.headers.location), { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    const callbackPath = `${callback.pathname}${callback.search}`;
    const res = await app.inject({ method: 'GET', url: callbackPath, remoteAddress: ip, headers: { cookie: [flowCookie, options.cookie].filter(Boolean).join('; ') } });
    return { callbackPath, flowCookie, res, session: cookiePair(res, 'headroom_session') };
  }

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    provider = await startFakeOidcProvider();
    settings = loadConfig({
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_REDIRECT_URL: 'http://127.0.0.1/sign-in/oidc/callback',
      OIDC_ROLE_GROUPS: `admin=${GROUPS.admin},analyst=${GROUPS.analyst},team_manager=${GROUPS.teamManager},viewer=${GROUPS.viewer}`,
    }).oidc!;
    app = await webFor(handle, undefined, { oidc: settings });
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
    await handle.close();
  });

  it('signs in an analyst end to end: PKCE, nonce, a new account with no password, and an analyst session', async () => {
    const attempt = await oidcSignIn({ sub: 'entra-1', preferred_username: 'A.Analyst@council.example', groups: [GROUPS.other, GROUPS.viewer, GROUPS.analyst] });
    expect(attempt.res.statusCode).toBe(303);
    expect(attempt.res.headers.location).toBe('/data');
    expect(attempt.session).not.toBeNull();
    expect(setCookies(attempt.res).get('headroom_oidc')?.value).toBe('');

    const sent = provider.authorizeRequests.at(-1)!;
    expect(sent.codeChallengeMethod).toBe('S256');
    expect(sent.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.nonce).toBeTruthy();

    const cookie = attempt.session!;
    expect((await app.inject({ method: 'GET', url: '/data', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/admin/users', headers: { cookie } })).statusCode).toBe(403);
    const account = await app.inject({ method: 'GET', url: '/account', headers: { cookie } });
    expect(account.body).toContain('a.analyst@council.example');
    expect(account.body).toContain('Analyst');

    const row = await handle.db.selectFrom('app_user').selectAll().where('username', '=', 'a.analyst@council.example').executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
    expect(row.role).toBe('analyst');
    expect(row.la_codes).toEqual(['*']);
    expect(row.team_ids).toEqual([]);

    const audit = await auditRows('a.analyst@council.example');
    expect(audit).toContainEqual(expect.objectContaining({ actor: 'oidc', action: 'user_added', detail: expect.objectContaining({ username: 'a.analyst@council.example', role: 'analyst' }) }));
    expect(audit).toContainEqual({ actor: 'a.analyst@council.example', action: 'sign_in', detail: { method: 'oidc' } });
  });

  it('after single sign-on, sends the user home when the requested page would leave the site', async () => {
    for (const [i, next] of ['/\t/evil.example', '/\\evil.example', '//evil.example', '/\r\n/evil.example', '/%09/evil.example'].entries()) {
      const attempt = await oidcSignIn({ sub: `entra-next-${i}`, preferred_username: `next.${i}@council.example`, groups: [GROUPS.analyst] }, { next });
      expect(attempt.res.statusCode, JSON.stringify(next)).toBe(303);
      expect(attempt.res.headers.location, JSON.stringify(next)).toBe('/');
    }
    const raw = await app.inject({ method: 'GET', url: '/sign-in?next=%2F%09%2Fevil.example' });
    expect(raw.statusCode).toBe(200);
    expect(raw.body).not.toContain('evil.example');
  });

  it('keeps the flow in a short-lived HttpOnly SameSite=Lax cookie, Secure with the __Host- prefix behind HTTPS', async () => {
    const start = await app.inject({ method: 'GET', url: '/sign-in/oidc' });
    const raw = setCookies(start).get('headroom_oidc')!.raw;
    expect(raw).toMatch(/Max-Age=600/);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    expect(raw).not.toMatch(/Secure/i);
    const secure = await webFor(handle, undefined, { oidc: settings, security: { secureCookies: true, demoEligible: false } });
    const secureStart = await secure.inject({ method: 'GET', url: '/sign-in/oidc' });
    expect(setCookies(secureStart).get('__Host-headroom_oidc')!.raw).toMatch(/; Secure/i);
    await secure.close();
  });

  it('shows the council-account button on the sign-in page only when configured, and answers 404 otherwise', async () => {
    const page = await app.inject({ method: 'GET', url: '/sign-in?next=%2Fdata' });
    expect(page.body).toContain('Sign in with your council account');
    expect(page.body).toContain('href="/sign-in/oidc?next=%2Fdata"');
    const plain = await webFor(handle);
    expect((await plain.inject({ method: 'GET', url: '/sign-in' })).body).not.toContain('/sign-in/oidc');
    expect((await plain.inject({ method: 'GET', url: '/sign-in/oidc' })).statusCode).toBe(404);
    expect((await plain.inject({ method: 'GET', url: '/sign-in/oidc/callback?code=x&state=y' })).statusCode).toBe(404);
    await plain.close();
  });

  it('refuses someone in no mapped group, with a plain message, no session and no account', async () => {
    const attempt = await oidcSignIn({ sub: 'entra-2', preferred_username: 'no.group@council.example', groups: [GROUPS.other] });
    expect(attempt.res.statusCode).toBe(403);
    expect(attempt.res.body).toContain('Your council account is not in a Headroom group. Ask your administrator.');
    expect(attempt.res.body).toContain('govuk-error-summary');
    expect(attempt.session).toBeNull();
    expect(await handle.db.selectFrom('app_user').select('id').where('username', '=', 'no.group@council.example').executeTakeFirst()).toBeUndefined();
    expect(await auditRows('no.group@council.example')).toContainEqual({ actor: 'no.group@council.example', action: 'sign_in_failed', detail: { method: 'oidc', reason: 'no_group' } });
  });

  it('refuses a disabled local account whatever its groups', async () => {
    await s.users.add({ username: 'left.council', password: TEST_PASSWORD, role: 'analyst' }, { actor: 'test' });
    await s.users.disable('left.council', { actor: 'test' });
    const attempt = await oidcSignIn({ sub: 'entra-3', preferred_username: 'left.council', groups: [GROUPS.admin] });
    expect(attempt.res.statusCode).toBe(403);
    expect(attempt.res.body).toContain('has been disabled');
    expect(attempt.session).toBeNull();
    const row = await handle.db.selectFrom('app_user').select('role').where('username', '=', 'left.council').executeTakeFirstOrThrow();
    expect(row.role).toBe('analyst');
    expect(await auditRows('left.council')).toContainEqual({ actor: 'left.council', action: 'sign_in_failed', detail: { method: 'oidc', reason: 'disabled' } });
  });

  it('refuses a callback whose state does not match, and a replayed callback (with or without the flow cookie)', async () => {
    provider.signInAs({ sub: 'entra-4', preferred_username: 'state.check', groups: [GROUPS.analyst] });
    const ip = freshIp();
    const start = await app.inject({ method: 'GET', url: '/sign-in/oidc', remoteAddress: ip });
    const flowCookie = cookiePair(start, 'headroom_oidc')!;
    const back = new URL((await fetch(String(start.headers.location), { redirect: 'manual' })).headers.get('location')!);
    back.searchParams.set('state', 'forged-state');
    const forged = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, remoteAddress: ip, headers: { cookie: flowCookie } });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Try again');
    expect(cookiePair(forged, 'headroom_session')).toBeNull();

    const ok = await oidcSignIn({ sub: 'entra-4', preferred_username: 'state.check', groups: [GROUPS.analyst] });
    expect(ok.session).not.toBeNull();
    const withoutCookie = await app.inject({ method: 'GET', url: ok.callbackPath, remoteAddress: freshIp() });
    expect(withoutCookie.statusCode).toBe(400);
    expect(cookiePair(withoutCookie, 'headroom_session')).toBeNull();
    const withCookie = await app.inject({ method: 'GET', url: ok.callbackPath, remoteAddress: freshIp(), headers: { cookie: ok.flowCookie } });
    expect(withCookie.statusCode).toBe(400);
    expect(cookiePair(withCookie, 'headroom_session')).toBeNull();
    expect(provider.refusals).toContain('code already used');
    const reasons = (await auditRows('unknown')).filter((r) => r.action === 'sign_in_failed').map((r) => r.detail.reason);
    expect(reasons).toEqual(expect.arrayContaining(['state_mismatch', 'no_flow', 'token_rejected']));
  });

  it('gives an existing account the role its groups give, keeping its councils and teams, and audits the change', async () => {
    await s.users.add({ username: 'jo.manager', password: TEST_PASSWORD, role: 'team_manager', laCodes: ['855'], teamIds: ['T-ASS1'] }, { actor: 'test' });
    const promoted = await oidcSignIn({ sub: 'entra-5', preferred_username: 'jo.manager', groups: [GROUPS.analyst] });
    expect(promoted.session).not.toBeNull();
    let row = await handle.db.selectFrom('app_user').selectAll().where('username', '=', 'jo.manager').executeTakeFirstOrThrow();
    expect({ role: row.role, la: row.la_codes, teams: row.team_ids }).toEqual({ role: 'analyst', la: ['855'], teams: ['T-ASS1'] });
    expect(await auditRows('jo.manager')).toContainEqual({
      actor: 'oidc',
      action: 'role_changed',
      detail: { username: 'jo.manager', from: { role: 'team_manager' }, to: { role: 'analyst' }, source: 'identity provider groups' },
    });

    const back = await oidcSignIn({ sub: 'entra-5', preferred_username: 'jo.manager', groups: [GROUPS.teamManager] }, { next: '/caseloads/teams/T-ASS1?la=855' });
    row = await handle.db.selectFrom('app_user').selectAll().where('username', '=', 'jo.manager').executeTakeFirstOrThrow();
    expect({ role: row.role, teams: row.team_ids }).toEqual({ role: 'team_manager', teams: ['T-ASS1'] });
    expect(back.res.headers.location).toBe('/caseloads/teams/T-ASS1?la=855');
    // The password they had still works alongside the provider.
    expect((await signInHttp(app, 'jo.manager', TEST_PASSWORD, { ip: freshIp() })).res.statusCode).toBe(303);
  });

  it('ends the session a browser had before signing in (no fixation)', async () => {
    const first = await oidcSignIn({ sub: 'entra-6', preferred_username: 'rotator', groups: [GROUPS.viewer] });
    const second = await oidcSignIn({ sub: 'entra-6', preferred_username: 'rotator', groups: [GROUPS.viewer] }, { cookie: first.session! });
    expect(second.session).not.toBe(first.session);
    expect(await stillSignedIn(app, first.session!)).toBe(false);
    expect(await stillSignedIn(app, second.session!)).toBe(true);
  });

  it('never lets an account made by the provider sign in with the password form, and does not pause it for trying', async () => {
    await oidcSignIn({ sub: 'entra-7', preferred_username: 'sso.only', groups: [GROUPS.admin] });
    for (const password of ['', 'anything at all here', TEST_PASSWORD]) {
      const attempt = await signInHttp(app, 'sso.only', password, { ip: freshIp() });
      expect(attempt.res.statusCode, password).toBe(401);
      expect(attempt.cookie).toBeNull();
    }
    for (let i = 0; i < 6; i++) expect((await s.auth.signIn({ username: 'sso.only', password: 'guessing a password', ip: freshIp() })).ok).toBe(false);
    const row = await handle.db.selectFrom('app_user').select(['failed_attempts', 'locked_until']).where('username', '=', 'sso.only').executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
    expect((await auditRows('sso.only')).filter((r) => r.action === 'sign_in_failed').map((r) => r.detail.reason)).toContain('no_password');
    expect((await oidcSignIn({ sub: 'entra-7', preferred_username: 'sso.only', groups: [GROUPS.admin] })).session).not.toBeNull();
  });

  it('rate-limits the callback per address', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await app.inject({ method: 'GET', url: '/sign-in/oidc/callback?code=x&state=y', remoteAddress: ip })).statusCode);
    expect(statuses.slice(0, 10).every((st) => st === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
