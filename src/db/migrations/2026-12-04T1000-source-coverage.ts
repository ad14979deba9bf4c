import { sql, type Kysely } from 'kysely';

/**
 * The dates each batch's data covers, per source family (each Annex A list, allocations, roster,
 * CSWW, later the statutory returns): a figure is counted, compared or charted only for a
 * period inside the union of its families' windows. `import_batch.covers_from` records a longer
 * window the importer was told an Annex A extract holds.
 *
 * Existing batches are backfilled from their extract date with the Annex A guidance windows
 * (six months for lists 1-8, the extract date alone for care leavers, twelve months for
 * adoption and adopters), for the lists each batch held.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_batch').addColumn('covers_from', 'date').execute();
  await db.schema
    .createTable('source_coverage')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('covers_from', 'date', (c) => c.notNull())
    .addColumn('covers_to', 'date', (c) => c.notNull())
    .addCheckConstraint('source_coverage_order', sql`covers_from <= covers_to`)
    .execute();
  await db.schema.createIndex('source_coverage_la').on('source_coverage').columns(['la_code', 'family']).execute();
  await db.schema.createIndex('source_coverage_batch').on('source_coverage').columns(['batch_id']).execute();

  await sql`
    insert into source_coverage (la_code, batch_id, source, family, covers_from, covers_to)
    select b.la_code, b.id, 'annex-a', w.family,
      case
        when w.months = 0 then b.extract_date
        when b.extract_date = (date_trunc('month', b.extract_date) + interval '1 month - 1 day')::date
          then (date_trunc('month', b.extract_date - make_interval(months => w.months)) + interval '1 month')::date
        else (b.extract_date - make_interval(months => w.months) + interval '1 day')::date
      end,
      b.extract_date
    from import_batch b
    cross join lateral jsonb_array_elements(coalesce(b.summary -> 'lists', '[]'::jsonb)) l
    join (values (1, 'contacts', 6), (2, 'early_help', 6), (3, 'referrals', 6), (4, 'assessments', 6), (5, 's47', 6), (6, 'cin', 6),
                 (7, 'cp', 6), (8, 'cla', 6), (9, 'care_leavers', 0), (10, 'adoption', 12), (11, 'adopters', 12)) as w(list, family, months)
      on w.list = (l ->> 'list')::int
    where b.source = 'annex-a' and b.status = 'loaded' and b.extract_date is not null`.execute(db);

  await sql`
    insert into source_coverage (la_code, batch_id, source, family, covers_from, covers_to)
    select b.la_code, b.id, b.source, b.source, coalesce(b.extract_date, b.loaded_at::date), coalesce(b.extract_date, b.loaded_at::date)
    from import_batch b
    where b.source in ('roster', 'allocations') and b.status = 'loaded'`.execute(db);

  await sql`
    insert into source_coverage (la_code, batch_id, source, family, covers_from, covers_to)
    select c.la_code, c.batch_id, 'csww', 'csww', make_date(c.census_year - 1, 10, 1), make_date(c.census_year, 9, 30)
    from csww_census c
    where c.census_year > 1900`.execute(db);
}
