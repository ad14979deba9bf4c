import { sql, type Kysely, type Transaction } from 'kysely';
import { bulkInsert } from './bulk.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type EventTable = 'contact' | 'early_help' | 'referral' | 'assessment' | 's47' | 'cin_episode' | 'cp_plan' | 'cla_episode' | 'care_leaver' | 'adoption' | 'adopter';

/** Rows for one list table: key and typed columns, plus the full row as JSON text in `data`. */
export type EventRow = Record<string, unknown>;

const KEYS: Record<EventTable, string[]> = {
  contact: ['la_code', 'child_id', 'event_date'],
  early_help: ['la_code', 'child_id', 'event_date'],
  referral: ['la_code', 'child_id', 'event_date'],
  assessment: ['la_code', 'child_id', 'event_date'],
  s47: ['la_code', 'child_id', 'event_date'],
  cin_episode: ['la_code', 'child_id', 'event_date'],
  cp_plan: ['la_code', 'child_id', 'event_date'],
  cla_episode: ['la_code', 'child_id', 'event_date'],
  care_leaver: ['la_code', 'child_id'],
  adoption: ['la_code', 'child_id', 'event_date'],
  adopter: ['la_code', 'adopter_id'],
};

export function eventKeyColumns(table: EventTable): readonly string[] {
  return KEYS[table];
}

/** SQL types of each list table's columns, as the annex-a-events migration created them. */
const COMMON: Record<string, string> = { la_code: 'text', data: 'jsonb', first_batch_id: 'integer', last_batch_id: 'integer', last_extract_date: 'date' };
const CHILD_EVENT: Record<string, string> = { ...COMMON, child_id: 'text', event_date: 'date', allocated_team: 'text', allocated_worker: 'text' };
const COLUMNS: Record<EventTable, Record<string, string>> = {
  contact: { ...CHILD_EVENT, source: 'text' },
  early_help: { ...CHILD_EVENT, completion_date: 'date', organisation: 'text' },
  referral: { ...CHILD_EVENT, source: 'text', nfa: 'boolean', referrals_last_12m: 'integer' },
  assessment: { ...CHILD_EVENT, authorised_date: 'date', child_seen: 'boolean' },
  s47: { ...CHILD_EVENT, icpc_required: 'boolean', icpc_date: 'date', icpc_cp_plan: 'boolean' },
  cin_episode: { ...CHILD_EVENT, closure_date: 'date', primary_need: 'text', closure_reason: 'text' },
  cp_plan: { ...CHILD_EVENT, end_date: 'date', initial_category: 'text', latest_category: 'text', previous_plans: 'integer' },
  cla_episode: { ...CHILD_EVENT, end_date: 'date', legal_status: 'text', placement_type: 'text', placements_last_12m: 'integer', reason_ceased: 'text' },
  care_leaver: { ...COMMON, child_id: 'text', allocated_team: 'text', allocated_worker: 'text', eligibility: 'text', in_touch: 'text', accommodation_type: 'text', accommodation_suitable: 'boolean', activity: 'text' },
  adoption: { ...CHILD_EVENT, placement_order_date: 'date', placed_date: 'date', adoption_order_date: 'date', no_longer_placed_date: 'date' },
  adopter: { ...COMMON, adopter_id: 'text', enquiry_date: 'date', approved_date: 'date', matched_date: 'date', placed_date: 'date', left_date: 'date' },
};

/**
 * Inserts events, or updates the stored event when this extract is as new as or newer than the
 * one that last wrote it: the latest extract's values win, and an older extract loaded later
 * (a backfill) never overwrites them. `first_batch_id` keeps the batch that first saw the event.
 * Each row must have every column of its table; `data` is the parsed row as an object.
 */
export async function upsertEvents(db: Db, table: EventTable, rows: readonly EventRow[]): Promise<void> {
  const columns = COLUMNS[table];
  const keys = KEYS[table];
  await bulkInsert(db, rows, {
    table,
    columns,
    conflict: { keys, update: Object.keys(columns).filter((c) => !keys.includes(c) && c !== 'first_batch_id'), where: `${table}.last_extract_date <= excluded.last_extract_date` },
  });
}

/** Events that only the given batch ever saw: what replacing that batch must remove. */
export async function deleteEventsOnlyIn(db: Db, table: EventTable, laCode: string, batchId: number): Promise<void> {
  await sql`delete from ${sql.table(table)} where la_code = ${laCode} and first_batch_id = ${batchId} and last_batch_id = ${batchId}`.execute(db);
}

export async function upsertChildren(
  db: Db,
  laCode: string,
  batchId: number,
  children: ReadonlyArray<{ childId: string; sex: string | null; ethnicity: string | null; dateOfBirth: string | null; disability: string | null }>,
): Promise<void> {
  await bulkInsert(
    db,
    children.map((c) => ({ la_code: laCode, child_id: c.childId, sex: c.sex, ethnicity: c.ethnicity, date_of_birth: c.dateOfBirth, disability: c.disability, batch_id: batchId })),
    {
      table: 'child',
      columns: { la_code: 'text', child_id: 'text', sex: 'text', ethnicity: 'text', date_of_birth: 'date', disability: 'text', batch_id: 'integer' },
      conflict: { keys: ['la_code', 'child_id'], update: ['sex', 'ethnicity', 'date_of_birth', 'disability', 'batch_id'] },
    },
  );
}

export async function insertSnapshotRows(
  db: Db,
  rows: ReadonlyArray<{ la_code: string; batch_id: number; extract_date: string; list: number; child_id: string; event_date: string | null }>,
): Promise<void> {
  await bulkInsert(db, rows, {
    table: 'annex_a_snapshot',
    columns: { la_code: 'text', batch_id: 'integer', extract_date: 'date', list: 'integer', child_id: 'text', event_date: 'date' },
  });
}

export async function deleteSnapshotRows(db: Db, laCode: string, batchId: number): Promise<void> {
  await db.deleteFrom('annex_a_snapshot').where('la_code', '=', laCode).where('batch_id', '=', batchId).execute();
}

export async function countEventRows(db: Db, table: EventTable, laCode: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where la_code = ${laCode}`.execute(db);
  return r.rows[0]?.n ?? 0;
}
