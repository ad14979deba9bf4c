import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import {
  consentedLaCodes,
  countPoolUsers,
  deletePool,
  deletePoolMember,
  findPoolByName,
  getPool,
  insertPool,
  insertPoolMember,
  listPoolMembers,
  listPooledLaCodes,
  listPools,
  poolsOfLa,
  renamePool,
} from '../../src/db/pool.repository.ts';
import { getUser, insertUser, setUserAccess } from '../../src/db/user.repository.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';

const AT = new Date('2026-12-05T12:00:00Z');

describe.each(testDrivers())('pool repository on $kind', (driver) => {
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

  it('creates, finds (whatever the case), renames and lists pools', async () => {
    const id = await insertPool(handle.db, { name: 'London', createdBy: 'admin', at: AT });
    await insertPool(handle.db, { name: 'East Midlands', createdBy: 'admin', at: AT });
    expect(await getPool(handle.db, id)).toEqual({ id, name: 'London', createdAt: AT, createdBy: 'admin' });
    expect((await findPoolByName(handle.db, 'LONDON'))?.id).toBe(id);
    expect(await findPoolByName(handle.db, 'Londonderry')).toBeUndefined();
    await renamePool(handle.db, id, 'London boroughs');
    expect((await listPools(handle.db)).map((p) => p.name)).toEqual(['East Midlands', 'London boroughs']);
  });

  it('refuses a second pool whose name differs only in case', async () => {
    await insertPool(handle.db, { name: 'London', createdBy: 'admin', at: AT });
    await expect(insertPool(handle.db, { name: 'london', createdBy: 'admin', at: AT })).rejects.toThrow();
  });

  it('records consent once per council, withdraws it, and reads the consenting councils', async () => {
    const london = await insertPool(handle.db, { name: 'London', createdBy: 'admin', at: AT });
    const other = await insertPool(handle.db, { name: 'Other', createdBy: 'admin', at: AT });
    expect(await insertPoolMember(handle.db, { poolId: london, laCode: '202', consentedBy: 'camden-admin', at: AT })).toBe(true);
    expect(await insertPoolMember(handle.db, { poolId: london, laCode: '202', consentedBy: 'someone-else', at: AT })).toBe(false);
    await insertPoolMember(handle.db, { poolId: london, laCode: '201', consentedBy: 'city-admin', at: AT });
    await insertPoolMember(handle.db, { poolId: other, laCode: '202', consentedBy: 'camden-admin', at: AT });
    expect(await consentedLaCodes(handle.db, london)).toEqual(['201', '202']);
    expect(await poolsOfLa(handle.db, '202')).toEqual([london, other]);
    expect(await listPoolMembers(handle.db, london)).toEqual([
      { poolId: london, laCode: '201', consentedBy: 'city-admin', consentedAt: AT },
      { poolId: london, laCode: '202', consentedBy: 'camden-admin', consentedAt: AT },
    ]);
    expect(await deletePoolMember(handle.db, london, '202')).toBe(true);
    expect(await deletePoolMember(handle.db, london, '202')).toBe(false);
    expect(await consentedLaCodes(handle.db, london)).toEqual(['201']);
    expect(await poolsOfLa(handle.db, '202')).toEqual([other]);
    expect(await consentedLaCodes(handle.db, other)).toEqual(['202']);
    expect(await poolsOfLa(handle.db, '201')).toEqual([london]);
    expect(await poolsOfLa(handle.db, '203')).toEqual([]);
    expect(await listPooledLaCodes(handle.db)).toEqual(['201', '202']);
    expect((await listPoolMembers(handle.db)).length).toBe(2);
  });

  it('deletes a pool’s consents with it, and will not delete a pool an account still belongs to', async () => {
    const london = await insertPool(handle.db, { name: 'London', createdBy: 'admin', at: AT });
    await insertPoolMember(handle.db, { poolId: london, laCode: '202', consentedBy: 'camden-admin', at: AT });
    const userId = await insertUser(handle.db, { username: 'ra', displayName: null, role: 'regional_analyst', laCodes: [], teamIds: [], laCode: '*', passwordHash: null, poolId: london, at: AT });
    expect((await getUser(handle.db, userId))?.poolId).toBe(london);
    expect(await countPoolUsers(handle.db)).toEqual(new Map([[london, 1]]));
    await expect(deletePool(handle.db, london)).rejects.toThrow();
    await setUserAccess(handle.db, userId, { role: 'viewer', laCodes: ['202'], teamIds: [], laCode: '202', poolId: null }, AT);
    expect(await countPoolUsers(handle.db)).toEqual(new Map());
    await deletePool(handle.db, london);
    expect(await getPool(handle.db, london)).toBeUndefined();
    expect(await listPoolMembers(handle.db)).toEqual([]);
  });
});
