import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { INPUT_LIMITS } from '../../src/formats/limits.ts';
import { testDrivers } from '../support/databases.ts';
import { clientFor, signInAs, webFor, type Client, type SignedIn } from '../support/server.ts';

/**
 * The probe's hostile uploads, through the web upload as Annex A: each is refused with a plain
 * message, the server's memory stays bounded, and /health keeps answering 200 meanwhile.
 */

/** A zip streamed together with fflate: one entry made of `block` repeated until `size` bytes, after `head`. */
function zipOfRepeats(name: string, head: Uint8Array, block: Uint8Array, size: number): Buffer {
  const out: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    out.push(chunk);
  });
  const entry = new ZipDeflate(name, { level: 1 });
  zip.add(entry);
  entry.push(head);
  for (let done = head.length; done < size; done += block.length) entry.push(block.subarray(0, Math.min(block.length, size - done)));
  entry.push(new Uint8Array(0), true);
  zip.end();
  return Buffer.concat(out);
}

/** A workbook of `rows` one-cell rows, written as raw SpreadsheetML (quicker than a workbook library). */
function workbookOfRows(rows: number): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: string[] = [`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData>`];
  for (let r = 1; r <= rows; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
  parts.push('</sheetData></worksheet>');
  return Buffer.from(
    zipSync(
      {
        '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
        'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="List 1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
        'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
        'xl/worksheets/sheet1.xml': strToU8(parts.join('')),
      },
      { level: 1 },
    ),
  );
}

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----headroombounded';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(file.bytes, Buffer.from('\r\n'), Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const MB = 1024 * 1024;
const GROWTH_BOUND = 1024 * MB;

const BOMBS = [
  {
    what: 'a zip of 1 GiB of zeros as one CSV (the directory says so)',
    fileName: 'annex-a.zip',
    make: () => zipOfRepeats('List 1.csv', new Uint8Array(0), new Uint8Array(MB), 1024 * MB),
    message: 'Unpacked, the file would be larger than Headroom reads (512 MB for one part, 1,024 MB in all). Nothing was unpacked',
  },
  {
    what: 'a zip of a CSV of 4 million rows (eight times the row limit)',
    fileName: 'annex-a.zip',
    make: () => zipOfRepeats('List 1.csv', strToU8('Child Unique ID,Date of Contact\n'), strToU8('1,01/01/2020\n'.repeat(80_000)), 4_000_000 * 13),
    message: `The file has more than ${INPUT_LIMITS.maxRows.toLocaleString('en-GB')} rows, the most Headroom reads from one file.`,
  },
  {
    what: 'a workbook of a million rows',
    fileName: 'annex-a.xlsx',
    make: () => workbookOfRows(1_000_000),
    message: `The file has more than ${INPUT_LIMITS.maxRows.toLocaleString('en-GB')} rows, the most Headroom reads from one file.`,
  },
];

describe.each(testDrivers())('hostile uploads are refused within bounded memory while /health answers ($kind)', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let analyst: SignedIn;
  let as: Client;

  beforeAll(async () => {
    handle = await driver.open();
    app = await webFor(handle);
    analyst = await signInAs(handle, 'analyst');
    as = clientFor(app, analyst);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  for (const bomb of BOMBS) {
    it(`refuses ${bomb.what} with a plain message`, async () => {
      const bytes = bomb.make();
      expect(bytes.length).toBeLessThan(50 * MB);
      const body = multipart({ _csrf: analyst.csrf, source: 'annex-a', la: '855' }, { name: bomb.fileName, bytes });
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      const sample = (): void => {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      };
      const sampler = setInterval(sample, 50);
      let response: LightMyRequestResponse | null = null;
      const uploading = as.inject({ method: 'POST', url: '/data/upload', ...body }).then((r) => {
        response = r;
      });
      const health: number[] = [];
      try {
        while (response === null) {
          health.push((await app.inject({ method: 'GET', url: '/health' })).statusCode);
          sample();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await uploading;
      } finally {
        clearInterval(sampler);
      }
      const res = response as unknown as LightMyRequestResponse;
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(bomb.message);
      expect(res.body).not.toMatch(/Sorry, there is a problem with the service/);
      expect(health.length).toBeGreaterThan(0);
      expect(health.every((s) => s === 200)).toBe(true);
      expect(peakRss - before.rss).toBeLessThan(GROWTH_BOUND);
      expect(peakHeap - before.heapUsed).toBeLessThan(GROWTH_BOUND);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      const after = await as.get('/data');
      expect(after.statusCode).toBe(200);
    }, 600_000);
  }
});
