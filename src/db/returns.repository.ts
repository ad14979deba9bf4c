import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CinEvent } from '../formats/cin-census/parse.ts';
import type { Ssda903Episode, Ssda903Record } from '../formats/ssda903/parse.ts';
import { bulkInsert } from './bulk.ts';
import type { Database, Ssda903EpisodeTable } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const EPISODE_COLUMNS = {
  la_code: 'text',
  return_year: 'integer',
  child_id: 'text',
  start_date: 'date',
  end_date: 'date',
  reason_new_episode: 'text',
  legal_status: 'text',
  cin_category: 'text',
  placement_type: 'text',
  placement_provider: 'text',
  reason_ceased: 'text',
  reason_place_change: 'text',
  urn: 'text',
  data: 'jsonb',
  batch_id: 'integer',
} as const;

export async function insertSsda903Episodes(db: Db, laCode: string, year: number, batchId: number, episodes: readonly Ssda903Episode[]): Promise<void> {
  await bulkInsert(
    db,
    episodes.map((e) => ({
      la_code: laCode,
      return_year: year,
      child_id: e.childId,
      start_date: e.startDate,
      end_date: e.endDate,
      reason_new_episode: e.reasonNewEpisode,
      legal_status: e.legalStatus,
      cin_category: e.cinCategory,
      placement_type: e.placementType,
      placement_provider: e.placementProvider,
      reason_ceased: e.reasonCeased,
      reason_place_change: e.reasonPlaceChange,
      urn: e.urn,
      data: e.data,
      batch_id: batchId,
    })),
    { table: 'ssda903_episode', columns: EPISODE_COLUMNS },
  );
}

export async function insertSsda903Records(db: Db, laCode: string, year: number, batchId: number, records: readonly Ssda903Record[]): Promise<void> {
  await bulkInsert(
    db,
    records.map((r) => ({
      la_code: laCode,
      return_year: year,
      table_name: r.table,
      row_number: r.rowNumber,
      child_id: r.childId,
      start_date: r.startDate,
      end_date: r.endDate,
      code: r.code,
      data: r.data,
      batch_id: batchId,
    })),
    {
      table: 'ssda903_record',
      columns: { la_code: 'text', return_year: 'integer', table_name: 'text', row_number: 'integer', child_id: 'text', start_date: 'date', end_date: 'date', code: 'text', data: 'jsonb', batch_id: 'integer' },
    },
  );
}

export async function deleteSsda903Batch(db: Db, laCode: string, batchId: number): Promise<void> {
  await db.deleteFrom('ssda903_episode').where('la_code', '=', laCode).where('batch_id', '=', batchId).execute();
  await db.deleteFrom('ssda903_record').where('la_code', '=', laCode).where('batch_id', '=', batchId).execute();
}

export interface StoredEpisode {
  returnYear: number;
  childId: string;
  startDate: string;
  endDate: string | null;
  reasonNewEpisode: string | null;
  legalStatus: string | null;
  cinCategory: string | null;
  placementType: string | null;
  placementProvider: string | null;
  reasonCeased: string | null;
  reasonPlaceChange: string | null;
  urn: string | null;
}

const EPISODE_FIELDS = ['return_year', 'child_id', 'start_date', 'end_date', 'reason_new_episode', 'legal_status', 'cin_category', 'placement_type', 'placement_provider', 'reason_ceased', 'reason_place_change', 'urn'] as const;
type EpisodeRow = Pick<Selectable<Ssda903EpisodeTable>, (typeof EPISODE_FIELDS)[number]>;

function toEpisode(r: EpisodeRow): StoredEpisode {
  return {
    returnYear: r.return_year,
    childId: r.child_id,
    startDate: r.start_date,
    endDate: r.end_date,
    reasonNewEpisode: r.reason_new_episode,
    legalStatus: r.legal_status,
    cinCategory: r.cin_category,
    placementType: r.placement_type,
    placementProvider: r.placement_provider,
    reasonCeased: r.reason_ceased,
    reasonPlaceChange: r.reason_place_change,
    urn: r.urn,
  };
}

