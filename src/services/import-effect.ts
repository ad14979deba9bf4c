import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What a batch did to the rows of one kind: rows that were not there before, and rows already there that it changed or removed. */
export interface RowChange {
  added: number;
  changed: number;
}

/**
 * What one import did to a council's data, measured inside its transaction. `changed` counts
 * rows an earlier import had loaded that this one updated or removed: an import that changed
 * none of them can be undone exactly by deleting the rows it carries.
 */
export interface BatchEffect {
  children: RowChange;
  /** Annex A events and statutory return episodes and records. */
  events: RowChange;
  teams: RowChange;
  workers: RowChange;
  allocations: RowChange;
  /** Population, workforce census, Annex A snapshot rows. */
  other: RowChange;
}

type Group = keyof BatchEffect;

/** Every table an import writes, the column naming the batch that last wrote each row, and what it counts as. */
export const BATCH_TABLES: ReadonlyArray<{ table: keyof Database; column: 'batch_id' | 'last_batch_id'; group: Group }> = [
  { table: 'child', column: 'batch_id', group: 'children' },
  ...(['contact', 'early_help', 'referral', 'assessment', 's47', 'cin_episode', 'cp_plan', 'cla_episode', 'care_leaver', 'adoption', 'adopter'] as const).map((table) => ({
    table,
    column: 'last_batch_id' as const,
    group: 'events' as const,
  })),
  { table: 'ssda903_episode', column: 'batch_id', group: 'events' },
  { table: 'ssda903_record', column: 'batch_id', group: 'events' },
  { table: 'cin_census_event', column: 'batch_id', group: 'events' },
  { table: 'team', column: 'batch_id', group: 'teams' },
  { table: 'worker', column: 'batch_id', group: 'workers' },
  { table: 'allocation', column: 'batch_id', group: 'allocations' },
  { table: 'annex_a_snapshot', column: 'batch_id', group: 'other' },
  { table: 'population', column: 'batch_id', group: 'other' },
  { table: 'csww_census', column: 'batch_id', group: 'other' },
  { table: 'csww_worker', column: 'batch_id', group: 'other' },
];

export type RowCounts = Map<string, number>;

/** How many rows of each table the council has. */
export async function countCouncilRows(tx: Transaction<Database>, laCode: string): Promise<RowCounts> {
  const counts: RowCounts = new Map();
  for (const t of BATCH_TABLES) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.table)} where la_code = ${laCode}`.execute(tx);
    counts.set(t.table, Number(r.rows[0]?.n ?? 0));
  }
  return counts;
}

/**
 * Compares the council's rows after a load with the counts before it. A row the batch carries
 * was inserted or updated by it; the change in a table's size is inserted minus removed; so
 * carried minus the change in size is exactly the rows it updated or removed.
 */
export async function measureEffect(tx: Transaction<Database>, laCode: string, batchId: number, before: RowCounts): Promise<BatchEffect> {
  const effect: BatchEffect = {
    children: { added: 0, changed: 0 },
    events: { added: 0, changed: 0 },
    teams: { added: 0, changed: 0 },
    workers: { added: 0, changed: 0 },
    allocations: { added: 0, changed: 0 },
    other: { added: 0, changed: 0 },
  };
  for (const t of BATCH_TABLES) {
    const r = await sql<{ total: number; carried: number }>`
      select count(*)::int as total, count(*) filter (where ${sql.ref(t.column)} = ${batchId})::int as carried
      from ${sql.table(t.table)} where la_code = ${laCode}`.execute(tx);
    const total = Number(r.rows[0]?.total ?? 0);
    const carried = Number(r.rows[0]?.carried ?? 0);
    const net = total - (before.get(t.table) ?? 0);
    effect[t.group].added += Math.max(0, net);
    effect[t.group].changed += Math.max(0, carried - net);
  }
  return effect;
}

/** Whether the batch left every row earlier imports had loaded as it was. */
export function changedNothingEarlier(effect: BatchEffect): boolean {
  return Object.values(effect).every((c: RowChange) => c.changed === 0);
}

/**
 * Removes every row the batch carries. Only exact when the batch changed no earlier rows
 * (changedNothingEarlier) and no later batch has touched its rows.
 */
export async function deleteBatchRows(tx: Transaction<Database>, laCode: string, batchId: number): Promise<number> {
  let removed = 0;
  for (const t of [...BATCH_TABLES].reverse()) {
    const r = await sql`delete from ${sql.table(t.table)} where la_code = ${laCode} and ${sql.ref(t.column)} = ${batchId}`.execute(tx);
    removed += Number(r.numAffectedRows ?? 0n);
  }
  return removed;
}
