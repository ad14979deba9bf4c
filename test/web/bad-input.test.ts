import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, TEST_NOW, webFor, type Client } from '../support/server.ts';

const HEAD = 'worker_id,name,team_id,role,fte,asye,agency,start_date,end_date,manager_id\n';

describe.each(testDrivers())('bad input is refused, never a 500 ($kind)', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: Client;
  let s: Services;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    app = await webFor(handle);
    admin = clientFor(app, await signInAs(handle, 'admin'));
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it.each(['2147483648', '99999999999999999999', '1e3', '0x10', '-1', '1.5'])('an import id of %s is not found (404)', async (id) => {
    expect((await admin.get(`/data/imports/${id}`)).statusCode).toBe(404);
    expect((await admin.get(`/data/imports/${id}/issues.csv`)).statusCode).toBe(404);
  });

  it('a repeated query parameter is a bad request (400), with a plain message', async () => {
    const res = await admin.get('/admin/audit?from=2026-01-01&from=2026-02-01');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The address gives &quot;from&quot; more than once. Use it once.');
    expect((await admin.get('/admin/audit.csv?to=2026-01-01&to=x')).statusCode).toBe(400);
    expect((await admin.get('/caseloads?la=855&la=856')).statusCode).toBe(400);
  });

  it('a NUL byte in a name is removed and an over-long name rejects only its row, with its reason', async () => {
    const long = 'x'.repeat(8 * 1024);
    const csv = `${HEAD}W1,Al\u0000ex,T-ASS1,SW,1,N,N,2020-01-01,,\nW2,${long},T-ASS1,SW,1,N,N,2020-01-01,,\nW3,Sam,T-ASS1,SW,1,N,N,2020-01-01,,\n`;
    const result = await s.imports.run('roster', { laCode: '855', fileName: 'roster\u0000.csv', bytes: Buffer.from(csv), loadedBy: 'test' });
    expect(result.lists[0]).toMatchObject({ rowsRead: 3, loaded: 2, rejected: 1 });
    expect(result.issues).toContainEqual(expect.objectContaining({ row: 3, column: 'name', severity: 'error', message: 'name is longer than 500 characters; the row was not loaded.' }));
    expect(result.fileName).toBe('roster.csv');
    const names = await sql<{ name: string }>`select name from worker where la_code = '855' and worker_id in ('W1', 'W3') order by worker_id`.execute(handle.db);
    expect(names.rows.map((r) => r.name)).toEqual(['Alex', 'Sam']);
  });

  it('a NUL byte in an Annex A cell is removed, not a failed import', async () => {
    const csv = 'Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source\nC\u00001,a\u0000,WBRI,01/01/2015,8,01/03/2021,6\n';
    const result = await s.imports.run('annex-a', { laCode: '855', fileName: 'List 1.csv', bytes: Buffer.from(csv), loadedBy: 'test' });
    expect(result.lists.find((l) => l.list === 1)).toMatchObject({ rowsRead: 1 });
    const ids = await sql<{ child_id: string }>`select child_id from contact where la_code = '855'`.execute(handle.db);
    expect(ids.rows.map((r) => r.child_id)).toEqual(['C1']);
  });
});
