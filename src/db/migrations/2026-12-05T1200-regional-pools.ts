import { sql, type Kysely } from 'kysely';

// Regional pools: councils that share their figures. A pool_member row exists only while that
// council's administrator consents; withdrawing consent deletes it. A regional analyst's account
// names its one pool. A pool is not one council's data, so its la_code is '*' like the
// benchmark dataset's; a member row carries the council's own la_code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pool')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull().defaultTo('*'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  // Names are unique whatever their case, so "London" and "london" cannot both exist.
  await sql`create unique index pool_name_lower on pool (lower(name))`.execute(db);

  await db.schema
    .createTable('pool_member')
    .addColumn('pool_id', 'integer', (c) => c.notNull().references('pool.id').onDelete('cascade'))
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('consented_by', 'text', (c) => c.notNull())
    .addColumn('consented_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('pool_member_pkey', ['pool_id', 'la_code'])
    .execute();
  await db.schema.createIndex('pool_member_la').on('pool_member').column('la_code').execute();

  // No cascade: a pool with analysts in it is not deleted until they are moved (the service says so).
  await db.schema.alterTable('app_user').addColumn('pool_id', 'integer', (c) => c.references('pool.id')).execute();
  await db.schema.createIndex('app_user_pool').on('app_user').column('pool_id').execute();
}
