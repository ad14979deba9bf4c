import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { zipOf } from '../../../test/support/annex-a.fixtures.ts';
import { decodeXmlText, isDateFormat, openXlsx, serialToDate, XlsxError } from './xlsx-reader.ts';
import type { XlsxReadOptions, XlsxRow, XlsxWorkbook } from './xlsx-reader.ts';
import { bufferSource, readZipDirectory } from './zip.ts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

async function open(buffer: Buffer, options?: XlsxReadOptions): Promise<XlsxWorkbook> {
  const src = bufferSource(buffer);
  const dir = await readZipDirectory(src);
  if (!dir.ok) throw new Error(`not a zip: ${dir.reason}`);
  return openXlsx(src, dir.entries, options);
}

async function rowsOf(workbook: XlsxWorkbook, sheet = 0): Promise<XlsxRow[]> {
  const rows: XlsxRow[] = [];
  const s = workbook.sheets[sheet];
  if (!s) throw new Error('no such sheet');
  for await (const row of s.rows()) rows.push(row);
  return rows;
}

/** A hand-written workbook: the parts other writers produce, not only what exceljs writes. */
function handWritten(sheetXml: string, extra: Record<string, string> = {}, workbookPr = ''): Buffer {
  return zipOf({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': `<?xml version="1.0"?><x:workbook xmlns:x="${MAIN}" xmlns:r="${REL}">${workbookPr}<x:sheets><x:sheet name="Ann &amp; Bo" sheetId="2" r:id="rId9"/><x:sheet name="Dangling" sheetId="3" r:id="rId404"/></x:sheets></x:workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="${REL}/worksheet" Target="/xl/worksheets/data one.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    'xl/worksheets/data one.xml': `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData>${sheetXml}</x:sheetData></x:worksheet>`,
    ...extra,
  });
}

const STYLES = `<?xml version="1.0"?><styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0&quot; days&quot;"/></numFmts>`
  + '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="14"><alignment wrapText="1"/></xf></cellXfs></styleSheet>';
const SHARED = `<?xml version="1.0"?><sst xmlns="${MAIN}" count="3" uniqueCount="3"><si><t>Child ID</t></si><si><r><t xml:space="preserve">Ann </t></r><r><rPr><b/></rPr><t>Smith</t></r><rPh><t>アン</t></rPh></si><si><t>line_x000D_break &lt;ok&gt;</t></si></sst>`;

