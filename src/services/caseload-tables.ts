import type { CaseloadSnapshot, TeamCaseload, WorkerCaseload } from '../domain/caseload/caseload-snapshot.ts';

export type CaseloadView = 'worker' | 'team' | 'service';

export interface PlainTable {
  head: string[];
  rows: Array<Array<string | number | boolean | null>>;
}

/**
 * Column names are a contract (downloads, scripts, the viewer's withholding by column name).
 * "Average caseload per FTE" is the DfE's: children held by case holders ÷ case-holding FTE;
 * unallocated children sit beside it. Cases over capacity and FTE required of a roll-up add up
 * its teams' shortfalls; "Net headroom" (capacity − children) is the one figure that nets them.
 */
export const UNIT_HEAD = [
  'Id',
  'Name',
  'Parent',
  'Case holders',
  'Case-holding FTE',
  'Children',
  'Children held by case holders',
  'Average caseload per FTE',
  'Unallocated children',
  'Average caseload per head',
  'Capacity',
  'Net headroom',
  'Cases over capacity',
  'FTE required to max',
  'FTE required to mid',
];

function unitRow(u: TeamCaseload): Array<string | number | null> {
  return [u.teamId, u.name, u.parent, u.caseHoldingWorkers, round(u.caseHoldingFte), u.children, u.heldChildren, u.averagePerFte, u.unallocated, u.averagePerHead, round(u.capacity), round(u.headroom), round(u.casesOverCapacity), u.fteRequiredToMax, u.fteRequiredToMid];
}

function workerRow(w: WorkerCaseload): Array<string | number | boolean | null> {
  return [w.workerId, w.name, w.teamId, w.role, w.asye, w.agency, w.fte, w.caseload, round(w.weightedCaseload), round(w.capacity), round(w.headroom), w.flags.join(' ')];
}

/** The caseload figures as one flat table, shared by the CLI's table and CSV output and the web downloads. */
export function caseloadTable(snapshot: CaseloadSnapshot, view: CaseloadView): PlainTable {
  if (view === 'worker') {
    return { head: ['Worker id', 'Name', 'Team', 'Role', 'ASYE', 'Agency', 'FTE', 'Caseload', 'Weighted caseload', 'Capacity', 'Headroom', 'Flags'], rows: snapshot.workers.map(workerRow) };
  }
  const units = view === 'team' ? snapshot.teams : snapshot.services;
  const totals: Array<string | number | null> = ['', 'Total', '', ...unitRow({ ...snapshot.totals, teamId: '', name: '', parent: null }).slice(3)];
  return { head: UNIT_HEAD, rows: [...units.map(unitRow), totals] };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
