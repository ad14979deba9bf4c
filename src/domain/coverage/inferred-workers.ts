import type { IsoDate } from '../dates.ts';
import type { CoverageIndex } from './coverage.ts';

/** The full-time equivalent assumed for a worker named only in an Annex A extract ("Allocated Worker"). */
export const INFERRED_WORKER_FTE = 1;

/**
 * Workers named only in an Annex A extract are not a roster. Where the council has a roster they
 * add no capacity (FTE 0: their children still count against their team); otherwise each is
 * assumed to be a full-time worker, but only on dates the extract's caseload lists cover (children
 * in need, child protection, children in care); outside them, FTE 0.
 */
export function capacityOfInferred<W extends { fte: number; seenOnlyInAnnexA: boolean }>(workers: readonly W[], context: { hasRoster: boolean; coverage: CoverageIndex; asOf: IsoDate }): W[] {
  const covered = context.coverage.stock(['cin'], context.asOf).coverage === 'full' || context.coverage.stock(['cp'], context.asOf).coverage === 'full' || context.coverage.stock(['cla'], context.asOf).coverage === 'full';
  return workers.map((w) => (w.seenOnlyInAnnexA && (context.hasRoster || !covered) ? { ...w, fte: 0 } : w));
}
