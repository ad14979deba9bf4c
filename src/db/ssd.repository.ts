import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The latest extract date of the LA's other loaded SSD imports, or null when there is none. */
export async function latestOtherSsdExtract(db: Db, laCode: string, batchId: number): Promise<string | null> {
  const row = await db
    .selectFrom('import_batch')
    .select((eb) => eb.fn.max('extract_date').as('d'))
    .where('la_code', '=', laCode)
    .where('source', '=', 'ssd')
    .where('status', '=', 'loaded')
    .where('id', '<>', batchId)
    .executeTakeFirst();
  return row?.d ?? null;
}

/** Removes the allocations earlier SSD imports loaded (each extract holds the whole involvement history). */
export async function deleteSsdAllocations(db: Db, laCode: string): Promise<void> {
  await db.deleteFrom('allocation').where('la_code', '=', laCode).where('source', '=', 'ssd').execute();
}
