import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { annexAImporter } from '../../src/services/annex-a.importer.ts';
import { runImport } from '../../src/services/import-runner.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { readFixture } from '../support/fixtures.ts';

const SAMPLE = readFixture('annex-a/annex-a-sample.xlsx');
const logger = createLogger({ level: 'silent' });

describe.each(testDrivers())('imports for one council at once on $kind', (driver) => {
  let handle: DatabaseHandle;
  const deps = () => ({ db: handle.db, clock: () => new Date('2024-06-01T10:00:00Z'), logger });
  const count = async (query: string) => Number((await sql<{ n: number }>`${sql.raw(query)}`.execute(handle.db)).rows[0]?.n);

  beforeAll(async () => {
    handle = await driver.open();
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  it('queue behind each other: the second replaces the first, leaving one loaded batch and one copy of the data', async () => {
    const once = await runImport(deps(), annexAImporter(), { laCode: '855', fileName: 'a.xlsx', bytes: SAMPLE, loadedBy: 'test' });
    const single = {
      snapshot: await count(`select count(*)::int as n from annex_a_snapshot`),
      allocations: await count(`select count(*)::int as n from allocation`),
      contacts: await count(`select count(*)::int as n from contact`),
    };
    expect(once.ok).toBe(true);
    await truncateAll(handle.db);

    const results = await Promise.all([1, 2, 3].map((i) => runImport(deps(), annexAImporter(), { laCode: '855', fileName: `copy-${i}.xlsx`, bytes: SAMPLE, loadedBy: 'test' })));
    expect(results.filter((r) => r.replaced)).toHaveLength(2);
    expect(await count(`select count(*)::int as n from import_batch where status = 'loaded'`)).toBe(1);
    expect(await count(`select count(*)::int as n from annex_a_snapshot`)).toBe(single.snapshot);
    expect(await count(`select count(*)::int as n from allocation`)).toBe(single.allocations);
    expect(await count(`select count(*)::int as n from contact`)).toBe(single.contacts);
  }, 120_000);
});
