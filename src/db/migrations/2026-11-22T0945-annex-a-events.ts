import { sql, type Kysely } from 'kysely';

/**
 * One table per Annex A list. An event is keyed by LA, child and the list's own start date,
 * so the monthly extracts that repeat it keep one row: `first_batch_id` saw it first,
 * `last_batch_id` and `last_extract_date` last wrote it, and the latest extract's values win.
 * Typed columns hold what the indicators and caseloads use; `data` keeps the whole parsed row.
 * Care leavers (list 9) and adopters (list 11) carry no start date: one row per child or adopter.
 */
interface ListTable {
  name: string;
  key: 'child_event' | 'child' | 'adopter';
  columns: Array<[string, string]>;
}

const LISTS: ListTable[] = [
  { name: 'contact', key: 'child_event', columns: [['source', 'text']] },
  { name: 'early_help', key: 'child_event', columns: [['completion_date', 'date'], ['organisation', 'text']] },
  { name: 'referral', key: 'child_event', columns: [['source', 'text'], ['nfa', 'boolean'], ['referrals_last_12m', 'integer']] },
  { name: 'assessment', key: 'child_event', columns: [['authorised_date', 'date'], ['child_seen', 'boolean']] },
  { name: 's47', key: 'child_event', columns: [['icpc_required', 'boolean'], ['icpc_date', 'date'], ['icpc_cp_plan', 'boolean']] },
  { name: 'cin_episode', key: 'child_event', columns: [['closure_date', 'date'], ['primary_need', 'text'], ['closure_reason', 'text']] },
  { name: 'cp_plan', key: 'child_event', columns: [['end_date', 'date'], ['initial_category', 'text'], ['latest_category', 'text'], ['previous_plans', 'integer']] },
  { name: 'cla_episode', key: 'child_event', columns: [['end_date', 'date'], ['legal_status', 'text'], ['placement_type', 'text'], ['placements_last_12m', 'integer'], ['reason_ceased', 'text']] },
  { name: 'care_leaver', key: 'child', columns: [['eligibility', 'text'], ['in_touch', 'text'], ['accommodation_type', 'text'], ['accommodation_suitable', 'boolean'], ['activity', 'text']] },
  { name: 'adoption', key: 'child_event', columns: [['placement_order_date', 'date'], ['placed_date', 'date'], ['adoption_order_date', 'date'], ['no_longer_placed_date', 'date']] },
  { name: 'adopter', key: 'adopter', columns: [['enquiry_date', 'date'], ['approved_date', 'date'], ['matched_date', 'date'], ['placed_date', 'date'], ['left_date', 'date']] },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const list of LISTS) {
    let t = db.schema
      .createTable(list.name)
      .addColumn('la_code', 'text', (c) => c.notNull())
      .addColumn(list.key === 'adopter' ? 'adopter_id' : 'child_id', 'text', (c) => c.notNull());
    if (list.key === 'child_event') t = t.addColumn('event_date', 'date', (c) => c.notNull());
    for (const [name, type] of list.columns) t = t.addColumn(name, sql.raw(type));
    if (list.key !== 'adopter') {
      t = t.addColumn('allocated_team', 'text').addColumn('allocated_worker', 'text');
    }
    t = t
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('first_batch_id', 'integer', (c) => c.notNull())
      .addColumn('last_batch_id', 'integer', (c) => c.notNull())
      .addColumn('last_extract_date', 'date', (c) => c.notNull());
    const keyCols = list.key === 'child_event' ? ['la_code', 'child_id', 'event_date'] : list.key === 'child' ? ['la_code', 'child_id'] : ['la_code', 'adopter_id'];
    t = t.addPrimaryKeyConstraint(`${list.name}_pk`, keyCols as any);
    await t.execute();
    await db.schema.createIndex(`${list.name}_batch`).on(list.name).columns(['la_code', 'last_batch_id']).execute();
    if (list.key === 'child_event') await db.schema.createIndex(`${list.name}_date`).on(list.name).columns(['la_code', 'event_date']).execute();
  }

  // Which children each Annex A snapshot showed open on which list, with the allocation it named:
  // caseloads at an extract date come from here, and re-importing a snapshot replaces its rows.
  await db.schema
    .createTable('annex_a_snapshot')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .addColumn('extract_date', 'date', (c) => c.notNull())
    .addColumn('list', 'integer', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('event_date', 'date')
    .execute();
  await db.schema.createIndex('annex_a_snapshot_la_date').on('annex_a_snapshot').columns(['la_code', 'extract_date', 'list']).execute();
}
