import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services as buildServices, type Adapters, type Services } from '../../src/app.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';

const CLOCK = new Date('2026-12-05T12:00:00Z');

for (const driver of testDrivers()) {
  describe(`headroom pools and users add --pool (${driver.kind})`, () => {
    let handle: DatabaseHandle;
    let svc: Services;
    let out: string[];
    let err: string[];
    const ctx: CliContext = {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      isTty: false,
      env: {},
      config: () => loadConfig({}),
      logger: () => createLogger({ level: 'silent' }),
      readSecret: () => Promise.resolve('a long test passphrase with words'),
      actor: () => 'cli:tester',
      open: () => {
        const adapters: Adapters = { db: handle.db, dbKind: handle.kind, dbLocation: handle.location, clock: () => CLOCK, logger: createLogger({ level: 'silent' }), close: () => Promise.resolve() };
        return Promise.resolve({ adapters, services: buildServices(adapters) });
      },
    };
    async function headroom(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      out = [];
      err = [];
      const code = await main(['node', 'headroom', ...args], ctx);
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    }

    beforeAll(async () => {
      handle = await driver.open();
      svc = buildServices({ db: handle.db, dbKind: handle.kind, clock: () => CLOCK, logger: createLogger({ level: 'silent' }) });
    }, 60_000);
    afterAll(async () => {
      await handle.close();
    });
    beforeEach(async () => {
      await truncateAll(handle.db);
      await seedSmallCouncil(handle.db, '855');
      await seedSmallCouncil(handle.db, '856');
    });

    it('creates, lists, renames and deletes a pool, each with its audit row', async () => {
      expect((await headroom('pools', 'list')).stdout).toContain('There are no pools yet');
      const created = await headroom('pools', 'create', 'London');
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('Created the pool "London"');
      expect((await headroom('pools', 'create', 'london')).code).toBe(1);
      expect((await headroom('pools', 'consent', 'London', '--la', '855')).stdout).toBe('LA 855 now shares its figures with the pool "London".');
      const list = JSON.parse((await headroom('pools', 'list', '--json')).stdout) as Array<{ name: string; members: Array<{ laCode: string; consentedBy: string }> }>;
      expect(list).toMatchObject([{ name: 'London', members: [{ laCode: '855', consentedBy: 'cli:tester' }] }]);
      expect((await headroom('pools', 'rename', 'London', 'London boroughs', '--json')).stdout).toContain('"name":"London boroughs"');
      expect((await headroom('pools', 'delete', 'London boroughs')).code).toBe(0);
      expect(await svc.pools.list()).toEqual([]);
      const actions = (await svc.audit.recent({ limit: 50 })).map((r) => r.action).reverse();
      expect(actions.filter((a) => a.startsWith('pool_'))).toEqual(['pool_created', 'pool_consent_given', 'pool_renamed', 'pool_deleted']);
    });

    it('records and withdraws a council’s consent, saying when nothing changed', async () => {
      await headroom('pools', 'create', 'London');
      await headroom('pools', 'consent', 'London', '--la', '855');
      expect((await headroom('pools', 'consent', 'London', '--la', '855')).stdout).toContain('had already consented');
      const withdrawn = await headroom('pools', 'withdraw', 'London', '--la', '855', '--json');
      expect(JSON.parse(withdrawn.stdout)).toEqual({ pool: 'London', laCode: '855', consenting: false, changed: true });
      expect((await headroom('pools', 'withdraw', 'London', '--la', '855')).stdout).toContain('was not in the pool');
      expect(await svc.pools.consented((await svc.pools.named('London')).id)).toEqual([]);
    });

    it('exits 3 for an unknown pool or a council with no data, and 2 for a bad LA number', async () => {
      const unknown = await headroom('pools', 'consent', 'Nowhere', '--la', '855');
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toContain('There is no pool called "Nowhere".');
      const noData = await headroom('pools', 'consent', 'Nowhere', '--la', '998');
      expect(noData.code).toBe(3);
      expect(noData.stderr).toContain('There is no data for LA 998.');
      const bad = await headroom('pools', 'withdraw', 'Nowhere', '--la', '85');
      expect(bad.code).toBe(2);
      expect((await headroom('pools', 'create', ' ')).code).toBe(2);
    });

    it('adds a regional analyst to a pool, refusing one without a pool and a pool for another role', async () => {
      await headroom('pools', 'create', 'London');
      const noPool = await headroom('users', 'add', 'r.analyst', '--role', 'regional_analyst');
      expect(noPool.code).toBe(2);
      expect(noPool.stderr).toContain('A regional analyst must belong to a pool: give its name with --pool');
      const withLa = await headroom('users', 'add', 'r.analyst', '--role', 'regional_analyst', '--pool', 'London', '--la', '855');
      expect(withLa.code).toBe(2);
      expect(withLa.stderr).toContain('leave out --la for this role');
      const added = await headroom('users', 'add', 'r.analyst', '--role', 'regional_analyst', '--pool', 'london');
      expect(added.code).toBe(0);
      expect(added.stdout).toContain('r.analyst: Regional analyst');
      expect(added.stdout).toContain('pool "London"');
      const viewer = await headroom('users', 'add', 'v.one', '--role', 'viewer', '--la', '855', '--pool', 'London');
      expect(viewer.code).toBe(2);
      expect(viewer.stderr).toContain('Only regional analysts belong to a pool');
      const inUse = await headroom('pools', 'delete', 'London');
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toContain('has a regional analyst');
      expect((await headroom('users', 'set-role', 'r.analyst', '--role', 'viewer', '--la', '855')).code).toBe(0);
      expect((await svc.users.get('r.analyst')).pool).toBeNull();
      expect((await headroom('pools', 'delete', 'London')).code).toBe(0);
    });
  });
}
