import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { axeViolations, launchBrowser, screenshot, signInWithForm } from '../support/browser.ts';
import { testDrivers } from '../support/databases.ts';
import { fixturePath } from '../support/fixtures.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { signInAs, TEST_PASSWORD, webFor } from '../support/server.ts';

/** An analyst uploads a file, reads what it would change, cancels, uploads again, confirms, and undoes the import. */
describe('import preview, confirm and undo in a browser', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    handle = await testDrivers()[0]!.open();
    await seedSmallCouncil(handle.db);
    app = await webFor(handle);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
    const analyst = await signInAs(handle, 'analyst');
    context = await browser.newContext();
    const page = await context.newPage();
    await signInWithForm(page, base, analyst.username, TEST_PASSWORD);
    await page.close();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  async function expectAccessible(page: Page): Promise<void> {
    expect({ url: page.url(), violations: await axeViolations(page) }).toEqual({ url: page.url(), violations: [] });
  }
  const batches = () => handle.db.selectFrom('import_batch').select(['id', 'status']).where('la_code', '=', '856').orderBy('id').execute();

  async function uploadSample(page: Page): Promise<void> {
    await page.goto(`${base}/data`);
    await page.getByLabel('Ofsted Annex A').check();
    await page.getByLabel('Local authority number').fill('856');
    await page.setInputFiles('input[type=file]', fixturePath('annex-a/annex-a-sample.xlsx'));
    await page.getByRole('button', { name: 'Upload and check' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Check before importing: annex-a-sample.xlsx');
  }

  it('previews an upload, then cancels it with nothing written', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/data`);
    await expectAccessible(page);
    await uploadSample(page);
    expect(await page.getByRole('heading', { name: 'What it would add and replace' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'How today’s figures would move' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'The period it covers' }).count()).toBe(1);
    expect(await page.locator('tr', { hasText: 'Workers' }).first().textContent()).toMatch(/Workers\s*25\s*0/);
    expect(await page.getByText('Replaces no earlier import').count()).toBe(1);
    expect(await batches()).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'import-preview');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByText('The upload was cancelled. Nothing was loaded.').count()).toBe(1);
    await expectAccessible(page);
    expect(await batches()).toEqual([]);
    await page.close();
  }, 120_000);

  it('confirms an upload, keeps its report on screen, and undoes it', async () => {
    const page = await context.newPage();
    await uploadSample(page);
    await page.getByRole('button', { name: 'Confirm and import' }).click();
    await expect.poll(() => page.getByText('The file has been imported. Its report is below.').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toContain('annex-a-sample.xlsx');
    expect(await page.getByRole('heading', { name: 'Rows by list' }).count()).toBe(1);
    const [batch] = await batches();
    expect(batch?.status).toBe('loaded');
    await expectAccessible(page);
    await screenshot(page, 'import-confirmed');
    await page.getByRole('button', { name: 'Undo this import' }).click();
    await expect.poll(() => page.getByText('The import has been undone').count()).toBe(1);
    expect(await page.getByText('This import has been undone: the rows it loaded were removed.').count()).toBe(1);
    expect(await batches()).toEqual([{ id: batch!.id, status: 'undone' }]);
    await expectAccessible(page);
    await page.close();
  }, 120_000);
});
