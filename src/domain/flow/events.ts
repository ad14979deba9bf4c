import type { IsoDate } from '../dates.ts';

/**
 * Child-level events the flow indicators are computed from. Services map them from Ofsted
 * Annex A lists (or the CIN census / SSDA903). Dates are ISO `YYYY-MM-DD`. An indicator ignores
 * an event whose date it counts by is missing or not a real date; an unreadable end date counts
 * as no end date. End dates are the day the episode ended: an episode is open on D when
 * start <= D and (end is null or end > D), so an episode ending on 31 March is not open at 31 March.
 */
export interface Contact {
  childId: string;
  contactDate: IsoDate;
}

export interface Referral {
  childId: string;
  referralDate: IsoDate;
  /** The referral ended in no further action. */
  nfa: boolean | null;
  /** Annex A "Number of referrals in last 12 months", used when the referral history is incomplete. */
  referralsInLast12Months: number | null;
}

export interface Assessment {
  childId: string;
  startDate: IsoDate;
  authorisedDate: IsoDate | null;
  childSeen: boolean | null;
}

/** A section 47 enquiry, starting at its strategy discussion, and its initial conference if any. */
export interface S47 {
  childId: string;
  strategyDate: IsoDate;
  icpcRequired: boolean | null;
  icpcDate: IsoDate | null;
  /** The initial child protection conference resulted in a child protection plan. */
  icpcCpPlan: boolean | null;
}

export interface CinEpisode {
  childId: string;
  startDate: IsoDate;
  closureDate: IsoDate | null;
}

export interface CpPlan {
  childId: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  /** Number of earlier child protection plans the child has had (any authority, any time). */
  previousPlans: number | null;
}

/** A period of care: from starting to be looked after to ceasing (not a 903 placement episode). */
export interface ClaEpisode {
  childId: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  placementsLast12Months: number | null;
  /** From an SSDA903 return only: the placements of the period of care, in order (end exclusive, null while open). */
  placements?: ReadonlyArray<{ startDate: IsoDate; endDate: IsoDate | null }>;
  /** From an SSDA903 return only: date of birth (903 header) and whether the child is in the UASC table. */
  dateOfBirth?: IsoDate | null;
  uasc?: boolean;
  /** From an SSDA903 return only: the child's social worker episodes (SWEpisodes table), by social worker id. */
  socialWorkers?: ReadonlyArray<{ workerId: string; startDate: IsoDate; endDate: IsoDate | null }>;
}

/** An SSDA903 missing episode: `M` missing, `A` away from placement without authorisation. */
export interface MissingEpisode {
  childId: string;
  startDate: IsoDate;
  kind: 'M' | 'A' | null;
}

/** A care leaver in the cohort being reported (the Annex A care leavers list or the SSDA903 care leaver return). */
export interface CareLeaver {
  childId: string;
  accommodationSuitable: boolean | null;
  /** SSDA903 activity code: F* full time and P* part time education, employment or training; G* not. */
  activity: string | null;
  /** From an SSDA903 return only (OC3): date of birth, for the DfE age bands 17-18 and 19-21. */
  dateOfBirth?: IsoDate | null;
}

export interface FlowData {
  contacts: readonly Contact[];
  referrals: readonly Referral[];
  assessments: readonly Assessment[];
  s47s: readonly S47[];
  cinEpisodes: readonly CinEpisode[];
  cpPlans: readonly CpPlan[];
  claEpisodes: readonly ClaEpisode[];
  careLeavers: readonly CareLeaver[];
  /** From an SSDA903 return only: missing and away-without-authorisation episodes. */
  missingEpisodes?: readonly MissingEpisode[];
  /** Children aged 0-17 in the authority for the period's year (ONS mid-year estimate); null when unknown. */
  population: number | null;
}

export function emptyFlowData(): FlowData {
  return {
    contacts: [],
    referrals: [],
    assessments: [],
    s47s: [],
    cinEpisodes: [],
    cpPlans: [],
    claEpisodes: [],
    careLeavers: [],
    population: null,
  };
}
