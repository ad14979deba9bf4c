import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { buildGoldenFlowData } from '../../src/domain/flow/golden-fixture.ts';
import { axeViolations, launchBrowser, screenshot, signInWithForm } from '../support/browser.ts';
import { testDrivers } from '../support/databases.ts';
import { insertFlowData } from '../support/events.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { services } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { signInAs, TEST_NOW, TEST_OPERATOR, TEST_PASSWORD, webFor } from '../support/server.ts';
import { fixturePath } from '../support/fixtures.ts';

describe('manager journeys in a browser', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    handle = await testDrivers()[0]!.open();
    await seedSmallCouncil(handle.db);
    await insertFlowData(handle.db, '855', buildGoldenFlowData(), '2024-03-31');
    // Two saved scenarios and a cost model, so the planning pages show costs, tables and a comparison.
    const s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    await s.planning.setCostModel(
      '855',
      { name: 'Testshire pay', grades: { social_worker: { grade: 'Grade 10', annualSalaryPence: 4200000 }, team_manager: { annualSalaryPence: 5500000 } }, onCostsPercent: 30, agency: { basis: 'day_rate', dayRatePence: { social_worker: 40000 } } },
      { actor: 'test' },
    );
    await s.planning.saveScenario('855', { name: 'Option A', description: 'Two more social workers', changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: 1, count: 2 }, { type: 'convert_agency', team: 'T-ASS1' }] }, { actor: 'test' });
    await s.planning.saveScenario('855', { name: 'Option B', changes: [{ type: 'demand', team: 'T-CINN', factor: 1.2 }] }, { actor: 'test' });
    const improvement = {
      plan: 'ref,area,action,lead,due,measure,target,update\n1.1,Caseloads,Allocate every child,Head of Service,2024-03-01,unallocated_children,0,Weekly review\n2.1,Oversight,Supervision audit,Head of Service,2024-06-30,,,\n',
      audits: 'child,team,audit date,auditor,grade\nC1,T-ASS1,2024-03-31,QA,Good\nC2,T-CINN,2024-03-31,QA,Inadequate\n',
      risks: 'ref,risk,owner,likelihood,impact,mitigations,review date\nR1,Caseloads stay high,Director,4,5,Recruitment,2024-06-30\n',
    };
    for (const [source, text] of Object.entries(improvement)) await s.imports.run(source as keyof typeof improvement, { laCode: '855', fileName: `${source}.csv`, loadedBy: 'test', bytes: Buffer.from(text) });
    // A regional pool the council consents to, so the pool pages have a council to compare.
    await s.pools.create('London', TEST_OPERATOR);
    await s.pools.consent('London', '855', TEST_OPERATOR);
    app = await webFor(handle);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
    // The seeded council is not synthetic, so sign-in is required: an administrator signs in once with the form.
    const admin = await signInAs(handle, 'admin');
    context = await browser.newContext();
    const page = await context.newPage();
    await signInWithForm(page, base, admin.username, TEST_PASSWORD);
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(`${base}${path}`);
    expect(res?.status(), path).toBe(200);
    return page;
  }

  it('goes from the overview to the most pressured team and its workers over their standard', async () => {
    const page = await open(`/overview?la=855&date=${SEED_DATE}`);
    expect(await page.locator('h1').textContent()).toContain('Overview at 31 March 2024');
    await screenshot(page, 'overview');
    await page.getByRole('link', { name: 'Assessment 1' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Assessment 1');
    expect(await page.getByText('Well over standard').count()).toBeGreaterThan(0);
    const overMax = page.locator('tr', { hasText: 'Over maximum' });
    expect(await overMax.count()).toBe(2);
    await screenshot(page, 'team');
    await page.getByRole('link', { name: 'Alex Able' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Alex Able');
    expect(await page.getByText('C0001').count()).toBe(1);
    await screenshot(page, 'worker');
    await page.close();
  });

  it('uploads the shared Annex A sample and reads its validation report', async () => {
    const page = await open('/data');
    await page.getByLabel('Ofsted Annex A').check();
    await page.getByLabel('Local authority number').fill('855');
    const extract = page.getByRole('group', { name: /Extract date/ });
    await extract.getByLabel('Day').fill('15');
    await extract.getByLabel('Month').fill('3');
    await extract.getByLabel('Year').fill('2021');
    await page.setInputFiles('input[type=file]', fixturePath('annex-a/annex-a-sample.xlsx'));
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Check before importing');
    await page.getByRole('button', { name: 'Confirm and import' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Import');
    await expect.poll(() => page.locator('h1').textContent()).toContain('annex-a-sample.xlsx');
    expect(await page.getByText('Placement postcode: "nope" is not a UK postcode').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Dates the figures can use this file for' }).count()).toBe(1);
    await page.getByLabel('Show').selectOption('error');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.url()).toContain('severity=error');
    await screenshot(page, 'import-report');
    await page.close();
  });

  it('fits a pool’s page at 390 px: its wide tables scroll inside themselves, never the page', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 900 });
    const res = await page.goto(`${base}/pools/1`);
    expect(res?.status()).toBe(200);
    const fits = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect({ ...fits, fits: fits.scrollWidth <= fits.innerWidth }).toMatchObject({ fits: true });
    await screenshot(page, 'pool-390');
    await page.close();
  });

  it('has no WCAG 2.2 AA violations on any page', async () => {
    const pages = [
      '/',
      `/overview?la=855&date=${SEED_DATE}`,
      `/caseloads?la=855&date=${SEED_DATE}`,
      `/caseloads?la=855&date=${SEED_DATE}&sort=averagePerFte&dir=desc`,
      `/caseloads/workers?la=855&date=${SEED_DATE}`,
      `/caseloads/teams/T-ASS1?la=855&date=${SEED_DATE}`,
      `/caseloads/workers/W1?la=855&date=${SEED_DATE}`,
      '/performance?la=855&year=2023-24',
      '/benchmarks?la=855',
      '/data',
      '/data/imports/1',
      '/settings?la=855',
      '/settings/standard/custom?la=855',
      '/account',
      '/status',
      '/admin/users',
      '/admin/users/new',
      '/admin/audit',
      '/planning?la=855',
      '/planning/scenarios/new?la=855',
      '/planning/scenarios/Option%20A?la=855',
      '/planning/compare?la=855&name=Option%20A&name=Option%20B',
      '/planning/costs?la=855',
      '/forecast?la=855',
      '/improvement?la=855',
      '/improvement/actions/1.1?la=855',
      '/improvement/audits?la=855',
      '/improvement/risks?la=855',
      '/pools',
      '/pools/1',
      '/admin/pools',
    ];
    for (const path of pages) {
      const page = await open(path);
      const violations = await axeViolations(page);
      expect({ path, violations }).toEqual({ path, violations: [] });
      await screenshot(page, `a11y-${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'start'}`);
      await page.close();
    }
  });
});
