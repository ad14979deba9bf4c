import type { Kysely, Transaction } from 'kysely';
import { addMonths } from '../domain/calendar/index.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { ChildHistory, Episode, HistorySet } from '../domain/forecast/types.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Annex A lists 1-8 look back six months from the extract date (docs/demo-data.md). */
const ANNEX_A_LOOK_BACK_MONTHS = 6;

/**
 * Every child's episodes, from the event tables whichever import filled them: assessments
 * (start to authorisation), child in need episodes, child protection plans, periods of care
 * (with placement type and legal status) and referrals. Care leavers have no dates in Annex A:
 * a care leaver's episode runs from the end of their last period of care (or the first extract
 * that lists them) to the first extract that no longer does. Null when the LA has no events.
 */
export async function listChildHistories(db: Db, laCode: string): Promise<HistorySet | null> {
  const coverage = await historyCoverage(db, laCode);
  if (coverage === null) return null;
  const [children, referrals, assessments, cins, cps, clas, leavers] = await Promise.all([
    db.selectFrom('child').select(['child_id', 'date_of_birth']).where('la_code', '=', laCode).execute(),
    db.selectFrom('referral').select(['child_id', 'event_date']).where('la_code', '=', laCode).execute(),
    db.selectFrom('assessment').select(['child_id', 'event_date', 'authorised_date']).where('la_code', '=', laCode).execute(),
    db.selectFrom('cin_episode').select(['child_id', 'event_date', 'closure_date']).where('la_code', '=', laCode).execute(),
    db.selectFrom('cp_plan').select(['child_id', 'event_date', 'end_date']).where('la_code', '=', laCode).execute(),
    db.selectFrom('cla_episode').select(['child_id', 'event_date', 'end_date', 'placement_type', 'legal_status']).where('la_code', '=', laCode).execute(),
    db.selectFrom('annex_a_snapshot').select(['child_id', 'extract_date']).where('la_code', '=', laCode).where('list', '=', 9).orderBy('child_id').orderBy('extract_date').execute(),
  ]);
  const byChild = new Map<string, ChildHistory>();
  const child = (id: string): ChildHistory => {
    let h = byChild.get(id);
    if (h === undefined) byChild.set(id, (h = { childId: id, dateOfBirth: null, episodes: [], referrals: [] }));
    return h;
  };
  for (const r of referrals) child(r.child_id).referrals.push(r.event_date);
  const add = (id: string, e: Episode) => child(id).episodes.push(e);
  for (const r of assessments) add(r.child_id, { kind: 'assessment', start: r.event_date, end: r.authorised_date });
  for (const r of cins) add(r.child_id, { kind: 'cin', start: r.event_date, end: r.closure_date });
  for (const r of cps) add(r.child_id, { kind: 'cp', start: r.event_date, end: r.end_date });
  for (const r of clas) add(r.child_id, { kind: 'cla', start: r.event_date, end: r.end_date, placementType: r.placement_type, legalStatus: r.legal_status });
  const extracts = coverage.careLeaverExtracts;
  let i = 0;
  while (i < leavers.length) {
    const id = leavers[i]?.child_id ?? '';
    const seen: IsoDate[] = [];
    while (i < leavers.length && leavers[i]?.child_id === id) seen.push(leavers[i++]?.extract_date ?? '');
    const h = child(id);
    const lastCare = h.episodes.filter((e) => e.kind === 'cla' && e.end !== null && e.end <= (seen[0] ?? '')).map((e) => e.end ?? '').sort().pop();
    const first = seen[0] ?? coverage.from;
    const start = lastCare ?? (first === extracts[0] ? coverage.from : first);
    const after = extracts.find((d) => d > (seen[seen.length - 1] ?? ''));
    h.episodes.push({ kind: 'care_leaver', start, end: after ?? null });
  }
  for (const c of children) {
    const h = byChild.get(c.child_id);
    if (h !== undefined) h.dateOfBirth = c.date_of_birth;
  }
  return { laCode, from: coverage.from, to: coverage.to, children: [...byChild.values()], sources: coverage.sources };
}

interface Coverage {
  from: IsoDate;
  to: IsoDate;
  sources: string[];
  careLeaverExtracts: IsoDate[];
}

/**
 * The dates the loaded history is complete for. From Annex A extracts: from six months before
 * the earliest extract (its look-back) of the latest run of extracts no more than six months
 * apart, to the latest extract. Without Annex A, the span of the
 * loaded referral and episode dates.
 */
async function historyCoverage(db: Db, laCode: string): Promise<Coverage | null> {
  const batches = await db
    .selectFrom('import_batch')
    .select('extract_date')
    .where('la_code', '=', laCode)
    .where('source', '=', 'annex-a')
    .where('status', '=', 'loaded')
    .where('extract_date', 'is not', null)
    .orderBy('extract_date')
    .execute();
  const all = [...new Set(batches.map((b) => b.extract_date ?? ''))].filter((d) => d !== '');
  // Only the latest run of extracts no more than six months apart is complete: an episode that
  // opened and closed in a longer gap is in no extract.
  let start = all.length - 1;
  while (start > 0 && addMonths(all[start] ?? '', -ANNEX_A_LOOK_BACK_MONTHS) <= (all[start - 1] ?? '')) start--;
  const extracts = all.slice(Math.max(0, start));
  if (extracts.length > 0) {
    const first = extracts[0] ?? '';
    const last = extracts[extracts.length - 1] ?? '';
    return {
      from: addMonths(first, -ANNEX_A_LOOK_BACK_MONTHS),
      to: last,
      sources: [extracts.length === 1 ? `Annex A extract of ${first}` : `${extracts.length} Annex A extracts, ${first} to ${last}`],
      careLeaverExtracts: extracts,
    };
  }
  const span = await db
    .selectFrom('referral')
    .select((eb) => [eb.fn.min('event_date').as('from'), eb.fn.max('event_date').as('to')])
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  if (!span?.from || !span.to) return null;
  return { from: span.from, to: span.to, sources: [`referrals dated ${span.from} to ${span.to}`], careLeaverExtracts: [] };
}
