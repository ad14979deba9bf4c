import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, TEST_NOW, webFor, type Client, type SignedIn } from '../support/server.ts';

const NAME = 'Two more social workers';
const PATH = `/planning/scenarios/${encodeURIComponent(NAME)}`;

const COST_MODEL = {
  name: 'Testshire pay 2024-25',
  laCode: '855',
  grades: {
    social_worker: { grade: 'Grade 10, SCP 30', annualSalaryPence: 4200000 },
    team_manager: { grade: 'Grade 13, SCP 42', annualSalaryPence: 5500000 },
  },
  onCostsPercent: 30,
  agency: { basis: 'day_rate', dayRatePence: { social_worker: 40000 } },
  recruitment: { incentivePence: 200000, retentionPence: 100000 },
  vacancyFactorPercent: 3,
};

/** COST_MODEL as the cost model form posts it, in pounds. */
const COST_FORM = {
  la: '855',
  name: 'Testshire pay 2024-25',
  'grade-social_worker': 'Grade 10, SCP 30',
  'salary-social_worker': '42,000',
  'grade-team_manager': 'Grade 13, SCP 42',
  'salary-team_manager': '£55000.00',
  'dayRate-social_worker': '400',
  onCostsPercent: '30',
  agencyBasis: 'day_rate',
  workingDays: '220',
  incentive: '2000',
  retention: '1000',
  vacancyFactorPercent: '3',
};

/** The cells of a team's row in the page's first table (before and after, by team). */
function beforeAfterRow(html: string, team: string): string[] {
  const table = html.slice(html.indexOf('Before and after, by team'), html.indexOf('Posts still needed'));
  const row = table.split('<tr class="govuk-table__row">').find((r) => r.includes(`>${team}</td>`));
  if (!row) throw new Error(`no row for ${team}`);
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.trim());
}

function errorSummary(html: string): string {
  const start = html.indexOf('govuk-error-summary');
  return start < 0 ? '' : html.slice(start, html.indexOf('</div>', html.indexOf('govuk-error-summary__body')));
}

