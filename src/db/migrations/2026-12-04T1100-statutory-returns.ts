import { sql, type Kysely } from 'kysely';

/**
 * The statutory returns (SSDA903 and the CIN census), kept per return: each return's rows carry
 * its collection year and the batch that loaded it, so re-importing a year replaces just that
 * year and a backfill of an older return never overwrites a newer one. Which return's values
 * hold for an episode is decided on reading: the latest collection year wins
 * (`ssda903_episode_latest`, `cin_census_latest`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ssda903_episode')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('return_year', 'integer', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('reason_new_episode', 'text')
    .addColumn('legal_status', 'text')
    .addColumn('cin_category', 'text')
    .addColumn('placement_type', 'text')
    .addColumn('placement_provider', 'text')
    .addColumn('reason_ceased', 'text')
    .addColumn('reason_place_change', 'text')
    .addColumn('urn', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ssda903_episode_pk', ['la_code', 'return_year', 'child_id', 'start_date'])
    .execute();
  await db.schema.createIndex('ssda903_episode_batch').on('ssda903_episode').columns(['la_code', 'batch_id']).execute();
  await db.schema.createIndex('ssda903_episode_child').on('ssda903_episode').columns(['la_code', 'child_id', 'start_date']).execute();

  // Every other 903 table (header, UASC, missing, reviews, previous permanence, social worker
  // episodes, OC2, OC3, adoption tables): one row per row read, the dates and code the
  // indicators use typed, the whole row in `data`.
  await db.schema
    .createTable('ssda903_record')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('return_year', 'integer', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date')
    .addColumn('end_date', 'date')
    .addColumn('code', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('ssda903_record_table').on('ssda903_record').columns(['la_code', 'table_name', 'return_year']).execute();
  await db.schema.createIndex('ssda903_record_batch').on('ssda903_record').columns(['la_code', 'batch_id']).execute();

  // CIN census modules: referral (CINdetails), assessment, cin_plan, s47, cp_plan. `referral_date`
  // ties a module to its CINdetails; `start_date` is the module's own start.
  await db.schema
    .createTable('cin_census_event')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('census_year', 'integer', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('referral_date', 'date', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('nfa', 'boolean')
    .addColumn('icpc_date', 'date')
    .addColumn('icpc_not_required', 'boolean')
    .addColumn('previous_plans', 'integer')
    .addColumn('category', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('cin_census_event_family').on('cin_census_event').columns(['la_code', 'family', 'child_id', 'start_date']).execute();
  await db.schema.createIndex('cin_census_event_batch').on('cin_census_event').columns(['la_code', 'batch_id']).execute();

  await sql`create view ssda903_episode_latest as
    select distinct on (la_code, child_id, start_date) *
    from ssda903_episode
    order by la_code, child_id, start_date, return_year desc`.execute(db);
  await sql`create view cin_census_latest as
    select distinct on (la_code, family, child_id, referral_date, start_date) *
    from cin_census_event
    order by la_code, family, child_id, referral_date, start_date, census_year desc, id`.execute(db);
}
