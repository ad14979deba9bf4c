import { sql, type DatabaseConnection, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { isCopyConnection, type CopyConnection } from './copy-connection.ts';
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
 * Inserts many rows, `chunk` rows (2,000) per statement, in order: a key repeated in a later
 * chunk meets the row an earlier chunk wrote. A call is all or nothing; outside a transaction it
 * opens its own. Each value reaches its column as it would through JSON: a jsonb column takes
 * the value itself (a string stays a JSON string), any other column the value's JSON text
 * (strings unquoted); null, undefined and non-finite numbers are NULL.
 *
 * PostgreSQL receives the rows by `COPY … FROM STDIN` into a temporary table, inserted from
 * there chunk by chunk; parsing COPY's text costs the server less than expanding JSON. Rows with
 * no conflict clause whose declared types are the table's own column types are COPYed straight
 * into the table: each value then meets the same input function it would in the temporary table.
 * PGlite receives one JSON document per chunk (as jsonb bytes), expanded by jsonb_to_recordset: binding tens of
 * thousands of separate parameters is what makes batch inserts slow there, and its COPY (through a
 * virtual file) plus the staging table measured slower than this. Column names and types, and
 * the conflict's `where`, come from code, never from input.
 */
export async function bulkInsert(db: Db, rows: readonly BulkRow[], options: BulkOptions): Promise<void> {
  if (rows.length === 0) return;
  if (!db.isTransaction) {
    await db.transaction().execute((tx) => bulkInsert(tx, rows, options));
    return;
  }
  const statements = new BulkStatements(db, options);
  // The transaction's own connection (Kysely's executor hands out no other inside a transaction):
  // the COPY has to run in the import's transaction, so a failure or a kill leaves nothing behind.
  await db.getExecutor().provideConnection((connection) =>
    isCopyConnection(connection) ? insertByCopy(connection, statements, rows) : insertByJson(connection, statements, rows),
  );
}

const STAGING = sql.table('pg_temp.headroom_bulk');
const ORDINAL = sql.ref('headroom_row');

class BulkStatements {
  readonly names: string[];
  readonly jsonb: boolean[];
  readonly size: number;
  readonly #db: Db;
  readonly #table: RawBuilder<unknown>;
  readonly #cols: RawBuilder<unknown>;
  readonly #types: RawBuilder<unknown>;
  readonly #onConflict: RawBuilder<unknown>;
  readonly #options: BulkOptions;

  constructor(db: Db, options: BulkOptions) {
    this.#db = db;
    this.#options = options;
    this.names = Object.keys(options.columns);
    this.jsonb = this.names.map((c) => options.columns[c] === 'jsonb');
    this.size = options.chunk ?? 2000;
    this.#table = sql.table(options.table);
    this.#cols = sql.join(this.names.map((c) => sql.ref(c)));
    this.#types = sql.raw(this.names.map((c) => `"${c}" ${options.columns[c]}`).join(', '));
    this.#onConflict = onConflict(options.conflict);
  }

  run(connection: DatabaseConnection, query: RawBuilder<unknown>): Promise<unknown> {
    return connection.executeQuery(query.compile(this.#db));
  }

  fromJson(json: string | Uint8Array): RawBuilder<unknown> {
    return sql`insert into ${this.#table} (${this.#cols}) select ${this.#cols} from jsonb_to_recordset(${json}::jsonb) as x(${this.#types}) ${this.#onConflict}`;
  }

  createStaging(): RawBuilder<unknown> {
    return sql`create temp table ${STAGING} (${this.#types}, ${ORDINAL} integer not null) on commit drop`;
  }

  copyToStaging(): string {
    return sql`copy ${STAGING} (${this.#cols}, ${ORDINAL}) from stdin`.compile(this.#db).sql;
  }

  /**
   * Whether the rows can go straight into the table: no conflict clause, and every declared type
   * is its column's own type, without a length or precision (so no cast happens on the way in).
   */
  async straightIn(connection: DatabaseConnection): Promise<boolean> {
    if (this.#options.conflict) return false;
    const declared = JSON.stringify(this.#options.columns);
    const result = await connection.executeQuery<{ same: boolean }>(
      sql<{ same: boolean }>`
        select bool_and(a.atttypid is not distinct from to_regtype(d.type)::oid and a.atttypmod = -1) as same
        from jsonb_each_text(${declared}::jsonb) as d(name, type)
        left join pg_attribute a on a.attrelid = to_regclass(${this.#options.table})::oid and a.attname = d.name and a.attnum > 0 and not a.attisdropped`.compile(this.#db),
    );
    return result.rows[0]?.same === true;
  }

  copyToTable(): string {
    return sql`copy ${this.#table} (${this.#cols}) from stdin`.compile(this.#db).sql;
  }

  /** In the rows' own order, as jsonb_to_recordset hands them over: with `do nothing`, the first of two rows with one key wins. */
  fromStaging(): RawBuilder<unknown> {
    return sql`insert into ${this.#table} (${this.#cols}) select ${this.#cols} from ${STAGING} order by ${ORDINAL} ${this.#onConflict}`;
  }
}

function onConflict(conflict: BulkOptions['conflict']): RawBuilder<unknown> {
  if (!conflict) return sql``;
  const keys = sql.join(conflict.keys.map((k) => sql.ref(k)));
  if (conflict.update.length === 0) return sql`on conflict (${keys}) do nothing`;
  const set = sql.join(conflict.update.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
  return sql`on conflict (${keys}) do update set ${set}${conflict.where ? sql` where ${sql.raw(conflict.where)}` : sql``}`;
}

async function insertByJson(connection: DatabaseConnection, statements: BulkStatements, rows: readonly BulkRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += statements.size) {
    await statements.run(connection, statements.fromJson(jsonbBinary(JSON.stringify(rows.slice(i, i + statements.size)))));
  }
}

/** `json` in jsonb's binary input format: the format's version (1), then the text in UTF-8. */
export function jsonbBinary(json: string): Uint8Array {
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(json) + 1);
  bytes[0] = 1;
  bytes.write(json, 1);
  return bytes;
}

async function insertByCopy(connection: CopyConnection, statements: BulkStatements, rows: readonly BulkRow[]): Promise<void> {
  if (await statements.straightIn(connection)) {
    await connection.copyFrom(statements.copyToTable(), chunksOf(rows, statements, false));
    return;
  }
  await statements.run(connection, statements.createStaging());
  const copy = statements.copyToStaging();
  const insert = statements.fromStaging();
  for (let i = 0; i < rows.length; i += statements.size) {
    if (i > 0) await statements.run(connection, sql`truncate ${STAGING}`);
    await connection.copyFrom(copy, [copyText(rows, i, Math.min(i + statements.size, rows.length), statements, true)]);
    await statements.run(connection, insert);
  }
  await statements.run(connection, sql`drop table ${STAGING}`);
}

/** The rows in COPY's text format, a chunk at a time (written only as the server takes them). */
function* chunksOf(rows: readonly BulkRow[], statements: BulkStatements, ordinal: boolean): Generator<string> {
  for (let i = 0; i < rows.length; i += statements.size) yield copyText(rows, i, Math.min(i + statements.size, rows.length), statements, ordinal);
}

/** Rows `from` to `to` in COPY's text format, each ending with its ordinal when `ordinal`. */
function copyText(rows: readonly BulkRow[], from: number, to: number, statements: BulkStatements, ordinal: boolean): string {
  const { names, jsonb } = statements;
  const lines: string[] = [];
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    let line = '';
    for (let c = 0; c < names.length; c++) {
      const text = columnText(row[names[c]!], jsonb[c]!);
      line += (text === null ? '\\N' : escapeCopy(text)) + (c < names.length - 1 || ordinal ? '\t' : '');
    }
    lines.push(ordinal ? line + r : line);
  }
  return lines.join('\n') + '\n';
}

/** The text jsonb_to_recordset would hand the column's input function for `value`, or null for NULL. */
function columnText(value: unknown, jsonb: boolean): string | null {
  if (value === null || value === undefined) return null;
  if (jsonb) {
    const json = JSON.stringify(value);
    return json === undefined || json === 'null' ? null : json;
  }
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? numericText(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    default: {
      // Dates and other objects: what their JSON is (a Date's is its ISO string).
      const json = JSON.stringify(value);
      if (json === undefined) return null;
      const parsed: unknown = JSON.parse(json);
      return typeof parsed === 'object' && parsed !== null ? json : columnText(parsed, false);
    }
  }
}

/**
 * A number as PostgreSQL writes the jsonb number it came in as: never in exponent form
 * (1e+21 is 1000000000000000000000, 1.5e-7 is 0.00000015), which a text column would otherwise keep.
 */
function numericText(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const sign = value < 0 ? '-' : '';
  const [whole = '', fraction = ''] = text.slice(sign.length, e).split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(text.slice(e + 1));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY's text format: backslash, tab, newline and carriage return escaped; everything else as it is. */
function escapeCopy(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPED[c] ?? c) : text;
}
