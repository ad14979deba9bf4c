import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import { testDrivers } from '../support/databases.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, webFor, type Client } from '../support/server.ts';

const q = `?la=855&date=${SEED_DATE}`;
const CHILD_ID = /\bC\d{4}\b/g;
const withoutNonce = (html: string) => html.replace(/ nonce="[0-9a-f]+"/g, '');

describe.each(testDrivers())('team and council scope on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let assessmentManager: Client;
  let cinManager: Client;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db, '855');
    await seedSmallCouncil(handle.db, '856');
    await upsertLaSetting(handle.db, '856', { laName: 'Otherville' });
    app = await webFor(handle);
    assessmentManager = clientFor(app, await signInAs(handle, 'team_manager', { teamIds: ['T-ASS1'] }));
    cinManager = clientFor(app, await signInAs(handle, 'team_manager', { teamIds: ['S-CIN'] }));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('shows a team manager their own team, its workers and its unallocated children', async () => {
    const team = await assessmentManager.get(`/caseloads/teams/T-ASS1${q}`);
    expect(team.statusCode).toBe(200);
    expect(team.body).toContain('Alex Able');
    for (const c of ['C0047', 'C0048', 'C0049']) expect(team.body).toContain(c);
    const worker = await assessmentManager.get(`/caseloads/workers/W1${q}`);
    expect(worker.statusCode).toBe(200);
    expect(worker.body).toContain('C0001');
  });

  it('answers 404, exactly as for a team that does not exist, for another team’s page, its parents, and its download', async () => {
    const missing = await assessmentManager.get(`/caseloads/teams/NO-SUCH-TEAM${q}`);
    expect(missing.statusCode).toBe(404);
    for (const id of ['T-CINN', 'L-N', 'S-CIN', 'S-ASS']) {
      for (const suffix of ['', '&format=csv', '&format=xlsx']) {
        const res = await assessmentManager.get(`/caseloads/teams/${id}${q}${suffix}`);
        expect(res.statusCode, `${id}${suffix}`).toBe(404);
        expect(withoutNonce(res.body)).toBe(withoutNonce(missing.body));
        expect(res.body.match(CHILD_ID)).toBeNull();
        expect(res.body).not.toContain('Cam Carter');
      }
    }
  });

  it('answers 404 for another team’s worker, and so never shows their children', async () => {
    for (const id of ['W3', 'W4']) {
      const res = await assessmentManager.get(`/caseloads/workers/${id}${q}`);
      expect(res.statusCode, id).toBe(404);
      expect(res.body).toContain('There is no such worker');
      expect(res.body.match(CHILD_ID)).toBeNull();
    }
  });

  it('filters a team manager’s worker list and its downloads to their teams', async () => {
    const list = await assessmentManager.get(`/caseloads/workers${q}`);
    expect(list.body).toContain('Alex Able');
    expect(list.body).toContain('Bo Baker');
    expect(list.body).not.toContain('Cam Carter');
    expect(list.body).not.toContain('Dee Dawson');
    const csv = await assessmentManager.get(`/caseloads/workers${q}&format=csv`);
    expect(csv.body).toContain('W1,Alex Able');
    expect(csv.body).not.toContain('Cam Carter');
    expect(csv.body).not.toContain('Dee Dawson');
  });

  it('lets a manager of a service reach every locality and team under it, and nothing beside it', async () => {
    for (const id of ['S-CIN', 'L-N', 'T-CINN']) expect((await cinManager.get(`/caseloads/teams/${id}${q}`)).statusCode, id).toBe(200);
    expect((await cinManager.get(`/caseloads/workers/W3${q}`)).statusCode).toBe(200);
    expect((await cinManager.get(`/caseloads/teams/T-ASS1${q}`)).statusCode).toBe(404);
    expect((await cinManager.get(`/caseloads/workers/W1${q}`)).statusCode).toBe(404);
  });

  it('still shows a team manager the council’s aggregate figures for every team', async () => {
    const table = await assessmentManager.get(`/caseloads${q}`);
    expect(table.statusCode).toBe(200);
    expect(table.body).toContain('>CIN North<');
    expect(table.body).toContain('>Assessment 1<');
    expect(table.body.match(CHILD_ID)).toBeNull();
  });

  it('keeps a user to their councils: others are never offered, and their imports are not found', async () => {
    const otherOnly = clientFor(app, await signInAs(handle, 'analyst', { laCodes: ['856'] }));
    const page = await otherOnly.get(`/caseloads${q}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Otherville');
    expect(page.body).not.toContain('Testshire');
    expect(page.body).not.toContain('value="855"');
    const batch855 = await handle.db.selectFrom('import_batch').select('id').where('la_code', '=', '855').executeTakeFirstOrThrow();
    expect((await otherOnly.get(`/data/imports/${batch855.id}`)).statusCode).toBe(404);
    const data = await otherOnly.get('/data');
    expect(data.body).not.toMatch(/<td class="govuk-table__cell">855<\/td>/);
    const admin856 = await signInAs(handle, 'admin', { laCodes: ['856'] });
    const post = await clientFor(app, admin856).post('/settings/standard', { la: '855', profile: 'outstanding-7-10' });
    expect(post.statusCode).toBe(404);
  });
});
