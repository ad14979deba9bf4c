import { describe, expect, it } from 'vitest';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import { upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import { testDrivers } from '../support/databases.ts';
import { signInAs, webFor } from '../support/server.ts';

describe.each(testDrivers())('start page on $kind', (driver) => {
  it('says plainly when the data is synthetic, and not when a real council is loaded', async () => {
    const handle = await driver.open();
    try {
      await insertBatch(handle.db, { la_code: '999', source: 'teams', file_name: 't.csv', sha256: 'x', extract_date: null, loaded_by: 'demo', status: 'loaded' });
      await upsertLaSetting(handle.db, '999', { laName: 'Demoshire', synthetic: true });
      const app = await webFor(handle);
      const demo = await app.inject({ method: 'GET', url: '/' });
      expect(demo.body).toContain('The data here is synthetic. Demoshire is a made-up council');
      expect(demo.body).toContain('View the caseload overview');
      await insertBatch(handle.db, { la_code: '855', source: 'teams', file_name: 't.csv', sha256: 'x', extract_date: null, loaded_by: 'me', status: 'loaded' });
      const analyst = await signInAs(handle, 'analyst');
      const mixed = await app.inject({ method: 'GET', url: '/', headers: { cookie: analyst.cookie } });
      expect(mixed.body).not.toContain('The data here is synthetic');
      await app.close();
    } finally {
      await handle.close();
    }
  });
});
