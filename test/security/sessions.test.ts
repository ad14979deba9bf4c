import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { isAppError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { ADDRESS_MAX_FAILURES, LOCK_AFTER_FAILURES } from '../../src/services/auth.service.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { TEST_PASSWORD, webFor } from '../support/server.ts';
import { setCookies, signInHttp, stillSignedIn } from './helpers.ts';

const START = new Date('2026-11-22T09:00:00Z');
const minutes = (n: number) => n * 60_000;

describe.each(testDrivers())('accounts and sessions on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let s: Services;
  let now = START;
  const clock = () => now;
  let ipCounter = 0;
  /** A fresh client address per test, so address back-off and the rate limit do not cross tests. */
  const freshIp = () => `10.20.0.${++ipCounter}`;
  const addUser = async (username: string, role: 'admin' | 'analyst' | 'viewer' = 'analyst') => {
    await s.users.add({ username, password: TEST_PASSWORD, role }, { actor: 'test' });
    return username;
  };

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    s = services({ db: handle.db, dbKind: handle.kind, clock, logger: createLogger({ level: 'silent' }) });
    app = await webFor(handle, undefined, { clock });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('stores passwords as argon2id hashes and sessions by a hash of their token', async () => {
    const username = await addUser('hash-check');
    const row = await handle.db.selectFrom('app_user').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
    const { cookie } = await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() });
    const token = cookie!.split('=')[1]!;
    const stored = await handle.db.selectFrom('app_session').select('id').execute();
    expect(stored.map((r) => r.id)).not.toContain(token);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
  });

  it('refuses weak passwords when a user is added or a password is reset', async () => {
    for (const password of ['too short', 'password1234', 'Summer2026!!', 'weak-user-name-x1'.replace('x1', '')]) {
      const err = await s.users.add({ username: 'weak-user-name', password, role: 'viewer' }, { actor: 'test' }).catch((e: unknown) => e);
      expect(isAppError(err) && err.code, password).toBe('bad_usage');
    }
    await addUser('resetter');
    const err = await s.users.resetPassword('resetter', 'password12345', { actor: 'test' }).catch((e: unknown) => e);
    expect(isAppError(err) && err.message).toContain('attackers try first');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, host-wide, and not Secure over plain HTTP', async () => {
    const username = await addUser('cookie-check');
    const { res } = await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() });
    const raw = setCookies(res).get('headroom_session')!.raw;
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    expect(raw).toMatch(/Path=\//);
    expect(raw).not.toMatch(/Secure/i);
    expect(raw).not.toMatch(/Domain=/i);
  });

  it('marks cookies Secure with the __Host- prefix behind HTTPS', async () => {
    const secure = await webFor(handle, undefined, { clock, security: { secureCookies: true, demoEligible: false } });
    const username = await addUser('secure-cookie');
    const { res, cookie } = await signInHttp(secure, username, TEST_PASSWORD, { ip: freshIp() });
    const raw = setCookies(res).get('__Host-headroom_session')!.raw;
    expect(raw).toMatch(/; Secure/i);
    expect(raw).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/^__Host-headroom_session=/);
    expect(await stillSignedIn(secure, cookie!)).toBe(true);
    const hsts = await secure.inject({ method: 'GET', url: '/sign-in' });
    expect(hsts.headers['strict-transport-security']).toContain('max-age=31536000');
    await secure.close();
  });

  it('starts a new session on sign-in: a session id known before sign-in is never signed in (no fixation)', async () => {
    const username = await addUser('fixation');
    const ip = freshIp();
    const fixed = 'headroom_session=attacker-chose-this-value';
    const first = await signInHttp(app, username, TEST_PASSWORD, { ip, cookie: fixed });
    expect(first.cookie).not.toBeNull();
    expect(first.cookie).not.toBe(fixed);
    expect(await stillSignedIn(app, fixed)).toBe(false);
    const second = await signInHttp(app, username, TEST_PASSWORD, { ip, cookie: first.cookie! });
    expect(second.cookie).not.toBe(first.cookie);
    expect(await stillSignedIn(app, second.cookie!)).toBe(true);
    expect(await stillSignedIn(app, first.cookie!)).toBe(false);
  });

  it(`pauses an account after ${LOCK_AFTER_FAILURES} failures in a row, for 15 minutes, then twice as long after the next failure`, async () => {
    now = START;
    const username = await addUser('locky');
    const ip = freshIp();
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      const bad = await signInHttp(app, username, 'not the right password', { ip });
      expect(bad.res.statusCode).toBe(401);
      expect(bad.res.body).toContain('Enter a correct username and password');
    }
    const paused = await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() });
    expect(paused.res.statusCode).toBe(429);
    expect(paused.res.body).toContain('Sign-in is paused');
    expect(paused.cookie).toBeNull();
    now = new Date(START.getTime() + minutes(16));
    expect((await signInHttp(app, username, 'still wrong password', { ip: freshIp() })).res.statusCode).toBe(401);
    now = new Date(START.getTime() + minutes(16 + 29));
    expect((await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() })).res.statusCode).toBe(429);
    now = new Date(START.getTime() + minutes(16 + 31));
    const ok = await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() });
    expect(ok.res.statusCode).toBe(303);
    const row = await handle.db.selectFrom('app_user').select(['failed_attempts', 'locked_until']).where('username', '=', username).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
    now = START;
  });

  it(`pauses an address after ${ADDRESS_MAX_FAILURES} failures in 15 minutes, whichever accounts it tries; other addresses are unaffected`, async () => {
    now = START;
    const username = await addUser('spray-target');
    const ip = '10.30.0.1';
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) {
      const r = await s.auth.signIn({ username: `guess-${i}`, password: 'Password1234', ip });
      expect(r.ok).toBe(false);
    }
    expect(await s.auth.signIn({ username, password: TEST_PASSWORD, ip })).toEqual({ ok: false, reason: 'paused' });
    expect((await s.auth.signIn({ username, password: TEST_PASSWORD, ip: '10.30.0.2' })).ok).toBe(true);
    now = new Date(START.getTime() + minutes(16));
    expect((await s.auth.signIn({ username, password: TEST_PASSWORD, ip })).ok).toBe(true);
    now = START;
  });

  it('rate-limits the sign-in form per address', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signInHttp(app, 'nobody-here', 'wrong password here', { ip })).res.statusCode);
    expect(statuses.slice(0, 10).every((st) => st === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('ends a session after 30 minutes idle, and keeps it while it is used', async () => {
    now = START;
    const username = await addUser('idler');
    const { cookie } = await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() });
    now = new Date(START.getTime() + minutes(29));
    expect(await stillSignedIn(app, cookie!)).toBe(true);
    now = new Date(START.getTime() + minutes(58));
    expect(await stillSignedIn(app, cookie!)).toBe(true);
    now = new Date(START.getTime() + minutes(58 + 31));
    expect(await stillSignedIn(app, cookie!)).toBe(false);
    now = new Date(START.getTime() + minutes(58 + 32));
    expect(await stillSignedIn(app, cookie!)).toBe(false);
    now = START;
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    now = START;
    const username = await addUser('busy');
    const { cookie } = await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() });
    for (let t = 20; t < 12 * 60; t += 20) {
      now = new Date(START.getTime() + minutes(t));
      expect(await stillSignedIn(app, cookie!), `at ${t} minutes`).toBe(true);
    }
    now = new Date(START.getTime() + minutes(12 * 60 + 1));
    expect(await stillSignedIn(app, cookie!)).toBe(false);
    now = START;
  });

  it('signs out, and signs out everywhere (every session of that user, and no one else’s)', async () => {
    now = START;
    const username = await addUser('traveller');
    const other = await addUser('bystander');
    const laptop = (await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() })).cookie!;
    const phone = (await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() })).cookie!;
    const theirs = (await signInHttp(app, other, TEST_PASSWORD, { ip: freshIp() })).cookie!;
    const account = await app.inject({ method: 'GET', url: '/account', headers: { cookie: laptop } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(account.body)![1]!;
    const out = await app.inject({ method: 'POST', url: '/account/sign-out-everywhere', headers: { cookie: laptop, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${csrf}` });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signed-out=1');
    expect(setCookies(out).get('headroom_session')?.value).toBe('');
    expect(await stillSignedIn(app, laptop)).toBe(false);
    expect(await stillSignedIn(app, phone)).toBe(false);
    expect(await stillSignedIn(app, theirs)).toBe(true);

    const page = await app.inject({ method: 'GET', url: '/account', headers: { cookie: theirs } });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const signOut = await app.inject({ method: 'POST', url: '/sign-out', headers: { cookie: theirs, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${token}` });
    expect(signOut.statusCode).toBe(303);
    expect(await stillSignedIn(app, theirs)).toBe(false);
  });

  it('ends the sessions of a disabled user at once, and applies a role change on the next request', async () => {
    now = START;
    const username = await addUser('changeling', 'viewer');
    const cookie = (await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() })).cookie!;
    expect((await app.inject({ method: 'GET', url: '/caseloads/workers?la=855', headers: { cookie } })).statusCode).toBe(403);
    await s.users.setRole(username, { role: 'analyst' }, { actor: 'test' });
    expect((await app.inject({ method: 'GET', url: '/caseloads/workers?la=855', headers: { cookie } })).statusCode).toBe(200);
    await s.users.disable(username, { actor: 'test' });
    expect(await stillSignedIn(app, cookie)).toBe(false);
    expect((await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() })).res.statusCode).toBe(401);
    await s.users.enable(username, { actor: 'test' });
    expect((await signInHttp(app, username, TEST_PASSWORD, { ip: freshIp() })).res.statusCode).toBe(303);
  });

  it('sends a signed-out visitor to sign in and back to the page they asked for', async () => {
    const res = await app.inject({ method: 'GET', url: '/caseloads?la=855&sort=children' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent('/caseloads?la=855&sort=children')}`);
    const form = await app.inject({ method: 'GET', url: `/sign-in?next=${encodeURIComponent('//evil.example/')}` });
    expect(form.body).toContain('name="next" value="/"');
  });
});
