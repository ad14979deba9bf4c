import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bulkInsert, jsonbBinary, type BulkOptions, type BulkRow } from '../../src/db/bulk.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { isCopyConnection } from '../../src/db/copy-connection.ts';
import { testDrivers } from '../support/databases.ts';

const COLUMNS = {
  id: 'text',
  t: 'text',
  d: 'date',
  b: 'boolean',
  n: 'numeric',
  i: 'integer',
  f: 'double precision',
  j: 'jsonb',
  ts: 'timestamptz',
  v: 'integer',
} as const;

const PROBE: BulkOptions = { table: 'bulk_probe', columns: COLUMNS };
const UPSERT: BulkOptions = { ...PROBE, conflict: { keys: ['id'], update: ['t', 'v'] } };
const NEWER_WINS: BulkOptions = { ...PROBE, conflict: { keys: ['id'], update: ['t', 'v'], where: 'bulk_probe.v <= excluded.v' } };
const KEEP_FIRST: BulkOptions = { ...PROBE, conflict: { keys: ['id'], update: [] } };

/** Text that COPY's text format (tab-separated, backslash escapes, \N for NULL) or CSV could get wrong. */
const AWKWARD = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'crlf\r\n',
  'back\\slash',
  'trailing\\',
  '\\N',
  '\\n, not a newline',
  '\\.',
  '\\\t\\',
  '\t',
  '"double" and \'single\' quotes',
  'comma, semicolon; pipe|',
  '',
  ' ',
  'NULL',
  'null',
  'Zoë, Łódź, 東京, 🧒🏽, שלום',
  '\u00a0non-breaking\u2028separator',
];

interface Stored {
  id: string;
  t: string | null;
  d: string | null;
  b: boolean | null;
  n: string | null;
  i: number | null;
  f: number | null;
  j: unknown;
  j_type: string | null;
  ts: string | null;
  v: number | null;
}

