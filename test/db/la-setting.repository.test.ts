import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { getLaSetting, listLaSettings, upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';

describe.each(testDrivers())('LA settings repository on $kind', (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  it('creates an LA with the default standard and keeps fields not given on update', async () => {
    await upsertLaSetting(handle.db, '999', { laName: 'Demoshire', synthetic: true });
    expect(await getLaSetting(handle.db, '999')).toEqual({ laCode: '999', laName: 'Demoshire', activeProfile: 'local-18-20', customProfile: null, synthetic: true });
    await upsertLaSetting(handle.db, '999', { activeProfile: 'custom', customProfile: { name: 'custom', roles: {} } });
    expect(await getLaSetting(handle.db, '999')).toMatchObject({ laName: 'Demoshire', activeProfile: 'custom', customProfile: { name: 'custom', roles: {} }, synthetic: true });
    await upsertLaSetting(handle.db, '855', {});
    expect((await listLaSettings(handle.db)).map((s) => s.laCode)).toEqual(['855', '999']);
    expect(await getLaSetting(handle.db, '123')).toBeUndefined();
  });
});
