import { Deflate, zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../limits.ts';
import { parseAnnexA } from './parse.ts';

/** A zip with one entry of `size` bytes of zeros, deflated chunk by chunk; `declared` is what its directory claims. */
function zeroBomb(name: string, size: number, declared = size): Buffer {
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 1 }, (chunk) => void parts.push(chunk));
  const zeros = new Uint8Array(1 << 20);
  for (let done = 0; done < size; done += zeros.length) deflate.push(zeros.subarray(0, Math.min(zeros.length, size - done)), done + zeros.length >= size);
  const data = Buffer.concat(parts);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const cdOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

describe('inputs are bounded', () => {
  it('refuses a zip bomb whose directory declares 1 GiB unpacked, before unpacking anything', async () => {
    const bomb = zeroBomb('List 1.csv', 64 * 1024 * 1024, 1024 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = rssMb();
    const result = await parseAnnexA({ buffer: bomb, fileName: 'annex-a.zip' });
    expect(result.fatal?.code).toBe('too_large');
    expect(result.fatal?.message).toMatch(/^Unpacked, the file would be larger than Headroom reads \(512 MB for one part, 1,024 MB in all\)\. Nothing was unpacked/);
    expect(rssMb() - before).toBeLessThan(200);
  }, 60_000);

  it('stops unpacking an entry that inflates past the size its directory claims, within bounded memory', async () => {
    const liar = zeroBomb('List 1.csv', 64 * 1024 * 1024, 1000);
    const before = rssMb();
    const result = await parseAnnexA({ buffer: liar, fileName: 'annex-a.zip' });
    expect(rssMb() - before).toBeLessThan(200);
    expect(result.issues).toContainEqual(expect.objectContaining({ list: 1, severity: 'error', message: expect.stringContaining('is larger than its directory says') }));
    expect(result.rows[1]).toHaveLength(0);
  }, 60_000);

  it('refuses a zip with more entries than the limit before unpacking any', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= INPUT_LIMITS.maxZipEntries; i++) files[`x${i}.txt`] = strToU8('x');
    const result = await parseAnnexA({ buffer: Buffer.from(zipSync(files)), fileName: 'annex-a.zip' });
    expect(result.fatal?.code).toBe('too_large');
    expect(result.fatal?.message).toContain('more than 2,000 files');
  });

  it('refuses a CSV of more rows than the limit, naming the limit, without reading the rest', async () => {
    const row = '1,01/01/2020\n';
    const csv = Buffer.from(`Child Unique ID,Date of Contact\n${row.repeat(INPUT_LIMITS.maxRows + 10)}`);
    const result = await parseAnnexA({ buffer: csv, fileName: 'List 1.csv' });
    expect(result.fatal?.code).toBe('too_large');
    expect(result.fatal?.message).toBe('The file has more than 500,000 rows, the most Headroom reads from one file. Split it (for example by list or by period) and import each part.');
  }, 120_000);

  it('refuses a million-row workbook, stopping at the limit', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 1_000_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const workbook = Buffer.from(
      zipSync({
        '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
        'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="List 1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
        'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
        'xl/worksheets/sheet1.xml': strToU8(sheet),
      }, { level: 1 }),
    );
    const result = await parseAnnexA({ buffer: workbook, fileName: 'annex-a.xlsx' });
    expect(result.fatal?.code).toBe('too_large');
    expect(result.fatal?.message).toContain('more than 500,000 rows');
  }, 240_000);
});
