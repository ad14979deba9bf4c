import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ANNEX_A_LIST_NUMBERS, listSpec } from './data-map.ts';
import { parseAnnexA } from './parse.ts';
import { rowArbitrary, zipOf } from '../../../test/support/annex-a.fixtures.ts';
import type { AnnexAListNumber, AnnexARowData, ContactRow } from './types.ts';
import { annexAHeaders, writeAnnexACsv, writeAnnexAWorkbook } from './write.ts';
import type { AnnexAListsInput } from './write.ts';

const contact = (childId: string, contactDate: string): Omit<ContactRow, 'rowNumber'> => ({
  childId, sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2015-01-25', age: 6.5, contactDate, contactSource: '6',
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Lists of random valid rows, a few per list. */
const listsArbitrary: fc.Arbitrary<AnnexAListsInput> = fc.record(
  Object.fromEntries(ANNEX_A_LIST_NUMBERS.map((n) => [n, fc.array(rowArbitrary(n), { maxLength: 4 })])),
) as unknown as fc.Arbitrary<AnnexAListsInput>;

function withRowNumbers(lists: AnnexAListsInput): Record<number, unknown[]> {
  const out: Record<number, unknown[]> = {};
  for (const n of ANNEX_A_LIST_NUMBERS) {
    out[n] = ((lists[n] ?? []) as readonly object[]).map((row, i) => ({ ...row, rowNumber: i + 2 }));
  }
  return out;
}

describe('writeAnnexAWorkbook', () => {
  it('writes one sheet per list with the canonical headers', async () => {
    const buffer = await writeAnnexAWorkbook({ 1: [contact('1', '2020-09-16')], 3: [] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['List 1', 'List 3']);
    const ws = workbook.getWorksheet('List 1');
    expect(ws?.getRow(1).values).toEqual([undefined, ...annexAHeaders(1)]);
    expect(ws?.getRow(2).values).toEqual([undefined, '1', 'b) Female', 'a) WBRI', new Date(Date.UTC(2015, 0, 25)), 6.5, new Date(Date.UTC(2020, 8, 16)), 'q) 6: Police']);
    expect(ws?.getCell('F2').type).toBe(ExcelJS.ValueType.Date);
    expect(ws?.getCell('F2').numFmt).toBe('dd/mm/yyyy');
  });

  it('writes all eleven sheets when asked', async () => {
    const buffer = await writeAnnexAWorkbook({}, { allLists: true });
    const result = await parseAnnexA({ buffer, fileName: 'a.xlsx' });
    expect(result.lists.map((l) => l.sheet)).toEqual(ANNEX_A_LIST_NUMBERS.map((n) => `List ${n}`));
    expect(result.missingLists).toEqual([]);
    expect(result.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('writes the S47 ICPC question the way Annex A asks it', async () => {
    const buffer = await writeAnnexAWorkbook({
      5: [{
        childId: '5', sex: null, ethnicity: null, dateOfBirth: null, age: null, disability: null, strategyDate: '2020-01-01',
        icpcRequired: true, icpcDate: null, icpcOutcomeCpPlan: null, s47sInLast12Months: null, icpcsInLast12Months: null,
        allocatedTeam: null, allocatedWorker: null,
      }],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const header = listSpec(5).columns.findIndex((c) => c.field === 'icpcRequired');
    expect(workbook.getWorksheet('List 5')?.getRow(2).getCell(header + 1).value).toBe('b) No');
  });

  it('gives the same bytes for the same rows, whenever it runs', async () => {
    const lists = { 1: [contact('1', '2020-09-16'), contact('2', '2020-09-17')] };
    const first = await writeAnnexAWorkbook(lists);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await writeAnnexAWorkbook(lists);
    expect(sha(second)).toBe(sha(first));
    const entries = unzipSync(new Uint8Array(first));
    expect(Object.keys(entries)).toContain('xl/worksheets/sheet1.xml');
    expect(sha(await writeAnnexAWorkbook({ 1: [contact('1', '2020-09-16')] }))).not.toBe(sha(first));
  });

  it('writes thousands of rows that read back whole', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => contact(String(i), '2020-09-16'));
    const buffer = await writeAnnexAWorkbook({ 1: rows, 3: [] });
    const result = await parseAnnexA({ buffer, fileName: 'big.xlsx' });
    expect(result.rows[1]).toHaveLength(5000);
    expect(result.rows[1][4999]).toEqual({ ...rows[4999], rowNumber: 5001 });
  });
});

describe('round trip', () => {
  it('parse(write(rows)) gives the rows back, for every list', async () => {
    await fc.assert(
      fc.asyncProperty(listsArbitrary, async (lists) => {
        const result = await parseAnnexA({ buffer: await writeAnnexAWorkbook(lists), fileName: 'rt.xlsx' });
        expect(result.fatal).toBeUndefined();
        expect(result.issues.filter((i) => i.severity !== 'info')).toEqual([]);
        expect(result.rows).toEqual(withRowNumbers(lists));
      }),
      { numRuns: 25 },
    );
  });

  it('through a zip of CSVs too', async () => {
    await fc.assert(
      fc.asyncProperty(listsArbitrary, async (lists) => {
        const files: Record<string, string> = {};
        for (const n of ANNEX_A_LIST_NUMBERS) {
          files[`List ${n}.csv`] = writeAnnexACsv(n, (lists[n] ?? []) as readonly AnnexARowData<AnnexAListNumber>[] as never);
        }
        const result = await parseAnnexA({ buffer: zipOf(files), fileName: 'rt.zip' });
        expect(result.fatal).toBeUndefined();
        expect(result.issues.filter((i) => i.severity !== 'info')).toEqual([]);
        expect(result.rows).toEqual(withRowNumbers(lists));
      }),
      { numRuns: 25 },
    );
  });
});
