import { computeCaseloadSnapshot } from '../caseload/caseload-snapshot.ts';
import type { CaseloadInput, CaseloadSnapshot } from '../caseload/caseload-snapshot.ts';
import { isWorkerInPostAt } from '../caseload/open-at-date.ts';
import type { Worker } from '../workforce/types.ts';

/** A workforce position (today's, or one a scenario leads to) with its caseload figures. */
export interface PlanState {
  /** What the caseload figures were computed from. */
  inputs: CaseloadInput;
  /** computeCaseloadSnapshot(inputs): the same figures as the caseload pages. */
  snapshot: CaseloadSnapshot;
  /**
   * Supernumerary posts (an ASYE in protected first months, a manager over establishment): in
   * the establishment, so they are costed and count in spans of control, but kept out of the
   * caseload inputs because they hold no cases and add no capacity.
   */
  supernumerary: readonly Worker[];
}

export function evaluateBaseline(baseline: CaseloadInput): PlanState {
  return { inputs: baseline, snapshot: computeCaseloadSnapshot(baseline), supernumerary: [] };
}

/** Everyone in post at the state's date, supernumerary posts included; the first of repeated ids wins. */
export function postsInPost(state: PlanState): Worker[] {
  const seen = new Set<string>();
  const out: Worker[] = [];
  for (const worker of [...state.inputs.workers, ...state.supernumerary]) {
    if (seen.has(worker.workerId)) continue;
    seen.add(worker.workerId);
    if (isWorkerInPostAt(worker, state.inputs.asOf)) out.push(worker);
  }
  return out;
}