describe.each(testDrivers())('bulkInsert on $kind', (driver) => {
  let handle: DatabaseHandle;

  const stored = async (): Promise<Stored[]> =>
    (
      await sql<Stored>`
        select id, t, d, b, n::text as n, i, f, j, jsonb_typeof(j) as j_type, (ts at time zone 'UTC')::text as ts, v
        from bulk_probe order by id`.execute(handle.db)
    ).rows;
  const byId = async (): Promise<Map<string, Stored>> => new Map((await stored()).map((r) => [r.id, r]));

  beforeAll(async () => {
    handle = await driver.open({ migrate: false });
    await sql`
      create table bulk_probe (
        id text primary key, t text, d date, b boolean, n numeric, i integer, f double precision, j jsonb, ts timestamptz, v integer
      )`.execute(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await sql`delete from bulk_probe`.execute(handle.db);
  });

  it(`loads by ${driver.kind === 'postgresql' ? 'COPY' : 'JSON'}`, async () => {
    expect(await handle.db.getExecutor().provideConnection(async (c) => isCopyConnection(c))).toBe(driver.kind === 'postgresql');
  });

  it('hands PGlite each chunk as jsonb in its binary format, which a jsonb parameter reads as the same document', async () => {
    const bytes = jsonbBinary('{"name":"Zoë \\u0000-free","n":1}');
    expect(bytes[0]).toBe(1);
    expect(Buffer.from(bytes.subarray(1)).toString('utf8')).toBe('{"name":"Zoë \\u0000-free","n":1}');
    if (driver.kind !== 'pglite') return;
    const row = await sql<{ doc: unknown }>`select ${jsonbBinary('{"a":"é","b":[1,null]}')}::jsonb as doc`.execute(handle.db);
    expect(row.rows[0]?.doc).toEqual({ a: 'é', b: [1, null] });
    const text = await sql<{ doc: unknown }>`select ${'{"a":"é"}'}::jsonb as doc`.execute(handle.db);
    expect(text.rows[0]?.doc).toEqual({ a: 'é' });
  });

  it('round-trips awkward text exactly, in text columns and inside jsonb', async () => {
    const rows = AWKWARD.map((s, k) => ({ id: `a${String(k).padStart(2, '0')}`, t: s, j: { s, list: [s, { s }], [s]: s } }));
    await bulkInsert(handle.db, rows, { ...PROBE, chunk: 7 });
    const got = await stored();
    expect(got.map((r) => r.t)).toEqual(AWKWARD);
    expect(got.map((r) => r.j)).toEqual(rows.map((r) => r.j));
  });

  it('keeps NULL and the empty string apart, and reads values as JSON carries them', async () => {
    const rows: BulkRow[] = [
      { id: 'empty', t: '', j: '' },
      { id: 'null', t: null, d: null, b: null, n: null, i: null, f: null, j: null, ts: null },
      { id: 'missing' },
      { id: 'undefined', t: undefined, j: undefined },
      { id: 'nan', n: Number.NaN, f: Number.POSITIVE_INFINITY },
      { id: 'json-text', j: '{"a":1}' },
      { id: 'json-array', j: [1, 'two', null, { three: [true, false] }] },
      { id: 'json-numbers', j: { small: 0.1, big: 1e21, tiny: 1.5e-7, negative: -2.5 } },
      { id: 'numbers', t: 1e21, n: 1e21, i: 2147483647, f: 0.1 + 0.2 },
      { id: 'small-numbers', t: 1.5e-7, n: 1.5e-7, i: -5, f: 1e300 },
      { id: 'zero', t: -0, n: -0, i: 0, f: -0 },
      { id: 'booleans-true', t: true, b: true },
      { id: 'booleans-false', t: false, b: false },
      { id: 'text-booleans', b: 'yes' },
      { id: 'dates', d: '2024-02-29', ts: '2024-03-01T10:00:00Z' },
      { id: 'old-dates', d: '1900-01-01', ts: new Date('2024-03-01T10:00:00.123Z') },
    ];
    await bulkInsert(handle.db, rows, PROBE);
    const got = await byId();
    const blank = { t: null, d: null, b: null, n: null, i: null, f: null, j: null, j_type: null, ts: null, v: null };
    expect(got.get('empty')).toEqual({ ...blank, id: 'empty', t: '', j: '', j_type: 'string' });
    expect(got.get('null')).toEqual({ ...blank, id: 'null' });
    expect(got.get('missing')).toEqual({ ...blank, id: 'missing' });
    expect(got.get('undefined')).toEqual({ ...blank, id: 'undefined' });
    expect(got.get('nan')).toEqual({ ...blank, id: 'nan' });
    expect(got.get('json-text')).toMatchObject({ j: '{"a":1}', j_type: 'string' });
    expect(got.get('json-array')).toMatchObject({ j: [1, 'two', null, { three: [true, false] }], j_type: 'array' });
    expect(got.get('json-numbers')).toMatchObject({ j: { small: 0.1, big: 1e21, tiny: 1.5e-7, negative: -2.5 }, j_type: 'object' });
    expect(got.get('numbers')).toMatchObject({ t: '1000000000000000000000', n: '1000000000000000000000', i: 2147483647, f: 0.30000000000000004 });
    expect(got.get('small-numbers')).toMatchObject({ t: '0.00000015', n: '0.00000015', i: -5, f: 1e300 });
    expect(got.get('zero')).toMatchObject({ t: '0', n: '0', i: 0, f: 0 });
    expect(got.get('booleans-true')).toMatchObject({ t: 'true', b: true });
    expect(got.get('booleans-false')).toMatchObject({ t: 'false', b: false });
    expect(got.get('text-booleans')).toMatchObject({ b: true });
    expect(got.get('dates')).toMatchObject({ d: '2024-02-29', ts: '2024-03-01 10:00:00' });
    expect(got.get('old-dates')).toMatchObject({ d: '1900-01-01', ts: '2024-03-01 10:00:00.123' });
  });

  it('updates on a key conflict, only where the condition holds, or leaves the row alone', async () => {
    await bulkInsert(handle.db, [{ id: 'x', t: 'one', v: 1 }, { id: 'y', t: 'one', v: 5 }, { id: 'z', t: 'one', v: 1 }], PROBE);
    await bulkInsert(handle.db, [{ id: 'x', t: 'two', v: 2, d: '2024-01-01' }], UPSERT);
    await bulkInsert(handle.db, [{ id: 'y', t: 'older', v: 4 }, { id: 'z', t: 'newer', v: 2 }, { id: 'w', t: 'new', v: 1 }], NEWER_WINS);
    await bulkInsert(handle.db, [{ id: 'x', t: 'ignored', v: 9 }, { id: 'v', t: 'new', v: 1 }], KEEP_FIRST);
    const got = await byId();
    // Only the listed columns are updated: x's date was not.
    expect(got.get('x')).toMatchObject({ t: 'two', v: 2, d: null });
    expect(got.get('y')).toMatchObject({ t: 'one', v: 5 });
    expect(got.get('z')).toMatchObject({ t: 'newer', v: 2 });
    expect(got.get('w')).toMatchObject({ t: 'new', v: 1 });
    expect(got.get('v')).toMatchObject({ t: 'new', v: 1 });
  });

  it('meets a key repeated in a later chunk with the row an earlier chunk wrote', async () => {
    const rows = [
      { id: 'a', t: 'first', v: 2 },
      { id: 'b', t: 'first', v: 1 },
      { id: 'a', t: 'older', v: 1 },
      { id: 'b', t: 'newer', v: 2 },
      { id: 'c', t: 'first', v: 1 },
    ];
    await bulkInsert(handle.db, rows, { ...NEWER_WINS, chunk: 2 });
    expect((await stored()).map((r) => [r.id, r.t])).toEqual([
      ['a', 'first'],
      ['b', 'newer'],
      ['c', 'first'],
    ]);
  });

  it('keeps the first of two rows with one key in a chunk when told to do nothing, and refuses them when told to update', async () => {
    await bulkInsert(handle.db, [{ id: 'k', t: 'first' }, { id: 'k', t: 'second' }], KEEP_FIRST);
    expect((await stored()).map((r) => r.t)).toEqual(['first']);
    await expect(bulkInsert(handle.db, [{ id: 'k2', t: 'first' }, { id: 'k2', t: 'second' }], UPSERT)).rejects.toThrow(/a second time/);
  });

  it('leaves nothing when a load fails part-way inside a transaction, and the connection stays usable', async () => {
    const good = Array.from({ length: 10 }, (_, k) => ({ id: `g${k}`, t: 'good', d: '2024-01-01' }));
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await bulkInsert(tx, good, UPSERT);
        await bulkInsert(tx, [...good.map((r) => ({ ...r, id: `h${r.id}` })), { id: 'bad', d: 'not a date' }], { ...UPSERT, chunk: 4 });
      }),
    ).rejects.toThrow(/date/);
    expect(await stored()).toEqual([]);
    await handle.db.transaction().execute(async (tx) => {
      await bulkInsert(tx, good.slice(0, 2), UPSERT);
      await bulkInsert(tx, good.slice(2, 3), UPSERT);
    });
    expect((await stored()).map((r) => r.id)).toEqual(['g0', 'g1', 'g2']);
  });

  it('casts each value from its declared type when that is not the column’s own, as when it goes through JSON', async () => {
    // Declared numeric, stored in an integer column: the declared type's input, then the
    // assignment cast, rounds 2.5 to 3 (COPYed straight into the integer column it would be refused).
    await bulkInsert(handle.db, [{ id: 'rounded', i: 2.5, v: 7 }], { table: 'bulk_probe', columns: { id: 'text', i: 'numeric', v: 'integer' } });
    expect((await byId()).get('rounded')).toMatchObject({ i: 3, v: 7 });
  });

  it('refuses a row with a key already in the table when there is no conflict clause, leaving nothing', async () => {
    await bulkInsert(handle.db, [{ id: 'taken', t: 'first' }], PROBE);
    await expect(bulkInsert(handle.db, [{ id: 'fresh' }, { id: 'taken', t: 'second' }], PROBE)).rejects.toThrow(/duplicate key/);
    expect((await stored()).map((r) => [r.id, r.t])).toEqual([['taken', 'first']]);
  });

  it('is all or nothing outside a transaction too', async () => {
    const rows = [...Array.from({ length: 5 }, (_, k) => ({ id: `o${k}`, i: k })), { id: 'too-big', i: 2 ** 40 }];
    await expect(bulkInsert(handle.db, rows, { ...PROBE, chunk: 2 })).rejects.toThrow(/range/);
    expect(await stored()).toEqual([]);
  });

  it.runIf(driver.kind === 'postgresql')('abandons a COPY whose input fails, leaving the transaction to roll back', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'one\n';
      throw new Error('the input broke');
    }
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await sql`insert into bulk_probe (id) values ('before')`.execute(tx);
        await tx.getExecutor().provideConnection(async (connection) => {
          if (!isCopyConnection(connection)) throw new Error('expected a COPY connection');
          await connection.copyFrom('copy bulk_probe (id) from stdin', failing());
        });
      }),
    ).rejects.toThrow('the input broke');
    expect(await stored()).toEqual([]);
    await bulkInsert(handle.db, [{ id: 'after' }], PROBE);
    expect((await stored()).map((r) => r.id)).toEqual(['after']);
  });
});
