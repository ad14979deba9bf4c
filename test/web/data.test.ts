import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { testDrivers } from '../support/databases.ts';
import { clientFor, signInAs, webFor, type Client, type SignedIn } from '../support/server.ts';
import { readFixture } from '../support/fixtures.ts';

const SAMPLE = readFixture('annex-a/annex-a-sample.xlsx');

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----headroomtest';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDrivers())('data uploads on $kind', (driver) => {
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

  it('uploads the shared Annex A sample and, once confirmed, shows its validation report', async () => {
    const uploaded = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'annex-a', la: '855' }, { name: 'annex-a-sample.xlsx', bytes: SAMPLE }) });
    expect(uploaded.statusCode).toBe(303);
    const res = await as.post(`${uploaded.headers.location as string}/confirm`);
    expect(res.statusCode).toBe(303);
    const reportUrl = (res.headers.location as string).split('?')[0]!;
    const report = await as.inject({ method: 'GET', url: reportUrl });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('annex-a-sample.xlsx');
    expect(report.body).toContain('15 March 2021');
    expect(report.body).toMatch(/List 7<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">7<\/td>/);
    expect(report.body).toContain('#N/A');
    expect(report.body).toContain('nope');
    const warnings = await as.inject({ method: 'GET', url: `${reportUrl}?severity=info` });
    expect(warnings.body).not.toContain('nope');
    const csv = await as.inject({ method: 'GET', url: `${reportUrl}/issues.csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Placement postcode,nope,warning');
    const history = await as.inject({ method: 'GET', url: '/data' });
    expect(history.body).toContain('annex-a-sample.xlsx');
  });

  it('shows a GOV.UK error summary for a missing file, a bad LA number and a wrong file type', async () => {
    const none = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'annex-a', la: '85' }) });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('govuk-error-summary');
    expect(none.body).toContain('Enter the three-digit DfE local authority number');
    expect(none.body).toContain('Select a file to upload');
    const wrong = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'annex-a', la: '855' }, { name: 'notes.txt', bytes: Buffer.from('hello') }) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The selected file must be .xlsx or .zip for Ofsted Annex A');
    const unreadable = await as.inject({ method: 'POST', url: '/data/upload', ...multipart({ _csrf: analyst.csrf, source: 'annex-a', la: '855' }, { name: 'broken.xlsx', bytes: Buffer.from('PK not really') }) });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('Nothing was loaded');
  });
});
