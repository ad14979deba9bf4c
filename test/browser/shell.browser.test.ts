import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { axeViolations, launchBrowser, screenshot } from '../support/browser.ts';
import { testDrivers } from '../support/databases.ts';
import { webFor } from '../support/server.ts';

describe('web shell in a browser', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    handle = await testDrivers()[0]!.open();
    app = await webFor(handle);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  it('renders the start page with GOV.UK styles, runs GOV.UK Frontend JS, and has no accessibility violations', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await expect.poll(() => page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(true);
    const font = await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontFamily);
    expect(font).toContain('GDS Transport');
    expect(await page.locator('h1').textContent()).toBe('Headroom');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'start');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an accessible sign-in page that runs under the Content-Security-Policy without errors', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const res = await page.goto(`${base}/sign-in`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(true);
    expect(await page.locator('h1').textContent()).toBe('Sign in to Headroom');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an accessible 404 page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${base}/missing`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
