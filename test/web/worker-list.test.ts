import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { listAudit } from '../../src/db/audit.repository.ts';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import { upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import { insertAllocations, upsertTeams, upsertWorkers } from '../../src/db/workforce.repository.ts';
import type { Allocation, Worker } from '../../src/domain/workforce/types.ts';
import { testDrivers } from '../support/databases.ts';
import { signInAs, webFor, type SignedIn } from '../support/server.ts';

const AS_OF = '2024-03-31';

/** 120 social workers, worker Wn holding n children, so the most over capacity is W120. */
async function seedLargeTeam(handle: DatabaseHandle): Promise<void> {
  const batch = await insertBatch(handle.db, { la_code: '855', source: 'allocations', file_name: 'seed.csv', sha256: 'seed', extract_date: null, loaded_by: 'test', status: 'loaded' });
  await upsertLaSetting(handle.db, '855', { laName: 'Testshire' });
  await upsertTeams(handle.db, '855', batch, [{ teamId: 'T1', name: 'Assessment 1', parentId: null, kind: 'team' }]);
  const workers: Worker[] = Array.from({ length: 120 }, (_, i) => ({
    workerId: `W${i + 1}`,
    name: `Worker ${i + 1}`,
    teamId: 'T1',
    role: 'social_worker',
    fte: 1,
    asye: false,
    agency: false,
    startDate: '2020-01-01',
    endDate: null,
    managerId: null,
  }));
  const allocations: Allocation[] = workers.flatMap((w, i) =>
    Array.from({ length: i + 1 }, (_, k) => ({ childId: `${w.workerId}-C${k}`, workerId: w.workerId, teamId: 'T1', caseType: 'cin' as const, startDate: '2024-01-01', endDate: null })),
  );
  await upsertWorkers(handle.db, '855', batch, workers);
  await insertAllocations(handle.db, '855', batch, 'allocations', allocations);
}

describe.each(testDrivers())('the paged worker list on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let analyst: SignedIn;

  beforeAll(async () => {
    handle = await driver.open();
    await seedLargeTeam(handle);
    app = await webFor(handle);
    analyst = await signInAs(handle, 'analyst');
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: analyst.cookie } });
  const workerLinks = (body: string) => [...body.matchAll(/href="\/caseloads\/workers\/(W\d+)\?/g)].map((m) => m[1]);

  it('shows 50 workers a page, most over capacity first, with GOV.UK pagination', async () => {
    const first = await get(`/caseloads/workers?la=855&date=${AS_OF}`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('120 workers, most over their capacity first: 1 to 50 shown.');
    expect(workerLinks(first.body)).toHaveLength(50);
    expect(workerLinks(first.body)[0]).toBe('W120');
    expect(first.body).toContain('govuk-pagination');
    expect(first.body).toContain(`href="/caseloads/workers?la=855&amp;date=${AS_OF}&amp;page=2"`);

    const last = await get(`/caseloads/workers?la=855&date=${AS_OF}&page=3`);
    expect(last.body).toContain('101 to 120 shown.');
    expect(workerLinks(last.body)).toEqual(Array.from({ length: 20 }, (_, i) => `W${20 - i}`));
  });

  it('reads a page number out of range or not a number as the nearest page', async () => {
    expect(workerLinks((await get(`/caseloads/workers?la=855&date=${AS_OF}&page=99`)).body)[0]).toBe('W20');
    expect(workerLinks((await get(`/caseloads/workers?la=855&date=${AS_OF}&page=abc`)).body)[0]).toBe('W120');
  });

  it('audits the workers shown on the page, and downloads hold everyone', async () => {
    await get(`/caseloads/workers?la=855&date=${AS_OF}&page=2`);
    const views = (await listAudit(handle.db, {})).filter((a) => a.action === 'view' && (a.detail as { pageNumber?: number }).pageNumber === 2);
    expect((views.at(-1)?.detail as { workerIds: string[] }).workerIds).toHaveLength(50);
    const csv = await get(`/caseloads/workers?la=855&date=${AS_OF}&format=csv`);
    expect(csv.body.trim().split('\n')).toHaveLength(121);
  });

  it('sorts by a column heading, keeping the order across pages, and says how it is sorted', async () => {
    const first = await get(`/caseloads/workers?la=855&date=${AS_OF}`);
    expect(first.body).not.toContain('aria-sort="descending"');
    expect(first.body).toContain(`href="/caseloads/workers?la=855&amp;date=${AS_OF}&amp;sort=caseload&amp;dir=desc"`);
    const smallest = await get(`/caseloads/workers?la=855&date=${AS_OF}&sort=caseload&dir=asc`);
    expect(smallest.body).toContain('120 workers, by caseload, smallest first: 1 to 50 shown.');
    expect(workerLinks(smallest.body).slice(0, 3)).toEqual(['W1', 'W2', 'W3']);
    expect(smallest.body).toContain(`&amp;sort=caseload&amp;dir=asc&amp;page=2`);
    const byName = await get(`/caseloads/workers?la=855&date=${AS_OF}&sort=name&dir=desc&page=1`);
    // Names sort as text: "Worker 99" comes before "Worker 98" and "Worker 120".
    expect(workerLinks(byName.body).slice(0, 2)).toEqual(['W99', 'W98']);
    expect(byName.body).toMatch(/aria-sort="descending"><a class="govuk-link app-sort-link" href="[^"]*sort=name&amp;dir=asc">Worker</);
  });

  it('pages a worker’s 120 allocations 25 at a time and audits only the children shown', async () => {
    const first = await get(`/caseloads/workers/W120?la=855&date=${AS_OF}`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('120 children, most recently allocated first: 1 to 25 shown.');
    expect([...first.body.matchAll(/<td class="govuk-table__cell">W120-C\d+<\/td>/g)]).toHaveLength(25);
    expect(first.body).toContain('page=5#open');
    const last = await get(`/caseloads/workers/W120?la=855&date=${AS_OF}&endedPage=1&page=5`);
    expect(last.body).toContain('101 to 120 shown.');
    const views = (await listAudit(handle.db, {})).filter((a) => a.action === 'view' && (a.detail as { page?: string; workerId?: string }).workerId === 'W120');
    expect((views.at(-1)?.detail as { childIds: string[] }).childIds).toHaveLength(20);
  });
});