describe('the streaming xlsx reader', () => {
  it('reads every kind of cell, with sheet names from workbook.xml and its relationships', async () => {
    const sheet = '<x:row r="1" spans="1:3"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>'
      + '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>R&amp;1</x:t></x:is></x:c><x:c r="B3" s="1"><x:v>44090</x:v></x:c><x:c r="C3" s="2"><x:v>2.5</x:v></x:c>'
      + '<x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" t="e"><x:v>#N/A</x:v></x:c><x:c r="F3" s="1"/><x:c r="H3" s="3"><x:f>DATE(2020,9,16)</x:f><x:v>44090</x:v></x:c></x:row>'
      + '<x:row r="4"><x:c r="A4"><x:f>TODAY()</x:f></x:c><x:c r="B4" t="str"><x:f>A1&amp;""</x:f><x:v>text result</x:v></x:c><x:c r="C4" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>'
      + '<x:c r="D4"><x:f t="shared" si="0"/></x:c><x:c r="E4" t="s"><x:v>99</x:v></x:c><x:c r="F4" t="d"><x:v>2021-03-04T00:00:00Z</x:v></x:c></x:row>'
      + '<x:row><x:c><x:v>7</x:v></x:c><x:c><x:v>8</x:v></x:c></x:row>'
      + '<x:row r="9"/>';
    const workbook = await open(handWritten(sheet, { 'xl/styles.xml': STYLES, 'xl/sharedStrings.xml': SHARED }));
    expect(workbook.date1904).toBe(false);
    expect(workbook.sheets.map((s) => s.name)).toEqual(['Ann & Bo']);
    const rows = await rowsOf(workbook);
    expect(rows.map((r) => [r.number, r.filled])).toEqual([[1, 3], [3, 6], [4, 6], [5, 2], [9, 0]]);
    expect(rows[0]?.cells).toEqual([
      { type: 'text', value: 'Child ID' },
      { type: 'text', value: 'Ann Smith' },
      { type: 'text', value: 'line\rbreak <ok>' },
    ]);
    const third = rows[1]?.cells ?? [];
    expect(third[0]).toEqual({ type: 'text', value: 'R&1' });
    expect(third[1]).toEqual({ type: 'number', value: 44090, date: true, formula: false });
    expect(third[2]).toEqual({ type: 'number', value: 2.5, date: false, formula: false });
    expect(third[3]).toEqual({ type: 'boolean', value: true });
    expect(third[4]).toEqual({ type: 'error', value: '#N/A', formula: false });
    expect(5 in third).toBe(false);
    expect(third[7]).toEqual({ type: 'number', value: 44090, date: true, formula: true });
    const fourth = rows[2]?.cells ?? [];
    expect(fourth[0]).toEqual({ type: 'noResult', formula: 'TODAY()' });
    expect(fourth[1]).toEqual({ type: 'text', value: 'text result' });
    expect(fourth[2]).toEqual({ type: 'error', value: '#DIV/0!', formula: true });
    expect(fourth[3]).toEqual({ type: 'noResult', formula: '' });
    expect(fourth[4]).toEqual({ type: 'badString', index: '99' });
    expect(fourth[5]).toMatchObject({ type: 'number', date: true });
    expect(rows[3]?.cells).toEqual([{ type: 'number', value: 7, date: false, formula: false }, { type: 'number', value: 8, date: false, formula: false }]);
    expect(rows[4]?.cells).toEqual([]);
  });

  it('counts every filled cell but returns none past the last column asked for', async () => {
    const sheet = '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c><x:c r="XFD1"><x:v>3</x:v></x:c></x:row>';
    const rows = await rowsOf(await open(handWritten(sheet), { maxColumns: 1 }));
    expect(rows[0]?.filled).toBe(3);
    expect(rows[0]?.cells).toEqual([{ type: 'number', value: 1, date: false, formula: false }]);
  });

  it('reads the 1904 date system flag and converts serials in either system', async () => {
    const workbook = await open(handWritten('<x:row r="1"/>', {}, '<x:workbookPr date1904="1"/>'));
    expect(workbook.date1904).toBe(true);
    expect(serialToDate(44090, false).toISOString().slice(0, 10)).toBe('2020-09-16');
    expect(serialToDate(42628, true).toISOString().slice(0, 10)).toBe('2020-09-16');
    expect(serialToDate(44090.5, false).toISOString()).toBe('2020-09-16T12:00:00.000Z');
  });

  it('recognises date number formats and not others', () => {
    for (const code of ['dd/mm/yyyy', 'd-mmm-yy', '[$-809]dd mmmm yyyy', 'h:mm', 'yyyy-mm-dd;@']) expect(isDateFormat(code), code).toBe(true);
    for (const code of ['General', '0.00', '#,##0', '0.0" days"', '[Red]0', '0.00E+00', '@']) expect(isDateFormat(code), code).toBe(false);
  });

  it('decodes character references and OOXML escapes', () => {
    expect(decodeXmlText('a &amp; b &#233; &#x41; _x0009_ &lt;')).toBe('a & b é A \t <');
  });

  it('reads a workbook exceljs wrote, dates, formulas, rich text and the 1904 flag included', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('List 3');
    ws.addRow(['Child Unique ID', 'Date of Referral', 'Worker', 'Count']);
    ws.addRow(['1', new Date(Date.UTC(2020, 8, 16)), { richText: [{ text: 'Ann ' }, { text: 'Smith' }] }, { formula: 'COUNTIF(A:A,A2)', result: 0 }]);
    ws.getCell('B2').numFmt = 'dd/mm/yyyy';
    const workbook = await open(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(workbook.date1904).toBe(true);
    expect(workbook.sheets.map((s) => s.name)).toEqual(['List 3']);
    const rows = await rowsOf(workbook);
    const date = rows[1]?.cells[1];
    if (date?.type !== 'number') throw new Error('expected a number cell');
    expect(date.date).toBe(true);
    expect(serialToDate(date.value, true).toISOString().slice(0, 10)).toBe('2020-09-16');
    expect(rows[1]?.cells[2]).toEqual({ type: 'text', value: 'Ann Smith' });
    expect(rows[1]?.cells[3]).toEqual({ type: 'number', value: 0, date: false, formula: true });
  });

  it('reads the sample Annex A workbook: every list sheet, in order, with its rows', async () => {
    const buffer = await readFile(join(import.meta.dirname, '../../../test/fixtures/annex-a/annex-a-sample.xlsx'));
    const workbook = await open(buffer);
    expect(workbook.sheets.length).toBeGreaterThanOrEqual(11);
    const names = workbook.sheets.map((s) => s.name);
    for (let n = 1; n <= 11; n++) expect(names.some((name) => new RegExp(`\\b${n}\\b`).test(name)), `list ${n}`).toBe(true);
    const first = await rowsOf(workbook, 0);
    expect(first.length).toBeGreaterThan(1);
    const header = first.find((r) => r.cells.some((c) => c?.type === 'text' && /child/i.test(c.value)));
    expect(header).toBeDefined();
    const numbers = first.map((r) => r.number);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  });

  it('yields rows as it inflates, so a caller can stop early', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 50_000; r++) rows.push(`<x:row r="${r}"><x:c r="A${r}"><x:v>${r}</x:v></x:c></x:row>`);
    const workbook = await open(handWritten(rows.join('')));
    let seen = 0;
    for await (const row of workbook.sheets[0]!.rows()) {
      seen++;
      if (row.number === 10) break;
    }
    expect(seen).toBe(10);
  });

  it('refuses shared strings over the limit before reading them, and a damaged sheet with a damaged error', async () => {
    await expect(open(handWritten('<x:row r="1"/>', { 'xl/sharedStrings.xml': SHARED }), { maxSharedStringsBytes: 10 })).rejects.toMatchObject({ code: 'shared_strings_too_large' });
    await expect(open(zipOf({ 'xl/workbook.xml': '<workbook/>' }))).rejects.toBeInstanceOf(XlsxError);
    const good = handWritten('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>');
    const src = bufferSource(good);
    const dir = await readZipDirectory(src);
    if (!dir.ok) throw new Error('not a zip');
    const sheet = dir.entries.find((e) => e.name.endsWith('data one.xml'));
    if (!sheet) throw new Error('no sheet');
    const workbook = await openXlsx(src, dir.entries.map((e) => (e === sheet ? { ...e, crc: e.crc ^ 1 } : e)));
    await expect(rowsOf(workbook)).rejects.toMatchObject({ code: 'damaged' });
  });

  it('refuses a row longer than the limit instead of buffering it', async () => {
    const cells = Array.from({ length: 2000 }, (_, i) => `<x:c><x:v>${i}</x:v></x:c>`).join('');
    const workbook = await open(handWritten(`<x:row r="1">${cells}</x:row>`), { maxRowChars: 1000 });
    await expect(rowsOf(workbook)).rejects.toMatchObject({ code: 'row_too_large' });
  });
});
