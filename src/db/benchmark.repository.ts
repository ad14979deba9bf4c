import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredBenchmarkDataset {
  id: number;
  version: string;
  published: string | null;
  content: string;
  importedBy: string;
  importedAt: Date;
}

/** The newest imported benchmark dataset, or undefined when only the shipped one exists. */
export async function latestBenchmarkDataset(db: Db): Promise<StoredBenchmarkDataset | undefined> {
  const row = await db.selectFrom('benchmark_dataset').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && { id: row.id, version: row.version, published: row.published, content: row.content, importedBy: row.imported_by, importedAt: new Date(row.imported_at) };
}

/** The id of the newest import only: cheap to check whether a cached copy is still current. */
export async function latestBenchmarkDatasetId(db: Db): Promise<number | null> {
  const row = await db.selectFrom('benchmark_dataset').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

export async function insertBenchmarkDataset(db: Db, row: { version: string; published: string | null; content: string; importedBy: string }): Promise<number> {
  const inserted = await db.insertInto('benchmark_dataset').values({ version: row.version, published: row.published, content: row.content, imported_by: row.importedBy }).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}
