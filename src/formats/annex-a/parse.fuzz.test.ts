import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANNEX_A_LIST_NUMBERS, listSpec } from './data-map.ts';
import { parseAnnexA } from './parse.ts';
import type { AnnexAParseResult } from './parse.ts';
import { rowArbitrary, workbookOf, zipOf } from '../../../test/support/annex-a.fixtures.ts';
import type { SheetCells } from '../../../test/support/annex-a.fixtures.ts';
import type { AnnexAListNumber } from './types.ts';
import { writeAnnexACsv, writeAnnexAWorkbook } from './write.ts';

function checkInvariants(result: AnnexAParseResult): void {
  for (const s of result.lists) expect(s.loaded + s.rejected).toBe(s.rowsRead);
  for (const n of ANNEX_A_LIST_NUMBERS) {
    const loaded = result.lists.filter((s) => s.list === n).reduce((sum, s) => sum + s.loaded, 0);
    expect(result.rows[n]).toHaveLength(loaded);
  }
  for (const issue of result.issues) {
    expect(issue.row).toBeGreaterThanOrEqual(0);
    expect(issue.message.length).toBeGreaterThan(0);
    expect((issue.value ?? '').length).toBeLessThanOrEqual(201);
  }
  if (result.fatal) expect(['unreadable', 'encrypted', 'empty', 'no_lists', 'too_large']).toContain(result.fatal.code);
}

const anyCell: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.integer({ min: -1_000_000, max: 3_000_000 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.date({ min: new Date(-2e12), max: new Date(5e12), noInvalidDate: true }),
  fc.constantFrom({ error: '#N/A' }, { error: '#REF!' }, { error: '#DIV/0!' }),
  fc.constantFrom({ formula: 'A1+1' }, { formula: 'TODAY()', result: 44000 }, { formula: 'B2', result: 'text' }),
  fc.constantFrom('#N/A', 'N/A', '-', ' ', '\u00A0', '31/02/2021', '12.0', 'a) Yes', 'b) Female', 'TRUE'),
  fc.string({ maxLength: 5 }).map((s) => ({ richText: [{ text: 'R' }, { text: s }] })),
);

describe('parseAnnexA never throws and never loses a row', () => {
  let good: Buffer;

  beforeAll(async () => {
    const sample = fc.sample(rowArbitrary(8), { numRuns: 30, seed: 42 });
    good = await writeAnnexAWorkbook({ 1: fc.sample(rowArbitrary(1), { numRuns: 30, seed: 1 }), 8: sample });
  });

  it('on random bytes, whatever the file name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('a.xlsx', 'a.zip', 'List 1.csv', 'a.bin'), async (bytes, name) => {
        const result = await parseAnnexA({ buffer: Buffer.from(bytes), fileName: name });
        checkInvariants(result);
      }),
      { numRuns: 150 },
    );
  });

  it('on truncated workbooks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), async (cut) => {
        const result = await parseAnnexA({ buffer: good.subarray(0, cut), fileName: 'cut.xlsx' });
        checkInvariants(result);
        expect(result.fatal).toBeDefined();
      }),
      { numRuns: 40 },
    );
  });

  it('on workbooks with corrupted bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (edits) => {
          const bytes = Buffer.from(good);
          for (const [at, value] of edits) bytes[at] = value;
          checkInvariants(await parseAnnexA({ buffer: bytes, fileName: 'corrupt.xlsx' }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('on truncated and corrupted zips of CSVs', async () => {
    const zip = zipOf({ 'List 1.csv': writeAnnexACsv(1, fc.sample(rowArbitrary(1), { numRuns: 20, seed: 3 })) });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: zip.length }), fc.integer({ min: 0, max: zip.length - 1 }), fc.integer({ min: 0, max: 255 }), async (cut, at, value) => {
        const bytes = Buffer.from(zip.subarray(0, cut));
        if (at < bytes.length) bytes[at] = value;
        checkInvariants(await parseAnnexA({ buffer: bytes, fileName: 'csv.zip' }));
      }),
      { numRuns: 60 },
    );
  });

  it('on wrong types in every column, counting every non-blank row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ANNEX_A_LIST_NUMBERS),
        fc.array(fc.array(anyCell, { maxLength: 36 }), { maxLength: 12 }),
        async (list, body) => {
          const headers = listSpec(list).columns.map((c) => c.header);
          const rows: SheetCells = body.map((cells, i) => [`ID${i}`, ...cells.slice(1)]);
          const result = await parseAnnexA({ buffer: await workbookOf({ [`List ${list}`]: [headers, ...rows] }), fileName: 'types.xlsx' });
          checkInvariants(result);
          expect(result.lists).toHaveLength(1);
          expect(result.lists[0]?.rowsRead).toBe(rows.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('on shuffled, duplicated and missing headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ANNEX_A_LIST_NUMBERS),
        fc.array(fc.nat(40), { maxLength: 40 }),
        fc.array(fc.array(anyCell, { maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        async (list, picks, body) => {
          const columns = listSpec(list).columns;
          const headers = picks.map((p) => columns[p % columns.length]?.header ?? 'Extra');
          const rows: SheetCells = body.map((cells) => ['x', ...cells]);
          const result = await parseAnnexA({ buffer: await workbookOf({ [`List ${list}`]: [headers, ...rows] }), fileName: 'h.xlsx' });
          checkInvariants(result);
          const read = result.lists[0]?.rowsRead ?? 0;
          expect(read === rows.length || read === rows.length + 1).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('on huge cells, keeping issue values short', async () => {
    const huge = 'x'.repeat(2_000_000);
    const list: AnnexAListNumber = 8;
    const headers = listSpec(list).columns.map((c) => c.header);
    const row = headers.map((_, i) => (i === 0 ? '1' : huge));
    const result = await parseAnnexA({ buffer: await workbookOf({ 'List 8': [headers, row, [huge, ...row.slice(1)]] }), fileName: 'huge.xlsx' });
    checkInvariants(result);
    expect(result.lists[0]).toMatchObject({ rowsRead: 2, loaded: 0, rejected: 2 });
    expect(result.issues.length).toBeGreaterThan(10);
  });
});
