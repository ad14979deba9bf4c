import { sql, type Kysely } from 'kysely';

// Every table carries la_code: one database may hold one council or a regional pool, and
// la_code is the shard key if the pool ever moves to a distributed PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_batch')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('extract_date', 'date')
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_loaded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('import_batch_la_source').on('import_batch').columns(['la_code', 'source', 'extract_date']).execute();

  await db.schema
    .createTable('import_issue')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('list', 'integer')
    .addColumn('sheet', 'text')
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('column_name', 'text')
    .addColumn('value', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_issue_batch').on('import_issue').columns(['batch_id', 'severity']).execute();

  await db.schema
    .createTable('team')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('norm_name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seen_only_in_annex_a', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('batch_id', 'integer', (c) => c.references('import_batch.id').onDelete('set null'))
    .addPrimaryKeyConstraint('team_pk', ['la_code', 'team_id'])
    .execute();
  await db.schema.createIndex('team_norm_name').on('team').columns(['la_code', 'norm_name']).execute();

  await db.schema
    .createTable('worker')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('norm_name', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('fte', sql`numeric(5,3)`, (c) => c.notNull().defaultTo(1))
    .addColumn('asye', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('agency', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('start_date', 'date')
    .addColumn('end_date', 'date')
    .addColumn('manager_id', 'text')
    .addColumn('seen_only_in_annex_a', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('batch_id', 'integer', (c) => c.references('import_batch.id').onDelete('set null'))
    .addPrimaryKeyConstraint('worker_pk', ['la_code', 'worker_id'])
    .execute();
  await db.schema.createIndex('worker_norm_name').on('worker').columns(['la_code', 'norm_name']).execute();
  await db.schema.createIndex('worker_team').on('worker').columns(['la_code', 'team_id']).execute();

  await db.schema
    .createTable('child')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('sex', 'text')
    .addColumn('ethnicity', 'text')
    .addColumn('date_of_birth', 'date')
    .addColumn('disability', 'text')
    .addColumn('batch_id', 'integer', (c) => c.references('import_batch.id').onDelete('set null'))
    .addPrimaryKeyConstraint('child_pk', ['la_code', 'child_id'])
    .execute();

  // snapshot_date is set for allocations read from an Annex A extract: they say only who held
  // the case at that extract date. Allocations from the allocations import carry real periods.
  await db.schema
    .createTable('allocation')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('snapshot_date', 'date')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('allocation_la_dates').on('allocation').columns(['la_code', 'start_date', 'end_date']).execute();
  await db.schema.createIndex('allocation_la_worker').on('allocation').columns(['la_code', 'worker_id']).execute();
  await db.schema.createIndex('allocation_la_snapshot').on('allocation').columns(['la_code', 'source', 'snapshot_date']).execute();
}
