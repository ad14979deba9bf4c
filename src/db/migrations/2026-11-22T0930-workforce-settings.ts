import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per council: its name, the active caseload standard and whether its data is synthetic.
  await db.schema
    .createTable('la_setting')
    .addColumn('la_code', 'text', (c) => c.primaryKey())
    .addColumn('la_name', 'text')
    .addColumn('active_profile', 'text', (c) => c.notNull().defaultTo('local-18-20'))
    .addColumn('custom_profile', 'jsonb')
    .addColumn('synthetic', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('population')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('children_0_17', 'integer', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('population_pk', ['la_code', 'year'])
    .execute();

  await db.schema
    .createTable('csww_census')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('census_year', 'integer', (c) => c.notNull())
    .addColumn('census_date', 'date')
    .addColumn('vacancies', 'jsonb')
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('csww_census_pk', ['la_code', 'census_year'])
    .execute();

  await db.schema
    .createTable('csww_worker')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('census_year', 'integer', (c) => c.notNull())
    .addColumn('swe_no', 'text')
    .addColumn('fte', sql`numeric(6,4)`)
    .addColumn('fte30', sql`numeric(6,4)`)
    .addColumn('org_role', 'integer')
    .addColumn('agency', 'boolean')
    .addColumn('cases30', 'integer')
    .addColumn('role_start_date', 'date')
    .addColumn('role_end_date', 'date')
    .addColumn('reason_leave', 'text')
    .addColumn('working_days_lost', sql`numeric(8,2)`)
    .addColumn('absent_30_sept', 'boolean')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('csww_worker_la_year').on('csww_worker').columns(['la_code', 'census_year']).execute();
}