describe.each(testDrivers())('planning pages on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let s: Services;
  let analyst: SignedIn;
  let as: Client;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    app = await webFor(handle);
    analyst = await signInAs(handle, 'analyst');
    as = clientFor(app, analyst);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const versionCount = async (name: string) => (await s.planning.versions('855', name)).length;

  it('creates a scenario with the form, refusing a missing or repeated name', async () => {
    const index = await as.get('/planning?la=855');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('No scenario has been saved');
    expect(index.body).toContain('No cost model is set');
    expect(index.body).toContain('href="/planning"');

    const form = await as.get('/planning/scenarios/new?la=855');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="_csrf"');

    const blank = await as.post('/planning/scenarios', { la: '855', name: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(errorSummary(blank.body)).toContain('href="#name"');
    expect(blank.body).toContain('Enter a name for the scenario');

    const badDate = await as.post('/planning/scenarios', { la: '855', name: NAME, 'asOf-day': '31', 'asOf-month': '2', 'asOf-year': '2024' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Date must be a real date');

    const created = await as.post('/planning/scenarios', { la: '855', name: NAME, description: 'Option A: two posts in Assessment 1' });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe(`${PATH}?la=855&saved=created`);
    const page = await as.get(String(created.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1 class="govuk-heading-l">${NAME}</h1>`);
    expect(page.body).toContain('No changes yet');
    expect(page.body).toContain('Version 1, saved by');

    const again = await as.post('/planning/scenarios', { la: '855', name: NAME });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a scenario called');
    expect(await versionCount(NAME)).toBe(1);
  });

  it('adds two social worker posts to Assessment 1 and shows its average per FTE fall', async () => {
    const before = beforeAfterRow((await as.get(`${PATH}?la=855`)).body, 'Assessment 1');
    // The average caseload counts the 46 children workers hold; the 3 unallocated are beside it.
    expect(before.slice(1, 9)).toEqual(['49', '49', '2.00', '2.00', '23.0', '23.0', '3', '3']);

    const res = await as.post(`${PATH}/changes`, { la: '855', version: '1', type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: '1', count: '2', startDate: '' });
    expect(res.statusCode).toBe(303);
    const page = await as.get(String(res.headers.location));
    expect(page.body).toContain('The change has been added');
    expect(page.body).toContain('Added 2 social worker posts of 1 FTE to Assessment 1');
    const after = beforeAfterRow(page.body, 'Assessment 1');
    expect(after.slice(1, 6)).toEqual(['49', '49', '2.00', '4.00', '23.0']);
    expect(Number(after[6])).toBeLessThan(23);
    expect(Number(after[6])).toBeCloseTo(11.5, 1);
    expect(page.body).toContain('Version 2, saved by');
    expect(await versionCount(NAME)).toBe(2);
  });

  it('refuses an invalid change, naming the field, and saves nothing', async () => {
    const negative = await as.post(`${PATH}/changes`, { la: '855', version: '2', type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: '-1', count: '1' });
    expect(negative.statusCode).toBe(400);
    const summary = errorSummary(negative.body);
    expect(summary).toContain('href="#add_posts-fte"');
    expect(summary).toContain('FTE of each post: must be more than 0 and at most 1 (got -1)');
    expect(negative.body).toContain('id="add_posts-fte-error"');
    expect(negative.body).toContain('value="-1"');

    const unknownTeam = await as.post(`${PATH}/changes`, { la: '855', version: '2', type: 'demand', team: 'T99', factor: '1.1' });
    expect(unknownTeam.statusCode).toBe(400);
    expect(errorSummary(unknownTeam.body)).toContain('Team: there is no team &quot;T99&quot;');

    const unknownType = await as.post(`${PATH}/changes`, { la: '855', version: '2', type: 'colour_team' });
    expect(unknownType.statusCode).toBe(400);
    expect(errorSummary(unknownType.body)).toContain('changes[1].type');

    const stale = await as.post(`${PATH}/changes`, { la: '855', version: '1', type: 'set_profile', profile: 'cipfa-14-17' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('was saved again (version 2)');

    expect(await versionCount(NAME)).toBe(2);
    expect((await s.planning.scenario('855', NAME)).scenario.changes).toHaveLength(1);
  });

  it('removes a change, saving a new version, and shows an older version read-only', async () => {
    const res = await as.post(`${PATH}/changes/0/remove`, { la: '855', version: '2' });
    expect(res.statusCode).toBe(303);
    const page = await as.get(String(res.headers.location));
    expect(page.body).toContain('The change has been removed');
    expect(page.body).toContain('No changes yet');
    expect(await versionCount(NAME)).toBe(3);

    const old = await as.get(`${PATH}?la=855&version=2`);
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain('This is an earlier version, shown read-only');
    expect(old.body).toContain('Added 2 social worker posts');
    expect(old.body).not.toContain('/changes/0/remove');
    expect((await as.get(`${PATH}?la=855&version=9`)).statusCode).toBe(404);

    expect((await as.post(`${PATH}/changes/5/remove`, { la: '855', version: '3' })).statusCode).toBe(404);
    await as.post(`${PATH}/changes`, { la: '855', version: '3', type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: '1', count: '2' });
    expect(await versionCount(NAME)).toBe(4);
  });

  it('saves the risks of not investing as paragraphs', async () => {
    const res = await as.post(`${PATH}/risks`, { la: '855', version: '4', risks: 'Caseloads stay above 24.\r\n\r\nAgency spend grows.\n' });
    expect(res.statusCode).toBe(303);
    expect((await s.planning.scenario('855', NAME)).risks).toEqual(['Caseloads stay above 24.', 'Agency spend grows.']);
    const page = await as.get(String(res.headers.location));
    expect(page.body).toContain('Caseloads stay above 24.\n\nAgency spend grows.');
  });

  it('explains that the business case needs a cost model, then takes one from the form and shows the costs', async () => {
    const page = await as.get(`${PATH}?la=855`);
    expect(page.body).toContain('No cost model is set for this council');
    const none = await as.get(`${PATH}/business-case?la=855&format=docx`);
    expect(none.statusCode).toBe(409);
    expect(none.body).toContain('The business case cannot be costed yet');

    const costs = await as.get('/planning/costs?la=855');
    expect(costs.statusCode).toBe(200);
    expect(costs.body).toContain('No cost model is set for this council yet');

    // The form starts from Headroom's documented defaults, in pounds.
    expect(costs.body).toContain('value="41500"');
    expect(costs.body).toContain('starting figures for each role');

    const notPounds = await as.post('/planning/costs', { ...COST_FORM, 'salary-social_worker': '42k' });
    expect(notPounds.statusCode).toBe(400);
    expect(errorSummary(notPounds.body)).toContain('href="#salary-social_worker"');
    expect(errorSummary(notPounds.body)).toContain('The annual salary for a social worker must be an amount in pounds');
    expect(notPounds.body).toContain('id="salary-social_worker-error"');
    expect(notPounds.body).toContain('value="42k"');

    const incomplete = await as.post('/planning/costs', { ...COST_FORM, 'grade-team_manager': '', 'salary-team_manager': '' });
    expect(incomplete.statusCode).toBe(400);
    expect(errorSummary(incomplete.body)).toContain('href="#salary-team_manager"');
    expect(errorSummary(incomplete.body)).toContain('The cost model has no pay grade for team manager, needed for');
    expect(await s.planning.costModel('855')).toBeNull();

    const saved = await as.post('/planning/costs', COST_FORM);
    expect(saved.statusCode).toBe(303);
    const shown = await as.get(String(saved.headers.location));
    expect(shown.body).toContain('The cost model has been saved');
    expect(shown.body).toContain('Testshire pay 2024-25, version 1, saved by ' + analyst.username);
    expect(shown.body).toContain('£42,000.00');
    expect(shown.body).toContain('30% of salary');
    expect(shown.body).toContain('£400.00');
    expect(shown.body).toContain('value="42000"');
    const audited = (await s.audit.recent({ limit: 50 })).filter((r) => r.action === 'settings_changed' && (r.detail as { what?: string }).what === 'cost model');
    expect(audited.map((r) => [r.actor, r.laCode, (r.detail as { version: number }).version])).toEqual([[analyst.username, '855', 1]]);

    const costed = await as.get(`${PATH}?la=855`);
    expect(costed.body).toContain('Establishment cost today (full year)');
    expect(costed.body).toContain('Full-year pressure');
    // Two new social workers: 2 × £42,000 × 1.3 less the 3% vacancy factor.
    expect(costed.body).toContain('£105,924.00');
    // The savings vocabulary of the business case, and costs that roll up to the service.
    expect(costed.body).toContain('Gross agency cost avoided');
    expect(costed.body).toContain('Cost of the new permanent posts that replace them');
    expect(costed.body).toContain('Net saving from making agency posts permanent');
    expect(costed.body).toContain('Costs by service and team');
    expect(costed.body).toContain('<strong>Council total</strong>');
    expect(costed.body).toContain('format=docx');
  });

  it('downloads the business case as Word, Excel and a web page, each audited', async () => {
    const types = { docx: 'wordprocessingml', xlsx: 'spreadsheetml', html: 'text/html' };
    for (const [format, type] of Object.entries(types)) {
      const res = await as.get(`${PATH}/business-case?la=855&format=${format}`);
      expect(res.statusCode, format).toBe(200);
      expect(String(res.headers['content-type'])).toContain(type);
      expect(res.rawPayload.length).toBeGreaterThan(0);
      if (format === 'html') {
        expect(res.body).toContain(NAME);
        expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
        expect(res.body).not.toContain('Alex Able');
        expect(res.body).toContain('How we compare: England, region and statistical neighbours');
      } else {
        expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
        expect(String(res.headers['content-disposition'])).toContain(`business-case-855-two-more-social-workers-v5.${format}`);
      }
    }
    const rows = (await s.audit.recent({ limit: 100 })).filter((r) => r.action === 'export' && (r.detail as { download?: string }).download === 'business-case');
    expect(rows.map((r) => (r.detail as { format: string }).format).sort()).toEqual(['docx', 'html', 'xlsx']);
    expect(rows.every((r) => r.actor === analyst.username && r.laCode === '855')).toBe(true);
    expect((await as.get(`${PATH}/business-case?la=855&format=pdf`)).statusCode).toBe(400);
  });

  it('compares two scenarios with today, team by team, with their costs', async () => {
    await as.post('/planning/scenarios', { la: '855', name: 'More demand' });
    const added = await as.post('/planning/scenarios/More%20demand/changes', { la: '855', version: '1', type: 'demand', team: 'T-CINN', factor: '1.5' });
    expect(added.statusCode).toBe(303);
    const index = await as.get('/planning?la=855');
    expect(index.body).toContain('Compare scenarios with today');
    expect(index.body).toContain('Testshire pay 2024-25 (version 1)');

    const res = await as.get(`/planning/compare?la=855&name=${encodeURIComponent(NAME)}&name=More%20demand`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Compare scenarios');
    expect(res.body).toContain('<td class="govuk-table__cell">More demand</td>');
    expect(res.body).toContain(`<td class="govuk-table__cell">${NAME}</td>`);
    expect(res.body).toContain('<strong>Total</strong>');
    expect(res.body).toContain('£105,924.00');

    const slashed = await as.post('/planning/scenarios', { la: '855', name: 'Option 1/2 & more?' });
    expect(slashed.statusCode).toBe(303);
    const odd = await as.get(String(slashed.headers.location));
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toContain('Option 1/2 &amp; more?</h1>');

    const none = await as.get('/planning/compare?la=855');
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select at least one scenario');
    const four = await as.get('/planning/compare?la=855&name=a&name=b&name=c&name=d');
    expect(four.statusCode).toBe(400);
    expect(four.body).toContain('Select at most 3 scenarios');
  });

  it('refuses a form without its CSRF token, and refuses team managers and viewers', async () => {
    const forged = await as.post('/planning/scenarios', { _csrf: 'not-the-token', la: '855', name: 'Forged' });
    expect(forged.statusCode).toBe(403);
    expect(await s.planning.scenarios('855')).toHaveLength(3);
    for (const role of ['team_manager', 'viewer'] as const) {
      const who = clientFor(app, await signInAs(handle, role, role === 'team_manager' ? { teamIds: ['T-ASS1'] } : {}));
      expect((await who.get('/planning?la=855')).statusCode, role).toBe(403);
      expect((await who.get(`${PATH}?la=855`)).statusCode, role).toBe(403);
      expect((await who.post('/planning/scenarios', { la: '855', name: 'Not allowed' })).statusCode, role).toBe(403);
      expect((await who.get('/?la=855')).body, role).not.toContain('href="/planning"');
    }
  });
});
