import type { CaseloadSnapshot, TeamCaseload, WorkerCaseload } from '../domain/caseload/caseload-snapshot.ts';
import { suppressCount } from '../domain/disclosure/index.ts';

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

type TableValue = string | number | boolean | null;

/** `withholdSmallCounts` for a unit table as downloaded (the head names the columns, as in `UNIT_HEAD`). */
export function withholdUnitTable(table: { head: string[]; rows: TableValue[][] }): { head: string[]; rows: TableValue[][] } {
  const col = (name: string) => table.head.indexOf(name);
  const cols = (names: string[]) => names.map(col).filter((i) => i >= 0);
  const isWithheld = (v: TableValue | undefined): boolean => typeof v === 'number' && suppressCount(Math.round(v)) === 'c';
  const children = col('Children');
  const holders = col('Case holders');
  const held = col('Children held by case holders');
  const counts = cols(['Case holders', 'Children held by case holders', 'Unallocated children', 'Cases over capacity']);
  const fromChildren = cols(['Average caseload per FTE', 'Average caseload per head', 'Net headroom', 'Cases over capacity', 'FTE required to max', 'FTE required to mid']);
  const fromHolders = cols(['Case-holding FTE', 'Capacity', 'Net headroom', 'Average caseload per FTE', 'Average caseload per head', 'Cases over capacity', 'FTE required to max', 'FTE required to mid']);
  const fromHeld = cols(['Average caseload per FTE', 'Average caseload per head']);
  return {
    head: table.head,
    rows: table.rows.map((row) => {
      const out = [...row];
      for (const i of counts) if (isWithheld(row[i])) out[i] = 'c';
      const hide = (when: boolean, at: number, also: number[]) => {
        if (!when) return;
        out[at] = 'c';
        for (const i of also) out[i] = 'c';
      };
      hide(children >= 0 && isWithheld(row[children]), children, fromChildren);
      hide(holders >= 0 && isWithheld(row[holders]), holders, fromHolders);
      hide(held >= 0 && isWithheld(row[held]), held, fromHeld);
      return out;
    }),
  };
}
