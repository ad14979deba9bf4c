import type { IsoDate } from '../dates.ts';
import type { Assessment, CareLeaver, CinEpisode, ClaEpisode, CpPlan, MissingEpisode, Referral, S47 } from './events.ts';

/** Legal statuses of a series of short breaks (respite): such episodes are not a period of care in the DfE figures. */
export const SHORT_BREAK_LEGAL_STATUSES: readonly string[] = ['V3', 'V4'];

/** Reasons for a new episode that start a new placement (S started, P/T/U placement changes, B both legal status and placement). */
const NEW_PLACEMENT = new Set(['S', 'P', 'T', 'U', 'B']);

/** An SSDA903 episode as stored (latest return wins), dates ISO, codes upper case. */
export interface ReturnEpisode {
  childId: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  reasonNewEpisode: string | null;
  legalStatus: string | null;
}

/**
 * Periods of care from SSDA903 episodes, as the DfE counts children looked after: episodes with
 * legal status V3 or V4 (a series of short breaks) are left out; a child's remaining episodes
 * form one period while each starts on the day the previous one ended and is not a new start
 * (RNE `S`); a new placement begins with RNE S, P, T, U or B (an `L` episode changes only the
 * legal status). Episodes must be sorted by child then start date.
 */
export function periodsOfCare(
  episodes: readonly ReturnEpisode[],
  extras: {
    dateOfBirth?: ReadonlyMap<string, IsoDate | null>;
    uasc?: ReadonlySet<string>;
    socialWorkers?: ReadonlyMap<string, ReadonlyArray<{ workerId: string; startDate: IsoDate; endDate: IsoDate | null }>>;
  } = {},
): ClaEpisode[] {
  const out: ClaEpisode[] = [];
  let current: (ClaEpisode & { placements: Array<{ startDate: IsoDate; endDate: IsoDate | null }> }) | null = null;
  for (const e of episodes) {
    if (SHORT_BREAK_LEGAL_STATUSES.includes(e.legalStatus ?? '')) continue;
    const continues = current !== null && current.childId === e.childId && current.endDate === e.startDate && e.reasonNewEpisode !== 'S';
    if (!continues) {
      current = {
        childId: e.childId,
        startDate: e.startDate,
        endDate: e.endDate,
        placementsLast12Months: null,
        placements: [{ startDate: e.startDate, endDate: e.endDate }],
        dateOfBirth: extras.dateOfBirth?.get(e.childId) ?? null,
        uasc: extras.uasc?.has(e.childId) ?? false,
        ...(extras.socialWorkers ? { socialWorkers: extras.socialWorkers.get(e.childId) ?? [] } : {}),
      };
      out.push(current);
      continue;
    }
    const period = current as NonNullable<typeof current>;
    period.endDate = e.endDate;
    const last = period.placements[period.placements.length - 1] as { startDate: IsoDate; endDate: IsoDate | null };
    if (NEW_PLACEMENT.has(e.reasonNewEpisode ?? '')) period.placements.push({ startDate: e.startDate, endDate: e.endDate });
    else last.endDate = e.endDate;
  }
  return out;
}

/** A CIN census module as stored (latest census wins). */
export interface ReturnCinEvent {
  family: string;
  childId: string;
  referralDate: IsoDate;
  startDate: IsoDate;
  endDate: IsoDate | null;
  nfa: boolean | null;
  icpcDate: IsoDate | null;
  icpcNotRequired: boolean | null;
  previousPlans: number | null;
}

/**
 * The census modules as flow events: a CINdetails is a referral and a CIN episode (referral to
 * closure), an assessment completes on its authorisation date, a section 47 enquiry starts on
 * S47ActualStartDate and needs a conference unless ICPCnotRequired, and its conference resulted
 * in a plan when one of the child's plans starts on the conference date.
 */
export function cinCensusFlow(events: readonly ReturnCinEvent[]): { referrals: Referral[]; cinEpisodes: CinEpisode[]; assessments: Assessment[]; s47s: S47[]; cpPlans: CpPlan[] } {
  const planStarts = new Set(events.filter((e) => e.family === 'cp_plan').map((e) => `${e.childId}|${e.startDate}`));
  const out = { referrals: [] as Referral[], cinEpisodes: [] as CinEpisode[], assessments: [] as Assessment[], s47s: [] as S47[], cpPlans: [] as CpPlan[] };
  for (const e of events) {
    switch (e.family) {
      case 'referral':
        out.referrals.push({ childId: e.childId, referralDate: e.startDate, nfa: e.nfa, referralsInLast12Months: null });
        out.cinEpisodes.push({ childId: e.childId, startDate: e.startDate, closureDate: e.endDate });
        break;
      case 'assessment':
        out.assessments.push({ childId: e.childId, startDate: e.startDate, authorisedDate: e.endDate, childSeen: null });
        break;
      case 's47':
        out.s47s.push({
          childId: e.childId,
          strategyDate: e.startDate,
          icpcRequired: e.icpcNotRequired === null ? e.icpcDate !== null : !e.icpcNotRequired,
          icpcDate: e.icpcDate,
          icpcCpPlan: e.icpcDate === null ? null : planStarts.has(`${e.childId}|${e.icpcDate}`),
        });
        break;
      case 'cp_plan':
        out.cpPlans.push({ childId: e.childId, startDate: e.startDate, endDate: e.endDate, previousPlans: e.previousPlans });
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * Care leavers from the SSDA903 OC3 table: ACCOM ends in 1 when the accommodation is suitable and
 * 2 when not (anything else is unknown); ACTIV is the activity code (F/P education, employment or
 * training). START_DATE of the stored row is the date of birth.
 */
export function careLeaversFromOc3(rows: ReadonlyArray<{ childId: string; dateOfBirth: IsoDate | null; accom: string | null; activ: string | null }>): CareLeaver[] {
  return rows.map((r) => {
    const suffix = (r.accom ?? '').slice(-1);
    return { childId: r.childId, accommodationSuitable: suffix === '1' ? true : suffix === '2' ? false : null, activity: r.activ, dateOfBirth: r.dateOfBirth };
  });
}

export function missingFromReturn(rows: ReadonlyArray<{ childId: string; startDate: IsoDate | null; code: string | null }>): MissingEpisode[] {
  return rows
    .filter((r): r is { childId: string; startDate: IsoDate; code: string | null } => r.startDate !== null)
    .map((r) => ({ childId: r.childId, startDate: r.startDate, kind: r.code === 'M' || r.code === 'A' ? r.code : null }));
}
