import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * How many councils' page figures (indicators, caseloads, forecast summaries) the caches keep: a
 * regional pool's page reads every member's, and a server warms every council's as it starts,
 * so a cache sized for a few councils would drop the first ones warmed before anyone asked.
 * England has 153 councils. The data the figures are computed from is far larger and is kept
 * for a few councils only.
 */
export const COUNCILS_KEPT = 160;

/**
 * Recent results by key, least recently used dropped first. Callers put the LA's data version
 * in the key, so an import or a settings change makes old entries unreachable rather than
 * stale. Concurrent requests for one key share a single computation.
 */
export class ResultCache {
  readonly #entries = new Map<string, Promise<unknown>>();

  constructor(private readonly size: number) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit as Promise<T>;
    }
    const value = compute();
    this.#entries.set(key, value);
    value.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.size) this.#entries.delete(this.#entries.keys().next().value as string);
    return value;
  }
}

/**
 * A cache of a council's results under its data version: `cached(laCode, what, compute)` keeps the
 * result of `compute` until the council's data or settings change (or `size` newer results push it out).
 */
export function councilCache(db: Kysely<Database>, size: number) {
  const cache = new ResultCache(size);
  return async <T>(laCode: string, what: string, compute: () => Promise<T>): Promise<T> => cache.get(`${laCode}|${what}|${await dataVersion(db, laCode)}`, compute);
}

const readOnlyScope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/**
 * Runs `fn` with a memo shared by everything it calls, for work that changes no data (a web page
 * being read): a page asks for a council's data version or the list of councils once, however
 * many of its parts need them. Never for work that writes, which must see its own changes.
 */
export function withReadOnlyMemo<T>(fn: () => T): T {
  return readOnlyScope.run(new Map(), fn);
}

/** `compute()`, shared with the rest of the current read-only scope when there is one. */
export function memoInReadOnlyScope<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const memo = readOnlyScope.getStore();
  if (!memo) return compute();
  const hit = memo.get(key);
  if (hit) return hit as Promise<T>;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Changes whenever an import for the LA is loaded or replaced, or its settings change. */
export function dataVersion(db: Kysely<Database>, laCode: string): Promise<string> {
  return memoInReadOnlyScope(`dataVersion|${laCode}`, () => readDataVersion(db, laCode));
}

async function readDataVersion(db: Kysely<Database>, laCode: string): Promise<string> {
  const row = await sql<{ v: string }>`
    select concat_ws(':',
      (select max(id) from import_batch where la_code = ${laCode}),
      (select count(*) from import_batch where la_code = ${laCode} and status <> 'loaded'),
      (select extract(epoch from updated_at) from la_setting where la_code = ${laCode})) as v`.execute(db);
  return row.rows[0]?.v ?? '';
}

/** `dataVersion` of several LAs in one statement (a pool page asks for all its councils at once), in the order given. */
export async function dataVersions(db: Kysely<Database>, laCodes: readonly string[]): Promise<string[]> {
  if (laCodes.length === 0) return [];
  const rows = await sql<{ la_code: string; v: string }>`
    select l.la_code, concat_ws(':',
      (select max(id) from import_batch b where b.la_code = l.la_code),
      (select count(*) from import_batch b where b.la_code = l.la_code and b.status <> 'loaded'),
      (select extract(epoch from s.updated_at) from la_setting s where s.la_code = l.la_code)) as v
    from (values ${sql.join(laCodes.map((c) => sql`(${c}::text)`))}) as l(la_code)`.execute(db);
  const byLa = new Map(rows.rows.map((r) => [r.la_code, r.v]));
  return laCodes.map((c) => byLa.get(c) ?? '');
}
