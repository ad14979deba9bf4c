/**
 * Test support for Annex A: build workbooks and zips from plain arrays, and fast-check
 * arbitraries producing valid rows for any list straight from the data map.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { zipSync, strToU8 } from 'fflate';
import { listSpec } from '../../src/formats/annex-a/data-map.ts';
import type { ColumnSpec } from '../../src/formats/annex-a/data-map.ts';
import type { AnnexAListNumber, AnnexARowData } from '../../src/formats/annex-a/types.ts';
import { textCell } from '../../src/formats/annex-a/values.ts';

export type SheetCells = unknown[][];

/** An xlsx whose sheets hold exactly the given cell values (exceljs value objects allowed). */
export async function workbookOf(sheets: Record<string, SheetCells>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = workbook.addWorksheet(name);
    rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === undefined) return;
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = value as ExcelJS.CellValue;
        if (value instanceof Date || (typeof value === 'object' && value !== null && 'formula' in value)) cell.numFmt = 'dd/mm/yyyy';
      });
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function zipOf(files: Record<string, string | Uint8Array>): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) entries[name] = typeof content === 'string' ? strToU8(content) : content;
  return Buffer.from(zipSync(entries));
}

const WORD = fc.stringMatching(/^[A-Z][a-z]{2,8}$/);
const ISO_DATE = fc
  .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const POSTCODE = fc
  .tuple(fc.stringMatching(/^[A-Z]{1,2}$/), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 9 }), fc.stringMatching(/^[A-Z]{2}$/))
  .map(([area, district, sector, unit]) => `${area}${district} ${sector}${unit}`);

function valueArbitrary(column: ColumnSpec): fc.Arbitrary<unknown> {
  switch (column.type) {
    case 'id': return fc.stringMatching(/^[A-Z0-9]{1,12}$/).filter((id) => textCell(id).kind !== 'blank');
    case 'text': return fc.tuple(WORD, fc.integer({ min: 1, max: 40 })).map(([w, n]) => `${w} ${n}`);
    case 'date': return ISO_DATE;
    case 'integer': return fc.integer({ min: 0, max: 60 });
    case 'decimal': return fc.double({ min: 0, max: 25, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'yesno': return fc.boolean();
    case 'postcode': return POSTCODE;
    case 'coded': return fc.constantFrom(...(column.vocabulary ?? []).map((e) => e.code));
  }
}

/** Valid rows of list N: required fields always set, optional ones sometimes null. */
export function rowArbitrary<N extends AnnexAListNumber>(list: N): fc.Arbitrary<AnnexARowData<N>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const column of listSpec(list).columns) {
    const value = valueArbitrary(column);
    shape[column.field] = column.required ? value : fc.option(value, { nil: null, freq: 4 });
  }
  return fc.record(shape) as unknown as fc.Arbitrary<AnnexARowData<N>>;
}
