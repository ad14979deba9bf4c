import { sql, type Kysely, type Transaction } from 'kysely';
import type { Assessment, CareLeaver, CinEpisode, ClaEpisode, Contact, CpPlan, Referral, S47 } from '../domain/flow/events.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The child-level events the flow indicators read, from the Annex A list tables of one LA. */
export async function listContacts(db: Db, laCode: string): Promise<Contact[]> {
  const rows = await db.selectFrom('contact').select(['child_id', 'event_date']).where('la_code', '=', laCode).execute();
  return rows.map((r) => ({ childId: r.child_id, contactDate: r.event_date }));
}

export async function listReferrals(db: Db, laCode: string): Promise<Referral[]> {
  const rows = await db.selectFrom('referral').select(['child_id', 'event_date', 'nfa', 'referrals_last_12m']).where('la_code', '=', laCode).execute();
  return rows.map((r) => ({ childId: r.child_id, referralDate: r.event_date, nfa: r.nfa, referralsInLast12Months: r.referrals_last_12m }));
}

export async function listAssessments(db: Db, laCode: string): Promise<Assessment[]> {
  const rows = await db.selectFrom('assessment').select(['child_id', 'event_date', 'authorised_date', 'child_seen']).where('la_code', '=', laCode).execute();
  return rows.map((r) => ({ childId: r.child_id, startDate: r.event_date, authorisedDate: r.authorised_date, childSeen: r.child_seen }));
}

export async function listS47s(db: Db, laCode: string): Promise<S47[]> {
  const rows = await db.selectFrom('s47').select(['child_id', 'event_date', 'icpc_required', 'icpc_date', 'icpc_cp_plan']).where('la_code', '=', laCode).execute();
  return rows.map((r) => ({ childId: r.child_id, strategyDate: r.event_date, icpcRequired: r.icpc_required, icpcDate: r.icpc_date, icpcCpPlan: r.icpc_cp_plan }));
}

export async function listCinEpisodes(db: Db, laCode: string): Promise<CinEpisode[]> {
  const rows = await db.selectFrom('cin_episode').select(['child_id', 'event_date', 'closure_date']).where('la_code', '=', laCode).execute();
  return rows.map((r) => ({ childId: r.child_id, startDate: r.event_date, closureDate: r.closure_date }));
}

export async function listCpPlans(db: Db, laCode: string): Promise<CpPlan[]> {
  const rows = await db.selectFrom('cp_plan').select(['child_id', 'event_date', 'end_date', 'previous_plans']).where('la_code', '=', laCode).execute();
  return rows.map((r) => ({ childId: r.child_id, startDate: r.event_date, endDate: r.end_date, previousPlans: r.previous_plans }));
}

export async function listClaEpisodes(db: Db, laCode: string): Promise<ClaEpisode[]> {
  const rows = await db.selectFrom('cla_episode').select(['child_id', 'event_date', 'end_date', 'placements_last_12m']).where('la_code', '=', laCode).execute();
  return rows.map((r) => ({ childId: r.child_id, startDate: r.event_date, endDate: r.end_date, placementsLast12Months: r.placements_last_12m }));
}

/**
 * The care leavers on list 9 of the latest Annex A extract taken on or before `asAt`, with the
 * latest values held for each (a care leaver stays on the list across many extracts).
 */
export async function listCareLeaversAt(db: Db, laCode: string, asAt: IsoDate): Promise<CareLeaver[]> {
  const latest = await db
    .selectFrom('annex_a_snapshot')
    .select((eb) => eb.fn.max('extract_date').as('d'))
    .where('la_code', '=', laCode)
    .where('list', '=', 9)
    .where('extract_date', '<=', asAt)
    .executeTakeFirst();
  if (!latest?.d) return [];
  const rows = await db
    .selectFrom('annex_a_snapshot as s')
    .innerJoin('care_leaver as c', (j) => j.onRef('c.la_code', '=', 's.la_code').onRef('c.child_id', '=', 's.child_id'))
    .select(['c.child_id', 'c.accommodation_suitable', 'c.activity'])
    .where('s.la_code', '=', laCode)
    .where('s.list', '=', 9)
    .where('s.extract_date', '=', latest.d)
    .distinct()
    .execute();
  return rows.map((r) => ({ childId: r.child_id, accommodationSuitable: r.accommodation_suitable, activity: r.activity }));
}

export async function earliestReferralDate(db: Db, laCode: string): Promise<IsoDate | null> {
  const row = await db.selectFrom('referral').select((eb) => eb.fn.min('event_date').as('d')).where('la_code', '=', laCode).executeTakeFirst();
  return row?.d ?? null;
}

export async function populationFor(db: Db, laCode: string, year: number): Promise<number | null> {
  const row = await db.selectFrom('population').select('children_0_17').where('la_code', '=', laCode).where('year', '=', year).executeTakeFirst();
  return row?.children_0_17 ?? null;
}

/** The latest year with a population figure at or before `year`, so a year not yet published uses the last one. */
export async function latestPopulationUpTo(db: Db, laCode: string, year: number): Promise<{ year: number; children: number } | null> {
  const row = await db
    .selectFrom('population')
    .select(['year', 'children_0_17'])
    .where('la_code', '=', laCode)
    .where('year', '<=', year)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { year: row.year, children: row.children_0_17 } : null;
}


/** The span of contact and referral dates loaded for an LA. */
export async function earliestEventDate(db: Db, laCode: string): Promise<IsoDate | null> {
  const r = await sql<{ d: string | null }>`select least((select min(event_date) from contact where la_code = ${laCode}), (select min(event_date) from referral where la_code = ${laCode}))::text as d`.execute(db);
  return r.rows[0]?.d ?? null;
}

export async function latestEventDate(db: Db, laCode: string): Promise<IsoDate | null> {
  const r = await sql<{ d: string | null }>`select greatest((select max(event_date) from contact where la_code = ${laCode}), (select max(event_date) from referral where la_code = ${laCode}))::text as d`.execute(db);
  return r.rows[0]?.d ?? null;
}
