import { readdirSync } from 'node:fs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { testDrivers } from '../support/databases.ts';
import { clientFor, signInAs, webFor, type Client, type SignedIn } from '../support/server.ts';
import { fixturePath, readFixture } from '../support/fixtures.ts';

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----headroomreturns';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const ZIP = Buffer.from(zipSync(Object.fromEntries(readdirSync(fixturePath('ssda903')).map((n) => [n, readFixture(`ssda903/${n}`)]))));
const SSD_ZIP = Buffer.from(zipSync(Object.fromEntries(readdirSync(fixturePath('ssd')).map((n) => [n, readFixture(`ssd/${n}`)]))));

describe.each(testDrivers())('statutory return uploads on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let analyst: SignedIn;
  let as: Client;
  beforeAll(async () => {
    handle = await driver.open();
    app = await webFor(handle);
    analyst = await signInAs(handle, 'analyst');
    as = clientFor(app, analyst);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('uploads a 903 folder as a zip with its collection year and shows the same validation report', async () => {
    const staged = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'ssda903', la: '201', 'return-year': '2018' }, { name: 'ssda903-2018.zip', bytes: ZIP }) });
    expect(staged.statusCode).toBe(303);
    const preview = await as.get(staged.headers.location as string);
    expect(preview.body).toContain('Episodes against other returns');
    const res = await as.post(`${staged.headers.location as string}/confirm`);
    expect(res.statusCode).toBe(303);
    const report = await as.inject({ method: 'GET', url: res.headers.location as string });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('episodes.csv (Episodes)');
    expect(report.body).toContain('SWLAZY');
  });

  it('asks for the collection year of a 903 return', async () => {
    const res = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'ssda903', la: '201' }, { name: 'ssda903.zip', bytes: ZIP }) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter the collection year of the SSDA903 return');
  });

  it('uploads a CIN census and refuses one for another council with a plain message', async () => {
    const ok = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'cin-census', la: '201' }, { name: 'cin.xml', bytes: readFixture('cin-census/cin-census-2024.xml') }) });
    expect(ok.statusCode).toBe(303);
    const other = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'cin-census', la: '855' }, { name: 'cin.xml', bytes: readFixture('cin-census/cin-census-2024.xml') }) });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('not LA 855');
  });

  it('uploads an SSD extract as a zip with the same validation report, and refuses a zip with no SSD table', async () => {
    const fields = { _csrf: analyst.csrf, source: 'ssd', la: '201', 'extract-day': '31', 'extract-month': '3', 'extract-year': '2024' };
    const res = await as.inject({ method: 'POST', url: '/data/upload', ...multipart(fields, { name: 'ssd-2024-03-31.zip', bytes: SSD_ZIP }) });
    expect(res.statusCode).toBe(303);
    const report = await as.inject({ method: 'GET', url: res.headers.location as string });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('ssd_involvements.csv (ssd_involvements)');
    expect(report.body).toContain('P99');
    const wrong = await as.inject({ method: 'POST', url: '/data/upload', ...multipart(fields, { name: 'ssda903.zip', bytes: ZIP }) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('No file is an SSD table Headroom reads');
  });
});
