import { stringify } from 'csv-stringify/sync';
import { SSDA903_TABLES, type Ssda903TableName } from './tables.ts';

/** Rows of one 903 table by column name; dates ISO (the DfE files use DD/MM/YYYY, which `ukDates` gives). */
export type Ssda903Rows = ReadonlyArray<Readonly<Record<string, string | null>>>;

const toUk = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}` : v);

/** Writes one SSDA903 table as the DfE CSV layout: the table's columns in order, a header row. */
export function writeSsda903Table(table: Ssda903TableName, rows: Ssda903Rows, options: { ukDates?: boolean } = {}): string {
  const spec = SSDA903_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`unknown SSDA903 table ${table}`);
  return stringify([
    [...spec.columns],
    ...rows.map((r) => spec.columns.map((c) => {
      const v = r[c] ?? '';
      return options.ukDates && spec.dates.includes(c) ? toUk(v) : v;
    })),
  ]);
}
