import type { Kysely, Transaction } from 'kysely';
import type { IsoDate } from '../domain/dates.ts';
import type { Allocation, CaseType, Role, Team, TeamKind, Worker } from '../domain/workforce/types.ts';
import { bulkInsert } from './bulk.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const CHUNK = 1000;

/** How names are matched within an LA: case, punctuation and repeated spaces do not matter. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\u00a0\s]+/g, ' ')
    .replace(/[‘’`]/g, "'")
    .trim()
    .toLowerCase();
}

export interface StoredTeam extends Team {
  seenOnlyInAnnexA: boolean;
}

export interface StoredWorker extends Worker {
  seenOnlyInAnnexA: boolean;
}

export async function upsertTeams(db: Db, laCode: string, batchId: number, teams: readonly Team[], options: { seenOnlyInAnnexA?: boolean } = {}): Promise<void> {
  for (let i = 0; i < teams.length; i += CHUNK) {
    const values = teams.slice(i, i + CHUNK).map((t) => ({
      la_code: laCode,
      team_id: t.teamId,
      name: t.name,
      norm_name: normaliseName(t.name),
      parent_id: t.parentId,
      kind: t.kind,
      seen_only_in_annex_a: options.seenOnlyInAnnexA ?? false,
      batch_id: batchId,
    }));
    await db
      .insertInto('team')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['la_code', 'team_id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          norm_name: eb.ref('excluded.norm_name'),
          parent_id: eb.ref('excluded.parent_id'),
          kind: eb.ref('excluded.kind'),
          seen_only_in_annex_a: eb.ref('excluded.seen_only_in_annex_a'),
          batch_id: eb.ref('excluded.batch_id'),
        })),
      )
      .execute();
  }
}

export async function upsertWorkers(db: Db, laCode: string, batchId: number, workers: readonly Worker[], options: { seenOnlyInAnnexA?: boolean } = {}): Promise<void> {
  for (let i = 0; i < workers.length; i += CHUNK) {
    const values = workers.slice(i, i + CHUNK).map((w) => ({
      la_code: laCode,
      worker_id: w.workerId,
      name: w.name,
      norm_name: normaliseName(w.name),
      team_id: w.teamId,
      role: w.role,
      fte: w.fte,
      asye: w.asye,
      agency: w.agency,
      start_date: w.startDate,
      end_date: w.endDate,
      manager_id: w.managerId,
      seen_only_in_annex_a: options.seenOnlyInAnnexA ?? false,
      batch_id: batchId,
    }));
    await db
      .insertInto('worker')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['la_code', 'worker_id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          norm_name: eb.ref('excluded.norm_name'),
          team_id: eb.ref('excluded.team_id'),
          role: eb.ref('excluded.role'),
          fte: eb.ref('excluded.fte'),
          asye: eb.ref('excluded.asye'),
          agency: eb.ref('excluded.agency'),
          start_date: eb.ref('excluded.start_date'),
          end_date: eb.ref('excluded.end_date'),
          manager_id: eb.ref('excluded.manager_id'),
          seen_only_in_annex_a: eb.ref('excluded.seen_only_in_annex_a'),
          batch_id: eb.ref('excluded.batch_id'),
        })),
      )
      .execute();
  }
}

export async function listTeams(db: Db, laCode: string): Promise<StoredTeam[]> {
  const rows = await db.selectFrom('team').selectAll().where('la_code', '=', laCode).orderBy('team_id').execute();
  return rows.map((r) => ({ teamId: r.team_id, name: r.name, parentId: r.parent_id, kind: r.kind as TeamKind, seenOnlyInAnnexA: r.seen_only_in_annex_a }));
}

export async function listWorkers(db: Db, laCode: string): Promise<StoredWorker[]> {
  const rows = await db.selectFrom('worker').selectAll().where('la_code', '=', laCode).orderBy('worker_id').execute();
  return rows.map((r) => ({
    workerId: r.worker_id,
    name: r.name,
    teamId: r.team_id,
    role: r.role as Role,
    fte: r.fte,
    asye: r.asye,
    agency: r.agency,
    startDate: r.start_date,
    endDate: r.end_date,
    managerId: r.manager_id,
    seenOnlyInAnnexA: r.seen_only_in_annex_a,
  }));
}

export async function insertAllocations(
  db: Db,
  laCode: string,
  batchId: number,
  source: 'allocations' | 'annex_a' | 'ssda903' | 'ssd',
  allocations: readonly Allocation[],
  snapshotDate: IsoDate | null = null,
): Promise<void> {
  await bulkInsert(
    db,
    allocations.map((a) => ({
      la_code: laCode,
      child_id: a.childId,
      worker_id: a.workerId,
      team_id: a.teamId,
      case_type: a.caseType,
      start_date: a.startDate,
      end_date: a.endDate,
      source,
      snapshot_date: snapshotDate,
      batch_id: batchId,
    })),
    {
      table: 'allocation',
      columns: { la_code: 'text', child_id: 'text', worker_id: 'text', team_id: 'text', case_type: 'text', start_date: 'date', end_date: 'date', source: 'text', snapshot_date: 'date', batch_id: 'integer' },
    },
  );
}

export async function deleteAllocationsOfBatch(db: Db, laCode: string, batchId: number): Promise<void> {
  await db.deleteFrom('allocation').where('la_code', '=', laCode).where('batch_id', '=', batchId).execute();
}

export async function countAllocationsBySource(db: Db, laCode: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('allocation')
    .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
    .where('la_code', '=', laCode)
    .groupBy('source')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.source, r.n]));
}

/** Allocations from the allocations import (or SSD involvements, or SSDA903 social worker episodes) that overlap [from, to]. */
export async function listAllocationsBetween(db: Db, laCode: string, from: IsoDate, to: IsoDate, source: 'allocations' | 'ssd' | 'ssda903' = 'allocations'): Promise<Allocation[]> {
  const rows = await db
    .selectFrom('allocation')
    .select(['child_id', 'worker_id', 'team_id', 'case_type', 'start_date', 'end_date'])
    .where('la_code', '=', laCode)
    .where('source', '=', source)
    .where('start_date', '<=', to)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', from)]))
    .execute();
  return rows.map(toAllocation);
}

