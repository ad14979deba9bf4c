import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { createWeb } from '../../src/web/server.ts';
import { axeViolations, launchBrowser, screenshot, signInWithForm } from '../support/browser.ts';
import { testDrivers } from '../support/databases.ts';

/**
 * Council staff on Demoshire without the command line: finance sets the cost model and costs a
 * scenario, an administrator adds a user who then signs in, the long tables page and sort, and
 * the main pages fit a 390 px phone as well as a 1280 px screen.
 */
describe('Demoshire without the command line', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let s: Services;

  beforeAll(async () => {
    handle = await testDrivers()[0]!.open();
    const logger = createLogger({ level: 'silent' });
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2025-11-22T09:00:00Z'), logger });
    await s.demo.load({ seed: 1, las: 1, endDate: '2025-10-31' });
    app = await createWeb(s, { logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  async function open(path: string, width = 1280): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const res = await page.goto(`${base}${path}`);
    expect(res?.status(), path).toBe(200);
    return page;
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect({ url: page.url(), violations: await axeViolations(page) }).toEqual({ url: page.url(), violations: [] });
  }

  it('saves the prefilled cost model first time, then costs a scenario made with the forms', async () => {
    const la = (await s.system.laCodes())[0]!;
    const costs = await open(`/planning/costs?la=${la}`);
    expect(await costs.getByText('No cost model is set for this council yet').count()).toBe(1);
    await expectAccessible(costs);
    await costs.getByRole('button', { name: 'Save cost model' }).click();
    await expect.poll(() => costs.getByText('The cost model has been saved').count()).toBe(1);
    expect(await costs.getByText('Social worker in their ASYE').count()).toBeGreaterThan(0);
    await costs.close();

    const page = await open(`/planning/scenarios/new?la=${la}`);
    await page.getByLabel('Name', { exact: true }).fill('Make agency permanent');
    await page.getByRole('button', { name: /Create/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Make agency permanent');
    // The change forms come before the figures.
    const formsAt = await page.getByRole('heading', { name: 'Add a change' }).boundingBox();
    const costsAt = await page.getByRole('heading', { name: 'Costs', exact: true }).boundingBox();
    expect(formsAt!.y).toBeLessThan(costsAt!.y);
    await page.locator('summary', { hasText: 'Make agency posts permanent' }).click();
    await page.getByRole('button', { name: 'Make agency posts permanent' }).click();
    await expect.poll(() => page.getByText('The change has been added').count()).toBe(1);
    expect(await page.getByText('Gross agency cost avoided').count()).toBeGreaterThan(0);
    expect(await page.getByText('Net saving from making agency posts permanent').count()).toBe(1);
    expect(await page.getByText('Council total').count()).toBeGreaterThan(0);
    // Teams are offered by name, not by id.
    expect(await page.locator('#add_posts-team option').allTextContents()).not.toContainEqual(expect.stringMatching(/\(T-/));
    await expectAccessible(page);
    await page.close();
  }, 120_000);

  it('pages and sorts the long tables', async () => {
    const la = (await s.system.laCodes())[0]!;
    const workers = await open(`/caseloads/workers?la=${la}`);
    await workers.getByRole('link', { name: 'Caseload', exact: true }).click();
    await expect.poll(() => workers.locator('p', { hasText: 'by caseload, largest first' }).count()).toBe(1);
    const caseloads = (await workers.locator('tbody tr td:nth-child(5)').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
    expect(caseloads).toEqual([...caseloads].sort((a, b) => b - a));
    const busiest = await workers.locator('tbody tr a').first().getAttribute('href');
    await expectAccessible(workers);
    await workers.close();

    const worker = await open(busiest!);
    const rows = await worker.locator('#open ~ table').first().locator('tbody tr').count();
    expect(rows).toBeLessThanOrEqual(25);
    await expectAccessible(worker);
    await worker.close();

    const audit = await open('/admin/audit');
    expect(await audit.locator('tbody tr').count()).toBeLessThanOrEqual(25);
    expect(await audit.locator('.app-audit-detail', { hasText: '["' }).count()).toBe(0);
    await expectAccessible(audit);
    await audit.close();
  }, 120_000);

  it('lets an administrator add a user who then signs in with their password', async () => {
    const page = await open('/admin/users/new');
    await expectAccessible(page);
    await page.getByLabel('Username').fill('a.analyst');
    await page.getByLabel('Full name (optional)').fill('Ash Analyst');
    await page.getByLabel('Analyst', { exact: true }).check();
    await page.getByLabel('Password', { exact: true }).fill('orchard lantern marble kettle');
    await page.getByLabel('Type the password again').fill('orchard lantern marble kettle');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => page.getByText('The user has been added').count()).toBe(1);
    await expectAccessible(page);
    await page.close();
    const rows = (await s.audit.recent({ limit: 50 })).filter((r) => r.action === 'user_added');
    expect(rows.map((r) => (r.detail as { username: string }).username)).toContain('a.analyst');
    // Demo mode signs visitors in as the demo administrator; the sign-in form still signs in a named user.
    const context = await browser.newContext();
    const signIn = await context.newPage();
    await signInWithForm(signIn, base, 'a.analyst', 'orchard lantern marble kettle');
    await signIn.goto(`${base}/account`);
    expect(await signIn.getByText('a.analyst').count()).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it('fits the overview, a team, the scenario and the performance pages at 1280 and 390 px, with every chart label whole', async () => {
    const la = (await s.system.laCodes())[0]!;
    const team = (await s.system.teams(la)).find((t) => t.name.startsWith('Assessment'))!;
    const pages = {
      overview: `/overview?la=${la}`,
      team: `/caseloads/teams/${encodeURIComponent(team.teamId)}?la=${la}`,
      caseloads: `/caseloads?la=${la}`,
      scenario: `/planning/scenarios/${encodeURIComponent('Make agency permanent')}?la=${la}`,
      performance: `/performance?la=${la}`,
      status: '/status',
    };
    for (const width of [1280, 390]) {
      for (const [name, path] of Object.entries(pages)) {
        const page = await open(path, width);
        const fits = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        expect({ name, width, ...fits, fits: fits.scrollWidth <= fits.innerWidth }).toMatchObject({ name, width, fits: true });
        const cut = await page.evaluate(() =>
          [...document.querySelectorAll('svg.app-chart')].flatMap((svg) => {
            const view = (svg as SVGSVGElement).viewBox.baseVal;
            return [...svg.querySelectorAll('text')]
              .filter((t) => {
                const box = t.getBoundingClientRect();
                const frame = svg.getBoundingClientRect();
                return t.textContent?.includes('…') || box.left < frame.left - 1 || box.right > frame.right + 1 || box.bottom > frame.bottom + 1 || view.width === 0;
              })
              .map((t) => t.textContent);
          }),
        );
        expect({ name, width, cut }).toEqual({ name, width, cut: [] });
        await screenshot(page, `usable-${name}-${width}`);
        await page.close();
      }
    }
  }, 180_000);
});
