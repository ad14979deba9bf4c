import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { testDrivers } from '../support/databases.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { signInAs, webFor, type SignedIn } from '../support/server.ts';

describe.each(testDrivers())('caseload pages on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: SignedIn;
  const q = `?la=855&date=${SEED_DATE}`;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    app = await webFor(handle);
    admin = await signInAs(handle, 'admin');
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
    return { status: res.statusCode, body: res.body, headers: res.headers, raw: res.rawPayload };
  };

  it('overview shows the headline cards with the right figures and links', async () => {
    const r = await get(`/overview${q}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('Overview at 31 March 2024');
    const card = (label: string) => new RegExp(`app-card__value">([^<]*)</span>\\s*<span class="app-card__label">${label}`).exec(r.body)?.[1];
    expect(card('Children open')).toBe('73');
    expect(card('Workers over their standard')).toBe('3');
    expect(card('Unallocated children')).toBe('3');
    expect(card('ASYEs over their protected caseload')).toBe('1');
    expect(card('Agency share of case-holding FTE')).toBe('29%');
    expect(r.body).toContain(`href="/caseloads/teams/T-ASS1${q.replace(/&/g, '&amp;')}"`);
    expect(r.body).toContain('role="img"');
    expect(r.body).toContain('Show the data in this chart');
  });

  it('caseloads lists services, localities and teams with RAG tags, and sorts by a column', async () => {
    const r = await get(`/caseloads${q}`);
    expect(r.status).toBe(200);
    const table = r.body.slice(r.body.indexOf('<table'));
    const order = ['Assessment', 'Assessment 1', 'Children in Need', 'North', 'CIN North'].map((n) => table.indexOf(`>${n}<`));
    expect(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1]!))).toBe(true);
    expect(r.body).toContain('Well over standard');
    const sorted = await get(`/caseloads${q}&sort=averagePerFte&dir=asc`);
    expect(sorted.body.indexOf('>CIN North<')).toBeLessThan(sorted.body.indexOf('>Assessment 1<'));
    expect(sorted.body).toContain('aria-sort="ascending"');
  });

  it('filters the caseloads table by service', async () => {
    const r = await get(`/caseloads${q}&service=S-CIN`);
    expect(r.body).toContain('>CIN North<');
    expect(r.body).not.toContain('>Assessment 1<');
  });

  it('downloads the team table as CSV and as XLSX with numeric cells', async () => {
    const csv = await get(`/caseloads${q}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('caseloads-by-team-855-2024-03-31.csv');
    expect(csv.body).toMatch(/T-ASS1,Assessment 1,S-ASS,2,2,49,46,23,3,23,40,-9,9,0\.5,/);
    const xlsx = await get(`/caseloads${q}&format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2).values as unknown[];
    expect(row.slice(1, 7)).toEqual(['T-ASS1', 'Assessment 1', 'S-ASS', 2, 2, 49]);
  });

  it('team page lists workers with flags, and its unallocated children', async () => {
    const r = await get(`/caseloads/teams/T-ASS1${q}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<h1 class="govuk-heading-l">Assessment 1');
    expect(r.body).toContain('Alex Able');
    expect(r.body).toContain('Over maximum');
    expect(r.body).toContain('Too few direct reports');
    for (const c of ['C0047', 'C0048', 'C0049']) expect(r.body).toContain(c);
    expect(r.body).not.toContain('C0001<');
  });

  it('worker page lists the children allocated and the allocations ended in the last year', async () => {
    const r = await get(`/caseloads/workers/W1${q}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('Alex Able');
    expect(r.body).toContain('25 children');
    expect(r.body).toContain('C0001');
    expect(r.body).toContain('C0025');
    expect(r.body).not.toContain('C0026');
    expect(r.body).toContain('C9999');
  });

  it('workers list filters by flag, employment and role', async () => {
    const asye = await get(`/caseloads/workers${q}&flag=asye`);
    expect(asye.body).toContain('Dee Dawson');
    expect(asye.body).not.toContain('Alex Able');
    const agency = await get(`/caseloads/workers${q}&employment=agency`);
    expect(agency.body).toContain('Bo Baker');
    expect(agency.body).not.toContain('Cam Carter');
  });

  it('an unknown team or worker is a 404 and a bad date is a 400', async () => {
    expect((await get(`/caseloads/teams/NOPE${q}`)).status).toBe(404);
    expect((await get(`/caseloads/workers/NOPE${q}`)).status).toBe(404);
    const bad = await get('/caseloads?la=855&date=2024-02-31');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('The date must be a real date');
  });

  it('settings change the standard the caseloads are measured against', async () => {
    const page = await get('/settings?la=855');
    expect(page.body).toContain('value="local-18-20" checked');
    const post = await app.inject({ method: 'POST', url: '/settings/standard', payload: `la=855&profile=outstanding-7-10&_csrf=${admin.csrf}`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie } });
    expect(post.statusCode).toBe(303);
    expect((await get('/settings?la=855&saved=1')).body).toContain('value="outstanding-7-10" checked');
    const team = await get(`/caseloads${q}&format=csv`);
    expect(team.body).toMatch(/T-CINN,CIN North,L-N,2,1\.5,24,24,16,0,12,/);
    await app.inject({ method: 'POST', url: '/settings/standard', payload: `la=855&profile=local-18-20&_csrf=${admin.csrf}`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie } });
  });
});
