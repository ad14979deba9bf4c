import type { Kysely } from 'kysely';
import { listAssessments, listCinEpisodes, listClaEpisodes, listCpPlans, listReferrals, listS47s } from '../db/flow.repository.ts';
import { listLatestCinEvents, listLatestEpisodes } from '../db/returns.repository.ts';
import type { Database } from '../db/schema.ts';
import { isFinancialYear, parsePeriod } from '../domain/calendar/periods.ts';
import { openDuring, reconcileFamily, type FamilyReconciliation, type KeyedEvent } from '../domain/flow/reconcile.ts';
import { periodsOfCare } from '../domain/flow/returns.ts';
import { AppError } from '../errors.ts';

export interface Reconciliation {
  laCode: string;
  year: string;
  from: string;
  to: string;
  families: FamilyReconciliation[];
}

/**
 * Annex A against the statutory returns for one collection year, family by family: referrals,
 * assessments and section 47 enquiries starting in the year, and children in need episodes,
 * child protection plans and periods of care open on any day of it (docs/formats/ssda903.md).
 */
export function reconcileService(deps: { db: Kysely<Database> }) {
  return {
    async reconcile(laCode: string, year: string): Promise<Reconciliation> {
      if (!isFinancialYear(year)) throw new AppError('bad_usage', `The year must be a collection year written like 2024-25, not "${year}".`);
      const p = parsePeriod(year);
      const { start: from, end: to } = p;
      const [referrals, assessments, s47s, cin, cp, cla, census, episodes] = await Promise.all([
        listReferrals(deps.db, laCode),
        listAssessments(deps.db, laCode),
        listS47s(deps.db, laCode),
        listCinEpisodes(deps.db, laCode),
        listCpPlans(deps.db, laCode),
        listClaEpisodes(deps.db, laCode),
        listLatestCinEvents(deps.db, laCode),
        listLatestEpisodes(deps.db, laCode),
      ]);
      const inYear = (d: string) => d >= from && d <= to;
      const keyed = <T>(items: readonly T[], childOf: (t: T) => string, dateOf: (t: T) => string): KeyedEvent[] => items.map((t) => ({ childId: childOf(t), date: dateOf(t) }));
      const censusOf = (family: string) => census.filter((e) => e.family === family);
      const annexA = 'Annex A';
      const cinCensus = 'CIN census';
      const families: FamilyReconciliation[] = [
        reconcileFamily('referral', { name: annexA, events: keyed(referrals.filter((r) => inYear(r.referralDate)), (r) => r.childId, (r) => r.referralDate) }, { name: cinCensus, events: keyed(censusOf('referral').filter((e) => inYear(e.startDate)), (e) => e.childId, (e) => e.startDate) }),
        reconcileFamily('assessment', { name: annexA, events: keyed(assessments.filter((a) => inYear(a.startDate)), (a) => a.childId, (a) => a.startDate) }, { name: cinCensus, events: keyed(censusOf('assessment').filter((e) => inYear(e.startDate)), (e) => e.childId, (e) => e.startDate) }),
        reconcileFamily('s47', { name: annexA, events: keyed(s47s.filter((s) => inYear(s.strategyDate)), (s) => s.childId, (s) => s.strategyDate) }, { name: cinCensus, events: keyed(censusOf('s47').filter((e) => inYear(e.startDate)), (e) => e.childId, (e) => e.startDate) }),
        reconcileFamily(
          'cin_episode',
          { name: annexA, events: keyed(openDuring(cin.map((c) => ({ ...c, endDate: c.closureDate })), from, to), (c) => c.childId, (c) => c.startDate) },
          { name: cinCensus, events: keyed(openDuring(censusOf('referral'), from, to), (e) => e.childId, (e) => e.startDate) },
        ),
        reconcileFamily('cp_plan', { name: annexA, events: keyed(openDuring(cp, from, to), (c) => c.childId, (c) => c.startDate) }, { name: cinCensus, events: keyed(openDuring(censusOf('cp_plan'), from, to), (e) => e.childId, (e) => e.startDate) }),
        reconcileFamily('cla_episode', { name: annexA, events: keyed(openDuring(cla, from, to), (c) => c.childId, (c) => c.startDate) }, { name: 'SSDA903', events: keyed(openDuring(periodsOfCare(episodes), from, to), (c) => c.childId, (c) => c.startDate) }),
      ];
      return { laCode, year, from, to, families };
    },
  };
}
export type ReconcileService = ReturnType<typeof reconcileService>;
