import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { createWeb } from '../../src/web/server.ts';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.ts';
import { testDrivers } from '../support/databases.ts';

describe('a new user on Demoshire', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    handle = await testDrivers()[0]!.open();
    const logger = createLogger({ level: 'silent' });
    const s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2025-11-22T09:00:00Z'), logger });
    await s.demo.load({ seed: 1, las: 1, endDate: '2025-10-31' });
    app = await createWeb(s, { logger });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  it('finds the overloaded assessment team in two clicks and sees which workers are over their standard', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(await page.getByText('The data here is synthetic').count()).toBe(1);
    await page.getByRole('button', { name: 'View the caseload overview' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Overview at 31 October 2025');
    const firstPressured = page.locator('table').first().locator('tbody tr').first();
    expect(await firstPressured.locator('th').textContent()).toContain('Assessment Team 3');
    await screenshot(page, 'demoshire-overview');
    await firstPressured.getByRole('link').click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Assessment Team 3');
    expect(await page.getByText('Well over standard').count()).toBeGreaterThan(0);
    expect(await page.locator('tr', { hasText: 'Over maximum' }).count()).toBeGreaterThan(3);
    await screenshot(page, 'demoshire-team');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows Demoshire’s indicators and caseload table without accessibility violations', async () => {
    for (const path of ['/performance', '/caseloads', '/caseloads/workers', '/caseloads/workers?flag=asye']) {
      const page = await browser.newPage();
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(200);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `demoshire${path.replace(/[^a-z]+/g, '-')}`);
      await page.close();
    }
  });
});
