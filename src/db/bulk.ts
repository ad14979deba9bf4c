import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type BulkRow = Record<string, unknown>;

export interface BulkOptions {
  table: string;
  /** Column name to SQL type, e.g. { child_id: 'text', event_date: 'date', data: 'jsonb' }. */
  columns: Readonly<Record<string, string>>;
  /** On a key conflict: update these columns from the new row, optionally only when `where` holds. */
  conflict?: { keys: readonly string[]; update: readonly string[]; where?: string } | undefined;
  chunk?: number;
}

/**
 * Inserts many rows with one JSON parameter per statement, expanded in the database by
 * jsonb_to_recordset. Binding tens of thousands of separate parameters is what makes large
 * batch inserts slow on PGlite; one JSON document per few thousand rows is several times
 * faster there and no slower on PostgreSQL. Column names come from code, never from input.
 */
export async function bulkInsert(db: Db, rows: readonly BulkRow[], options: BulkOptions): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(options.columns);
  const cols = sql.join(names.map((c) => sql.ref(c)));
  const recordType = sql.raw(names.map((c) => `"${c}" ${options.columns[c]}`).join(', '));
  const conflict = options.conflict;
  const onConflict = conflict
    ? conflict.update.length === 0
      ? sql`on conflict (${sql.join(conflict.keys.map((k) => sql.ref(k)))}) do nothing`
      : sql`on conflict (${sql.join(conflict.keys.map((k) => sql.ref(k)))}) do update set ${sql.join(conflict.update.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}${conflict.where ? sql` where ${sql.raw(conflict.where)}` : sql``}`
    : sql``;
  const size = options.chunk ?? 2000;
  for (let i = 0; i < rows.length; i += size) {
    const json = JSON.stringify(rows.slice(i, i + size));
    await sql`insert into ${sql.table(options.table)} (${cols}) select ${cols} from jsonb_to_recordset(${json}::jsonb) as x(${recordType}) ${onConflict}`.execute(db);
  }
}
