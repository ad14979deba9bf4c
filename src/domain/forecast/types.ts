import type { IsoDate } from '../dates.ts';

/** The kinds of episode a child's history is made of, whichever return or list they came from. */
export type EpisodeKind = 'assessment' | 'cin' | 'cp' | 'cla' | 'care_leaver';

/** One episode of a child's history. `end` is the first day the child is no longer in it; null while open. */
export interface Episode {
  kind: EpisodeKind;
  start: IsoDate;
  end: IsoDate | null;
  /** Children looked after only: the 903 placement type code (U1, K2, P1, ...), when known. */
  placementType?: string | null;
  /** Children looked after only: the 903 legal status code; V3/V4 short breaks are not looked after. */
  legalStatus?: string | null;
}

/** A child's episodes and referral dates: all the forecast reads about a child. */
export interface ChildHistory {
  childId: string;
  dateOfBirth: IsoDate | null;
  episodes: Episode[];
  referrals: IsoDate[];
}

/**
 * What the forecast is given: every child's history and the dates the history is complete for
 * (`from`: the first day from which every episode, open or closed, is known; `to`: the latest data date).
 */
export interface HistorySet {
  laCode: string;
  from: IsoDate;
  to: IsoDate;
  children: ChildHistory[];
  /** Which sources the history came from, for the reader (e.g. "Annex A extracts 2025-01-31 to 2025-12-31"). */
  sources: string[];
}
