import type { CaseloadSnapshot, TeamCaseload, WorkerCaseload } from '../domain/caseload/caseload-snapshot.ts';

export type CaseloadView = 'worker' | 'team' | 'service';

export interface PlainTable {
  head: string[];
  rows: Array<Array<string | number | boolean | null>>;
}

const UNIT_HEAD = ['Id', 'Name', 'Parent', 'Case holders', 'Case-holding FTE', 'Children', 'Unallocated', 'Average per FTE', 'Average per head', 'Capacity', 'Headroom', 'Cases over capacity', 'FTE required to max', 'FTE required to mid'];

function unitRow(u: TeamCaseload): Array<string | number | null> {
  return [u.teamId, u.name, u.parent, u.caseHoldingWorkers, round(u.caseHoldingFte), u.children, u.unallocated, u.averagePerFte, u.averagePerHead, round(u.capacity), round(u.headroom), round(u.casesOverCapacity), u.fteRequiredToMax, u.fteRequiredToMid];
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