/** The episodes other returns of the LA hold (to count what a return adds, replaces or leaves). */
export async function listOtherReturnEpisodes(db: Db, laCode: string, year: number): Promise<StoredEpisode[]> {
  const rows = await db.selectFrom('ssda903_episode').select(EPISODE_FIELDS).where('la_code', '=', laCode).where('return_year', '<>', year).execute();
  return rows.map(toEpisode);
}

/** Each episode once, as the latest return holding it has it. */
export async function listLatestEpisodes(db: Db, laCode: string): Promise<StoredEpisode[]> {
  const rows = await db.selectFrom('ssda903_episode_latest').select(EPISODE_FIELDS).where('la_code', '=', laCode).orderBy('child_id').orderBy('start_date').execute();
  return rows.map(toEpisode);
}

export interface StoredRecord {
  returnYear: number;
  childId: string;
  startDate: string | null;
  endDate: string | null;
  code: string | null;
  data: Record<string, string>;
}

/** Rows of one 903 table (uasc, missing, sw_episodes, oc3 ...) from every return loaded. */
export async function listSsda903Records(db: Db, laCode: string, table: string): Promise<StoredRecord[]> {
  const rows = await db
    .selectFrom('ssda903_record')
    .select(['return_year', 'child_id', 'start_date', 'end_date', 'code', 'data'])
    .where('la_code', '=', laCode)
    .where('table_name', '=', table)
    .execute();
  return rows.map((r) => ({ returnYear: r.return_year, childId: r.child_id, startDate: r.start_date, endDate: r.end_date, code: r.code, data: (r.data ?? {}) as Record<string, string> }));
}

/** Collection years (ending 31 March) loaded for each statutory return. */
export async function returnYears(db: Db, laCode: string): Promise<{ ssda903: number[]; cinCensus: number[] }> {
  const a = await sql<{ y: number }>`select distinct return_year as y from ssda903_episode where la_code = ${laCode} order by 1`.execute(db);
  const b = await sql<{ y: number }>`select distinct census_year as y from cin_census_event where la_code = ${laCode} order by 1`.execute(db);
  return { ssda903: a.rows.map((r) => Number(r.y)), cinCensus: b.rows.map((r) => Number(r.y)) };
}

export async function insertCinCensusEvents(db: Db, laCode: string, year: number, batchId: number, events: readonly CinEvent[]): Promise<void> {
  await bulkInsert(
    db,
    events.map((e) => ({
      la_code: laCode,
      census_year: year,
      family: e.family,
      child_id: e.childId,
      referral_date: e.referralDate,
      start_date: e.startDate,
      end_date: e.endDate,
      nfa: e.nfa,
      icpc_date: e.icpcDate,
      icpc_not_required: e.icpcNotRequired,
      previous_plans: e.previousPlans,
      category: e.category,
      data: e.data,
      batch_id: batchId,
    })),
    {
      table: 'cin_census_event',
      columns: {
        la_code: 'text',
        census_year: 'integer',
        family: 'text',
        child_id: 'text',
        referral_date: 'date',
        start_date: 'date',
        end_date: 'date',
        nfa: 'boolean',
        icpc_date: 'date',
        icpc_not_required: 'boolean',
        previous_plans: 'integer',
        category: 'text',
        data: 'jsonb',
        batch_id: 'integer',
      },
    },
  );
}

export async function deleteCinCensusBatch(db: Db, laCode: string, batchId: number): Promise<void> {
  await db.deleteFrom('cin_census_event').where('la_code', '=', laCode).where('batch_id', '=', batchId).execute();
}

/** Each census module once (child, referral date and start date), as the latest census holding it has it. */
export async function listLatestCinEvents(db: Db, laCode: string): Promise<CinEvent[]> {
  const rows = await db
    .selectFrom('cin_census_latest')
    .select(['family', 'child_id', 'referral_date', 'start_date', 'end_date', 'nfa', 'icpc_date', 'icpc_not_required', 'previous_plans', 'category'])
    .where('la_code', '=', laCode)
    .execute();
  return rows.map((r) => ({
    family: r.family as CinEvent['family'],
    childId: r.child_id,
    referralDate: r.referral_date,
    startDate: r.start_date,
    endDate: r.end_date,
    nfa: r.nfa,
    icpcDate: r.icpc_date,
    icpcNotRequired: r.icpc_not_required,
    previousPlans: r.previous_plans,
    category: r.category,
    data: {},
  }));
}