/**
 * Extract dates of the Annex A snapshots loaded for an LA, oldest first. Taken from the loaded
 * batches, not the allocations, so an extract in which nobody held a case still counts.
 */
export async function listSnapshotDates(db: Db, laCode: string): Promise<IsoDate[]> {
  const rows = await db
    .selectFrom('import_batch')
    .select('extract_date')
    .distinct()
    .where('la_code', '=', laCode)
    .where('source', '=', 'annex-a')
    .where('status', '=', 'loaded')
    .where('extract_date', 'is not', null)
    .orderBy('extract_date')
    .execute();
  return rows.map((r) => r.extract_date).filter((d): d is string => d !== null);
}

/** Allocations recorded by the Annex A snapshots taken between two dates (inclusive), with their snapshot date. */
export async function listSnapshotAllocations(db: Db, laCode: string, from: IsoDate, to: IsoDate): Promise<Array<Allocation & { snapshotDate: IsoDate }>> {
  const rows = await db
    .selectFrom('allocation')
    .select(['child_id', 'worker_id', 'team_id', 'case_type', 'start_date', 'end_date', 'snapshot_date'])
    .where('la_code', '=', laCode)
    .where('source', '=', 'annex_a')
    .where('snapshot_date', '>=', from)
    .where('snapshot_date', '<=', to)
    .execute();
  return rows.map((r) => ({ ...toAllocation(r), snapshotDate: r.snapshot_date ?? r.start_date }));
}

function toAllocation(r: { child_id: string; worker_id: string | null; team_id: string | null; case_type: string; start_date: string; end_date: string | null }): Allocation {
  return { childId: r.child_id, workerId: r.worker_id, teamId: r.team_id, caseType: r.case_type as CaseType, startDate: r.start_date, endDate: r.end_date };
}

/** Finds a team or worker id by normalised name within an LA (Annex A names them, rosters number them). */
export async function findTeamIdsByName(db: Db, laCode: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('team').select(['team_id', 'norm_name']).where('la_code', '=', laCode).execute();
  return new Map(rows.map((r) => [r.norm_name, r.team_id]));
}

export async function findWorkerIdsByName(db: Db, laCode: string): Promise<Map<string, { workerId: string; teamId: string | null }>> {
  const rows = await db.selectFrom('worker').select(['worker_id', 'norm_name', 'team_id']).where('la_code', '=', laCode).orderBy('worker_id').execute();
  const out = new Map<string, { workerId: string; teamId: string | null }>();
  for (const r of rows) if (!out.has(r.norm_name)) out.set(r.norm_name, { workerId: r.worker_id, teamId: r.team_id });
  return out;
}
