import type { CaseType, Role } from '../workforce/types.ts';

/** An inclusive range of children per full-time-equivalent worker (or of direct reports, for span of control). */
export interface CaseloadRange {
  min: number;
  max: number;
}

export interface SpanOfControl extends CaseloadRange {
  /** Roles whose direct reports are checked against the range. */
  roles: readonly Role[];
}

/**
 * A caseload standard profile. A role holds cases exactly when the profile gives it a range:
 * every other role has capacity 0 (its caseload, if any, is still counted and shown).
 * `social_worker` is required because "FTE required" is expressed in social worker posts.
 */
export interface StandardProfile {
  name: string;
  label: string;
  /** Where the figures come from, as a reader of a council report would cite it. */
  source: string;
  roles: Partial<Record<Role, CaseloadRange>> & { social_worker: CaseloadRange };
  /** Protected range for a worker in the Assessed and Supported Year in Employment, replacing their role's range. */
  asye: CaseloadRange;
  /** Relative weight of a child by case type for the weighted caseload; a type not listed weighs 1. */
  weights: Partial<Record<CaseType, number>>;
  spanOfControl: SpanOfControl;
}

export const MANAGER_ROLES: readonly Role[] = ['team_manager', 'practice_manager', 'service_manager', 'head_of_service'];

/** Direct reports per manager: the 8-10 norm of Headroom's caseload vocabulary (docs/standards.md). */
export const DEFAULT_SPAN_OF_CONTROL: SpanOfControl = { min: 8, max: 10, roles: MANAGER_ROLES };

export function isCaseHoldingRole(profile: StandardProfile, role: Role): boolean {
  return profile.roles[role] !== undefined;
}

/** The range that applies to a worker, or null when their role holds no cases under the profile. */
export function standardRangeFor(profile: StandardProfile, role: Role, asye: boolean): CaseloadRange | null {
  const range = profile.roles[role];
  if (range === undefined) return null;
  return asye ? profile.asye : range;
}

export function caseTypeWeight(profile: StandardProfile, caseType: CaseType): number {
  return profile.weights[caseType] ?? 1;
}

export function rangeMidpoint(range: CaseloadRange): number {
  return (range.min + range.max) / 2;
}
