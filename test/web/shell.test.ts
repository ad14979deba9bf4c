import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { testDrivers } from '../support/databases.ts';
import { webFor } from '../support/server.ts';

describe('web shell over a real socket', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    const [pglite] = testDrivers();
    handle = await pglite!.open();
    app = await webFor(handle);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('reports health as JSON with the database kind and migrations', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: string; migrations: { applied: number; pending: number; latest: string } };
    expect(body.status).toBe('ok');
    expect(body.database).toBe('pglite');
    expect(body.migrations.pending).toBe(0);
    expect(body.migrations.applied).toBeGreaterThan(0);
    expect(body.migrations.latest).toMatch(/^\d{4}-\d{2}-\d{2}T\d{4}-/);
  });

  it('serves the start page as a GOV.UK page with the service name and navigation', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('class="govuk-template');
    expect(html).toContain('govuk-service-navigation');
    expect(html).toMatch(/<title>Home – Headroom<\/title>/);
    expect(html).toContain('href="/stylesheets/govuk-frontend.min.css"');
    expect(html).toContain('No data has been loaded yet');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"']*\.(css|js)/);
  });

  it('serves GOV.UK Frontend assets locally', async () => {
    for (const path of ['/stylesheets/govuk-frontend.min.css', '/javascripts/govuk-frontend.min.js', '/assets/images/favicon.svg', '/static/app.mjs']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
    }
    expect((await fetch(`${base}/javascripts/../package.json`)).status).toBe(404);
  });

  it('shows the GOV.UK style 404 page for an unknown address', async () => {
    const res = await fetch(`${base}/no-such-page`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
    expect(html).toContain('check it is correct');
  });
});

describe.each(testDrivers())('health through inject on $kind', (driver) => {
  it('names the database kind in use', async () => {
    const handle = await driver.open();
    try {
      const app = await webFor(handle);
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.json()).toMatchObject({ status: 'ok', database: driver.kind });
      // The footer's "Service status" is the same check in words, open to anyone; the JSON stays at /health.
      const page = await app.inject({ method: 'GET', url: '/status' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Headroom is working normally');
      expect(page.body).toContain(driver.kind === 'pglite' ? 'Embedded database on this computer' : 'PostgreSQL server');
      expect(page.body).toContain('href="/status">Service status</a>');
      expect(page.body).not.toContain('"migrations"');
      await app.close();
    } finally {
      await handle.close();
    }
  });
});
