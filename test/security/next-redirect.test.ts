import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { TEST_NOW, TEST_PASSWORD, webFor } from '../support/server.ts';
import { setCookies } from './helpers.ts';

const VARIANTS = ['/\t/evil.example', '/\\evil.example', '//evil.example', '/\r\n/evil.example', '/caseloads\r\nSet-Cookie: x=1', '/%2F/evil.example', '/%09/evil.example', '\u0000/x'];

describe.each(testDrivers().slice(0, 1))('the page to return to after signing in ($kind)', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    await services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) }).users.add(
      { username: 'returner', password: TEST_PASSWORD, role: 'analyst' },
      { actor: 'test' },
    );
    app = await webFor(handle);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  async function signIn(next: string, ip: string) {
    const form = await app.inject({ method: 'GET', url: `/sign-in?next=${encodeURIComponent(next)}`, remoteAddress: ip });
    expect(form.statusCode, JSON.stringify(next)).toBe(200);
    expect(form.body).not.toContain('evil.example');
    const formCookie = [...setCookies(form)].find(([name]) => name.endsWith('headroom_form'))!;
    const token = /action="\/sign-in"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    return app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${formCookie[0]}=${formCookie[1].value}` },
      payload: new URLSearchParams({ _csrf: token, username: 'returner', password: TEST_PASSWORD, next }).toString(),
    });
  }

  it('keeps a path on this site', async () => {
    const res = await signIn('/caseloads?la=855', '10.50.0.1');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/caseloads?la=855');
  });

  it.each(VARIANTS.map((v, i) => [v, i] as const))('sends the user home for %j, never a 500', async (next, i) => {
    const res = await signIn(next, `10.50.1.${i + 1}`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });
});
