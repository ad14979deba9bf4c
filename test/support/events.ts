import type { Kysely } from 'kysely';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import type { Database } from '../../src/db/schema.ts';
import { recordBatchCoverage } from '../../src/db/source-coverage.repository.ts';
import { parsePeriod, financialYearOf } from '../../src/domain/calendar/periods.ts';
import { annexAWindows } from '../../src/domain/coverage/coverage.ts';
import type { FlowData } from '../../src/domain/flow/events.ts';

/**
 * Loads flow events straight into the Annex A list tables (as one extract taken on `extractDate`),
 * recording that every list covers `coversFrom` (default: the start of the financial year the
 * extract date is in) to the extract date.
 */
export async function insertFlowData(db: Kysely<Database>, laCode: string, data: FlowData, extractDate: string, coversFrom?: string): Promise<number> {
  const batch = await insertBatch(db, { la_code: laCode, source: 'annex-a', file_name: 'events', sha256: 'x', extract_date: extractDate, loaded_by: 'test', status: 'loaded' });
  const from = coversFrom ?? parsePeriod(financialYearOf(extractDate)).start;
  await recordBatchCoverage(db, laCode, batch, 'annex-a', annexAWindows(extractDate, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], from).map((w) => (w.family === 'care_leavers' ? w : { ...w, from })));
  const base = { la_code: laCode, data: '{}', first_batch_id: batch, last_batch_id: batch, last_extract_date: extractDate, allocated_team: null, allocated_worker: null };
  const chunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
  };
  await chunks([...data.contacts], (c) => db.insertInto('contact').values(c.map((e) => ({ ...base, child_id: e.childId, event_date: e.contactDate, source: null }))).execute());
  await chunks([...data.referrals], (c) =>
    db.insertInto('referral').values(c.map((e) => ({ ...base, child_id: e.childId, event_date: e.referralDate, source: null, nfa: e.nfa, referrals_last_12m: e.referralsInLast12Months }))).execute(),
  );
  await chunks([...data.assessments], (c) =>
    db.insertInto('assessment').values(c.map((e) => ({ ...base, child_id: e.childId, event_date: e.startDate, authorised_date: e.authorisedDate, child_seen: e.childSeen }))).execute(),
  );
  await chunks([...data.s47s], (c) =>
    db.insertInto('s47').values(c.map((e) => ({ ...base, child_id: e.childId, event_date: e.strategyDate, icpc_required: e.icpcRequired, icpc_date: e.icpcDate, icpc_cp_plan: e.icpcCpPlan }))).execute(),
  );
  await chunks([...data.cinEpisodes], (c) =>
    db.insertInto('cin_episode').values(c.map((e) => ({ ...base, child_id: e.childId, event_date: e.startDate, closure_date: e.closureDate, primary_need: null, closure_reason: null }))).execute(),
  );
  await chunks([...data.cpPlans], (c) =>
    db
      .insertInto('cp_plan')
      .values(c.map((e) => ({ ...base, child_id: e.childId, event_date: e.startDate, end_date: e.endDate, initial_category: null, latest_category: null, previous_plans: e.previousPlans })))
      .execute(),
  );
  await chunks([...data.claEpisodes], (c) =>
    db
      .insertInto('cla_episode')
      .values(c.map((e) => ({ ...base, child_id: e.childId, event_date: e.startDate, end_date: e.endDate, legal_status: null, placement_type: null, placements_last_12m: e.placementsLast12Months, reason_ceased: null })))
      .execute(),
  );
  await chunks([...data.careLeavers], (c) =>
    db
      .insertInto('care_leaver')
      .values(c.map((e) => ({ ...base, child_id: e.childId, eligibility: null, in_touch: null, accommodation_type: null, accommodation_suitable: e.accommodationSuitable, activity: e.activity })))
      .execute(),
  );
  await chunks([...data.careLeavers], (c) =>
    db.insertInto('annex_a_snapshot').values(c.map((e) => ({ la_code: laCode, batch_id: batch, extract_date: extractDate, list: 9, child_id: e.childId, event_date: null }))).execute(),
  );
  return batch;
}
