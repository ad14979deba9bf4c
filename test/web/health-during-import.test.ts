import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { TEST_NOW, webFor } from '../support/server.ts';

const ROWS = 60_000;

// PostgreSQL only: the embedded database has one connection, so its requests wait for the import (docs/operations.md).
const drivers = testDrivers().filter((d) => d.kind === 'postgresql');
if (drivers.length === 0) it.skip('keeps answering during a large import (needs TEST_DATABASE_URL)', () => undefined);

describe.each(drivers)('the web app keeps answering during a large import ($kind)', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await driver.open();
    app = await webFor(handle);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it(`answers /health again and again while ${ROWS.toLocaleString('en-GB')} rows are read and loaded`, async () => {
    const lines = ['Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Contact,Contact Source'];
    for (let i = 0; i < ROWS; i++) lines.push(`C${i},a,WBRI,01/01/2015,8,01/03/2021,6`);
    const s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    let finished = false;
    const importing = s.imports.run('annex-a', { laCode: '855', fileName: 'List 1.csv', bytes: Buffer.from(lines.join('\n')), loadedBy: 'test' }).finally(() => {
      finished = true;
    });
    let answered = 0;
    while (!finished) {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      if (!finished) answered++;
    }
    const result = await importing;
    expect(result.lists[0]?.loaded).toBe(ROWS);
    expect(answered).toBeGreaterThanOrEqual(5);
  }, 300_000);
});
