import type { IsoDate } from '../dates.ts';

/** Roles a roster may name (the canonical spelling; parsers map synonyms onto these). */
export const ROLES = [
  'social_worker',
  'senior_practitioner',
  'advanced_practitioner',
  'team_manager',
  'practice_manager',
  'service_manager',
  'head_of_service',
  'iro',
  'personal_adviser',
  'family_worker',
  'student',
] as const;
export type Role = (typeof ROLES)[number];

export const TEAM_KINDS = ['service', 'locality', 'team'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const CASE_TYPES = ['cin', 'cp', 'cla', 'care_leaver', 'assessment', 'referral', 'other'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export interface Team {
  teamId: string;
  name: string;
  parentId: string | null;
  kind: TeamKind;
}

export interface Worker {
  workerId: string;
  name: string;
  teamId: string | null;
  role: Role;
  fte: number;
  asye: boolean;
  agency: boolean;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  managerId: string | null;
}

/** One child allocated to a worker (or to a team only, when workerId is null) over a period. */
export interface Allocation {
  childId: string;
  workerId: string | null;
  teamId: string | null;
  caseType: CaseType;
  startDate: IsoDate;
  /** Exclusive: the allocation is open at D when startDate <= D and (endDate is null or endDate > D). */
  endDate: IsoDate | null;
}
