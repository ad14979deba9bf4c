import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, TEST_NOW, webFor, type Client } from '../support/server.ts';

const PLAN = [
  'ref,area,action,lead,due,measure,target,status,update',
  '1.1,Caseloads,Allocate every child,sm-lead,2024-03-01,unallocated_children,0,in progress,Weekly review started',
  '1.2,Caseloads,Keep caseloads down,Someone else,2030-03-31,cases_over_capacity,50,in progress,',
  '2.1,Oversight,Supervision audit,Someone else,2030-03-31,,,not started,',
].join('\n');
const AUDITS = ['child,team,audit date,auditor,grade,themes', 'C1001,T-ASS1,2024-03-31,QA,Good,', 'C1002,T-ASS1,2024-03-31,QA,Inadequate,management oversight', 'C1003,T-CINN,2024-03-31,QA,Requires improvement,'].join('\n');
const RISKS = ['ref,risk,owner,likelihood,impact,mitigations,measure,target,review date', 'R1,Caseloads stay high,Director,4,5,Recruitment,unallocated_children,0,2024-06-30'].join('\n');

describe.each(testDrivers())('the Improvement section on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let s: ReturnType<typeof services>;
  let analyst: Client;
  let viewer: Client;
  let lead: Client;
  let otherManager: Client;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    for (const [source, text] of [['plan', PLAN], ['audits', AUDITS], ['risks', RISKS]] as const) {
      await s.imports.run(source, { laCode: '855', fileName: `${source}.csv`, loadedBy: 'test', bytes: Buffer.from(text) });
    }
    app = await webFor(handle);
    analyst = clientFor(app, await signInAs(handle, 'analyst'));
    viewer = clientFor(app, await signInAs(handle, 'viewer'));
    lead = clientFor(app, await signInAs(handle, 'senior_manager', { username: 'sm-lead' }));
    otherManager = clientFor(app, await signInAs(handle, 'senior_manager'));
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('lists the plan with RAG as words and filters it by RAG, area and lead', async () => {
    const all = await viewer.get('/improvement?la=855');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('3 of 3 actions');
    expect(all.body).toContain('Red (from the figures)');
    expect(all.body).toContain('Not rated');
    const red = await viewer.get('/improvement?la=855&rag=red');
    expect(red.body).toContain('1 of 3 actions');
    expect(red.body).toContain('Allocate every child');
    expect(red.body).not.toContain('Keep caseloads down');
    expect((await viewer.get('/improvement?la=855&area=Oversight')).body).toContain('1 of 3 actions');
    expect((await viewer.get(`/improvement?la=855&lead=${encodeURIComponent('Someone else')}`)).body).toContain('2 of 3 actions');
  });

  it('shows an action with its update and its measure as a chart with a data table', async () => {
    const res = await viewer.get('/improvement/actions/1.1?la=855');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Weekly review started');
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('Show the data in this chart');
    expect(res.body).not.toContain('Add an update');
    expect((await viewer.get('/improvement/actions/9.9?la=855')).statusCode).toBe(404);
  });

  it('lets the lead add an update and change the status, and refuses another senior manager', async () => {
    expect((await lead.get('/improvement/actions/1.1?la=855')).body).toContain('Add an update');
    const posted = await lead.post('/improvement/actions/1.1/updates', { la: '855', text: 'Three children allocated this week' });
    expect(posted.statusCode).toBe(303);
    expect((await lead.post('/improvement/actions/1.1/status', { la: '855', status: 'complete' })).statusCode).toBe(303);
    const action = await s.improvement.action('855', '1.1');
    expect(action.updates.map((u) => [u.text, u.author])).toEqual([['Weekly review started', 'test'], ['Three children allocated this week', 'sm-lead']]);
    expect(action.view.status).toBe('complete');
    const refused = await otherManager.post('/improvement/actions/1.1/updates', { la: '855', text: 'Not mine' });
    expect(refused.statusCode).toBe(403);
    expect((await analyst.post('/improvement/actions/1.2/updates', { la: '855', text: '' })).statusCode).toBe(400);
    const log = await s.audit.recent({ laCodes: ['855'], limit: 100 });
    expect(log.filter((r) => r.action === 'improvement_changed').map((r) => r.actor)).toEqual(['sm-lead', 'sm-lead']);
  });

  it('shows audits by team with child-level rows for analysts, audited, and none for viewers', async () => {
    const mine = await analyst.get('/improvement/audits?la=855');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('C1002');
    expect(mine.body).toContain('id="audit-scatter"');
    const log = await s.audit.recent({ laCodes: ['855'], limit: 100 });
    expect(log.find((r) => r.action === 'view' && (r.detail as { page?: string }).page === 'improvement-audits')?.detail).toMatchObject({ childIds: ['C1001', 'C1002', 'C1003'] });
    const theirs = await viewer.get('/improvement/audits?la=855');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toMatch(/C100\d/);
    expect(theirs.body).not.toContain('id="audit-scatter"');
    // Two audits in Assessment 1: a count of 1-5, shown as c with its percentages.
    expect(theirs.body).toMatch(/Assessment 1<\/th>\s*<td[^>]*>c<\/td>/);
  });

  it('shows the risk register scored and banded, and downloads the action plan', async () => {
    const risks = await viewer.get('/improvement/risks?la=855');
    expect(risks.body).toContain('20 Very high');
    const docx = await viewer.get('/improvement/report?la=855&format=docx');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('improvement-plan-855-');
    expect((await viewer.get('/improvement/report?la=855&format=pdf')).statusCode).toBe(400);
  });
});
