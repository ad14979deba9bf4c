import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { ADDRESS_MAX_FAILURES, LOCK_AFTER_FAILURES } from '../../src/services/auth.service.ts';
import { testDrivers } from '../support/databases.ts';
import { TEST_PASSWORD } from '../support/server.ts';

const NOW = new Date('2026-11-22T09:00:00Z');

describe.each(testDrivers())('the sign-in pause under concurrent attempts on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: Services;
  const checked = async (username: string) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where actor = ${username} and detail->>'reason' = 'wrong_password'`.execute(handle.db)).rows[0]?.n);

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => NOW, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('ten wrong passwords sent at once all count: no more than the limit are checked and the account is paused', async () => {
    await s.users.add({ username: 'rushed', password: TEST_PASSWORD, role: 'analyst' }, { actor: 'test' });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.auth.signIn({ username: 'rushed', password: `wrong guess number ${i}`, ip: `10.40.0.${i + 1}` })));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await checked('rushed')).toBe(LOCK_AFTER_FAILURES);
    const row = await handle.db.selectFrom('app_user').select(['failed_attempts', 'locked_until']).where('username', '=', 'rushed').executeTakeFirstOrThrow();
    expect(row.failed_attempts).toBe(LOCK_AFTER_FAILURES);
    expect(row.locked_until).not.toBeNull();
    const failures = Number((await sql<{ n: number }>`select count(*)::int as n from sign_in_attempt where username = 'rushed' and not succeeded`.execute(handle.db)).rows[0]?.n);
    expect(failures).toBe(10);
    expect(await s.auth.signIn({ username: 'rushed', password: TEST_PASSWORD, ip: '10.40.1.1' })).toEqual({ ok: false, reason: 'paused' });
  });

  it('forty guesses at once from one address check no more than the address limit', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => s.auth.signIn({ username: `nobody-${i}`, password: 'Password1234', ip: '10.41.0.1' })));
    expect(results.filter((r) => !r.ok && r.reason === 'paused').length).toBeGreaterThanOrEqual(40 - ADDRESS_MAX_FAILURES);
    const unknown = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where detail->>'reason' = 'unknown_user' and ip = '10.41.0.1'`.execute(handle.db)).rows[0]?.n);
    expect(unknown).toBeLessThanOrEqual(ADDRESS_MAX_FAILURES);
  });
});
