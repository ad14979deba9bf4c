import { sql, type Kysely } from 'kysely';

// The published benchmarks a council has refreshed with `headroom benchmarks import`: the
// whole compact dataset as JSON text, one row per import (the newest is used; older ones are
// kept to trace which figures a report used). The data is national, not one council's, so
// la_code is '*' (on Citus this would be a reference table).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('benchmark_dataset')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull().defaultTo('*'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('published', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
