import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { ANNEX_A_LISTS, type ColumnSpec } from '../../src/formats/annex-a/data-map.ts';
import { parseAnnexA } from '../../src/formats/annex-a/parse.ts';
import type { AnnexAListNumber, AnnexARowData } from '../../src/formats/annex-a/types.ts';
import { writeAnnexAWorkbook, type AnnexAListsInput } from '../../src/formats/annex-a/write.ts';
import { createLogger } from '../../src/logger.ts';
import { annexAImporter } from '../../src/services/annex-a.importer.ts';
import { runImport } from '../../src/services/import-runner.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';

/**
 * Every field of every Annex A row type is stored: a row per list with every column set to its
 * own value (dates a day apart in column order, numbers counting up, codes the last of their
 * vocabulary) goes through the writer, the parser and the importer; each field of the parsed row
 * must come back from the stored row, and each typed column must hold one of the row's values.
 */
const TABLES: Record<AnnexAListNumber, string> = { 1: 'contact', 2: 'early_help', 3: 'referral', 4: 'assessment', 5: 's47', 6: 'cin_episode', 7: 'cp_plan', 8: 'cla_episode', 9: 'care_leaver', 10: 'adoption', 11: 'adopter' };
const LISTS = Object.keys(TABLES).map(Number) as AnnexAListNumber[];
const META = new Set(['la_code', 'child_id', 'adopter_id', 'event_date', 'data', 'first_batch_id', 'last_batch_id', 'last_extract_date', 'allocated_team', 'allocated_worker']);

function day(n: number): string {
  return new Date(Date.UTC(2005, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

function valueFor(column: ColumnSpec, list: number, index: number): string | number | boolean {
  switch (column.type) {
    case 'id':
      return `${column.field}-${list}`;
    case 'text':
      return `${column.field} of list ${list}`;
    case 'postcode':
      return 'LE3 8RA';
    case 'date':
      return day(index * 40 + list);
    case 'integer':
      return index + 2;
    case 'decimal':
      return index + 0.5;
    case 'yesno':
      return column.inverted !== true;
    case 'coded': {
      const codes = column.vocabulary ?? [];
      return codes[codes.length - 1]?.code ?? 'X';
    }
  }
}

function rowFor(list: AnnexAListNumber): Record<string, string | number | boolean> {
  return Object.fromEntries(ANNEX_A_LISTS[list].columns.map((column, i) => [column.field, valueFor(column, list, i)]));
}

function plain(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

describe.each(testDrivers())('every Annex A field is stored, on $kind', (driver) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await driver.open();
    await truncateAll(handle.db);
  });
  afterAll(async () => handle.close());

  it('keeps each field of each list’s row, and fills every typed column', async () => {
    // The writer takes typed rows; these are built from the column map, so they are typed here once.
    const input = Object.fromEntries(LISTS.map((list) => [list, [rowFor(list) as unknown as AnnexARowData<typeof list>]])) as AnnexAListsInput;
    const bytes = await writeAnnexAWorkbook(input);
    const parsed = await parseAnnexA({ buffer: bytes, fileName: 'every-field.xlsx' });
    expect(parsed.fatal).toBeUndefined();
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);

    await runImport({ db: handle.db, clock: () => new Date('2024-06-01T10:00:00Z'), logger: createLogger({ level: 'silent' }) }, annexAImporter(), { laCode: '855', fileName: 'every-field.xlsx', bytes, loadedBy: 'test', extractDate: '2024-03-31' });

    for (const list of LISTS) {
      const rows = parsed.rows[list] ?? [];
      expect(rows, `list ${list}`).toHaveLength(1);
      const { rowNumber: _rowNumber, ...fields } = rows[0]!;
      const written = rowFor(list);
      for (const field of Object.keys(written)) expect(fields, `list ${list} parses ${field}`).toHaveProperty(field);
      for (const [field, value] of Object.entries(fields)) if (field in written) expect(value, `list ${list} ${field} survives the file`).not.toBeNull();

      const stored = (await sql<Record<string, unknown>>`select * from ${sql.table(TABLES[list])} where la_code = '855'`.execute(handle.db)).rows;
      expect(stored, `list ${list} stored`).toHaveLength(1);
      const row = stored[0]!;
      const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
      for (const [field, value] of Object.entries(fields)) expect(data[field], `list ${list} stores ${field}`).toEqual(value);

      const values = new Set(Object.values(fields).map(plain));
      for (const [column, value] of Object.entries(row)) {
        if (META.has(column)) continue;
        expect(value, `list ${list} fills ${column}`).not.toBeNull();
        expect(values.has(plain(value)), `list ${list} ${column} = ${plain(value)} is one of the row's values`).toBe(true);
      }
    }
  });
});
