import type { CaseloadSnapshot, TeamCaseload, WorkerCaseload, WorkerFlag } from '../../domain/caseload/caseload-snapshot.ts';
import type { StandardProfile } from '../../domain/standards/caseload-standard.ts';
import { suppressCount } from '../../domain/disclosure/index.ts';
import { formatNumber } from '../render.ts';
import { escapeHtml } from '../../reports/common/text.ts';

export type Rag = 'within' | 'over' | 'well_over' | 'none';

/**
 * RAG status of a team or roll-up against its own standard: its children against its capacity
 * (the sum of each case holder's range maximum × FTE, so IROs and personal advisers are measured
 * against their own ranges). Within the standard (children at or below capacity), over (up to
 * 10% above) or well over (more than 10% above). The tag always says it in words, so the
 * status is never carried by colour alone.
 */
export function ragFor(unit: { children: number; capacity: number }): Rag {
  if (unit.capacity <= 0) return unit.children > 0 ? 'well_over' : 'none';
  const load = unit.children / unit.capacity;
  if (load <= 1 + 1e-9) return 'within';
  if (load <= 1.1 + 1e-9) return 'over';
  return 'well_over';
}

/** Children per unit of capacity: 1 is exactly at the standard's maximum. */
export function loadOf(unit: { children: number; capacity: number }): number {
  return unit.capacity > 0 ? unit.children / unit.capacity : unit.children > 0 ? Infinity : 0;
}

const RAG_TAG: Record<Rag, { text: string; classes: string }> = {
  within: { text: 'Within standard', classes: 'govuk-tag--green' },
  over: { text: 'Over standard', classes: 'govuk-tag--yellow' },
  well_over: { text: 'Well over standard', classes: 'govuk-tag--red' },
  none: { text: 'No case holders', classes: 'govuk-tag--grey' },
};

export function ragTagHtml(rag: Rag): string {
  const t = RAG_TAG[rag];
  return `<strong class="govuk-tag ${t.classes}">${t.text}</strong>`;
}

export const FLAG_TEXT: Record<WorkerFlag, string> = {
  over_max: 'Over maximum',
  asye_over_protected: 'ASYE over protected caseload',
  span_of_control_low: 'Too few direct reports',
  span_of_control_high: 'Too many direct reports',
  not_in_post: 'Holds children but not in post',
};


export interface Cell {
  text?: string;
  html?: string;
  format?: 'numeric';
  classes?: string;
  attributes?: Record<string, string>;
}

const num = (v: number | null, digits?: number): Cell => ({ text: formatNumber(v, digits), format: 'numeric', attributes: { 'data-sort-value': String(v ?? '') } });
const withheld: Cell = { text: 'c', format: 'numeric', attributes: { 'data-sort-value': '' } };

const WITHHELD_KEYS = [
  'caseHoldingWorkers',
  'caseHoldingFte',
  'children',
  'heldChildren',
  'unallocated',
  'capacity',
  'casesOverCapacity',
  'headroom',
  'averagePerFte',
  'averagePerHead',
  'fteRequiredToMax',
  'fteRequiredToMid',
] as const;
type WithheldKey = (typeof WITHHELD_KEYS)[number];

/** A unit's figures with disclosure control applied, for the viewer role. */
export type WithheldUnit = Omit<TeamCaseload, WithheldKey> & { [K in WithheldKey]: TeamCaseload[K] | 'c' };

/** Whether a unit's count of children is withheld from a viewer, and with it every figure worked out from it. */
export function childrenWithheld(u: { children: number }): boolean {
  return suppressCount(u.children) === 'c';
}

/** Whether a viewer's average for a unit is withheld: its children, the children its case holders hold, or its case holders are. */
export function averageWithheld(u: { children: number; heldChildren: number; caseHoldingWorkers: number }): boolean {
  return childrenWithheld(u) || suppressCount(u.heldChildren) === 'c' || suppressCount(u.caseHoldingWorkers) === 'c';
}

/** An average per FTE as a chart shows it: null (no point) where a viewer's average is withheld. */
export function shownAverage(u: { children: number; heldChildren: number; caseHoldingWorkers: number; averagePerFte: number | null } | undefined, withhold: boolean): number | null {
  if (!u) return null;
  return withhold && averageWithheld(u) ? null : u.averagePerFte;
}

/**
 * Counts of 1 to 5 children or workers shown as "c" (the DfE convention). Every figure that
 * would give a withheld count back goes with it: when the children are withheld, headroom,
 * averages, cases over capacity and posts needed; when the case holders are, their FTE and
 * everything worked out from it (capacity, headroom, averages, cases over capacity, posts
 * needed: FTE beside 1 to 5 workers tells how many there are); when the children held by case
 * holders are, the averages.
 */
export function withholdSmallCounts(u: TeamCaseload): WithheldUnit {
  const childrenHidden = childrenWithheld(u);
  const holdersHidden = suppressCount(u.caseHoldingWorkers) === 'c';
  const averageHidden = averageWithheld(u);
  const when = <T>(hidden: boolean, value: T): T | 'c' => (hidden ? 'c' : value);
  return {
    ...u,
    caseHoldingWorkers: suppressCount(u.caseHoldingWorkers),
    caseHoldingFte: when(holdersHidden, u.caseHoldingFte),
    children: suppressCount(u.children),
    heldChildren: suppressCount(u.heldChildren),
    unallocated: suppressCount(u.unallocated),
    capacity: when(holdersHidden, u.capacity),
    casesOverCapacity: childrenHidden || holdersHidden || suppressCount(Math.round(u.casesOverCapacity)) === 'c' ? 'c' : u.casesOverCapacity,
    headroom: when(childrenHidden || holdersHidden, u.headroom),
    averagePerFte: when(averageHidden, u.averagePerFte),
    averagePerHead: when(averageHidden, u.averagePerHead),
    fteRequiredToMax: when(childrenHidden || holdersHidden, u.fteRequiredToMax),
    fteRequiredToMid: when(childrenHidden || holdersHidden, u.fteRequiredToMid),
  };
}

export const UNIT_COLUMNS = [
  { key: 'name', text: 'Team' },
  { key: 'caseHoldingWorkers', text: 'Case holders' },
  { key: 'caseHoldingFte', text: 'FTE' },
  { key: 'children', text: 'Children' },
  { key: 'averagePerFte', text: 'Average caseload per FTE' },
  { key: 'unallocated', text: 'Unallocated children' },
  { key: 'capacity', text: 'Capacity' },
  { key: 'headroom', text: 'Net headroom' },
  { key: 'casesOverCapacity', text: 'Cases over capacity' },
  { key: 'fteRequiredToMax', text: 'FTE needed to reach max' },
  { key: 'rag', text: 'Against standard' },
] as const;
export type UnitSortKey = (typeof UNIT_COLUMNS)[number]['key'];

/** The cells of one unit's row; `withholdCounts` applies `withholdSmallCounts` (the viewer role). */
export function unitCells(u: TeamCaseload, nameHtml: string, withholdCounts = false): Cell[] {
  const f: TeamCaseload | WithheldUnit = withholdCounts ? withholdSmallCounts(u) : u;
  const cell = (v: number | null | 'c', digits?: number): Cell => (v === 'c' ? withheld : num(v, digits));
  return [
    { html: nameHtml },
    cell(f.caseHoldingWorkers),
    cell(f.caseHoldingFte, 1),
    cell(f.children),
    cell(f.averagePerFte, 1),
    cell(f.unallocated),
    cell(f.capacity, 0),
    cell(f.headroom, 0),
    cell(f.casesOverCapacity, 0),
    cell(f.fteRequiredToMax, 1),
    f.children === 'c' ? { text: 'Withheld (small numbers)' } : { html: ragTagHtml(ragFor(u)), attributes: { 'data-sort-value': String(loadOf(u)) } },
  ];
}

export interface HierarchyRow {
  level: 'service' | 'locality' | 'team';
  unit: TeamCaseload;
}

/** Services, then under each its localities and their teams, then teams directly under the service. */
export function hierarchyRows(snapshot: CaseloadSnapshot, teamsParent: Map<string, string | null>): HierarchyRow[] {
  const out: HierarchyRow[] = [];
  const teamsUnder = (parentId: string) => snapshot.teams.filter((t) => teamsParent.get(t.teamId) === parentId);
  const placed = new Set<string>();
  for (const service of snapshot.services) {
    out.push({ level: 'service', unit: service });
    for (const locality of snapshot.localities.filter((l) => l.parent === service.teamId)) {
      out.push({ level: 'locality', unit: locality });
      for (const team of teamsUnder(locality.teamId)) {
        out.push({ level: 'team', unit: team });
        placed.add(team.teamId);
      }
    }
    for (const team of teamsUnder(service.teamId)) {
      out.push({ level: 'team', unit: team });
      placed.add(team.teamId);
    }
  }
  for (const team of snapshot.teams.filter((t) => !placed.has(t.teamId))) out.push({ level: 'team', unit: team });
  return out;
}

export function sortUnits(units: TeamCaseload[], key: UnitSortKey, direction: 'asc' | 'desc'): TeamCaseload[] {
  const value = (u: TeamCaseload): number | string => {
    if (key === 'name') return u.name.toLowerCase();
    if (key === 'rag') return loadOf(u);
    return u[key] ?? -Infinity;
  };
  const sign = direction === 'asc' ? 1 : -1;
  return [...units].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return x < y ? -sign : x > y ? sign : a.name.localeCompare(b.name);
  });
}

export function workerCells(w: WorkerCaseload, laQuery: string): Cell[] {
  const flags = w.flags.map((f) => `<strong class="govuk-tag govuk-tag--${f === 'over_max' || f === 'asye_over_protected' ? 'red' : 'yellow'} app-tag--flag">${FLAG_TEXT[f]}</strong>`).join(' ');
  const badges = [w.asye ? 'ASYE' : '', w.agency ? 'agency' : ''].filter(Boolean).join(', ');
  return [
    { html: `<a class="govuk-link" href="/caseloads/workers/${encodeURIComponent(w.workerId)}${laQuery}">${escapeHtml(w.name)}</a>` },
    { text: `${roleText(w.role)}${badges ? ` (${badges})` : ''}` },
    num(w.fte, 2),
    num(w.caseload),
    num(w.weightedCaseload, 1),
    num(w.capacity, 1),
    num(w.headroom, 1),
    { html: flags || '<span class="govuk-visually-hidden">None</span>' },
  ];
}

export function roleText(role: string): string {
  const map: Record<string, string> = { iro: 'IRO', asye: 'ASYE' };
  return map[role] ?? role.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function socialWorkerMax(profile: StandardProfile): number {
  return profile.roles.social_worker.max;
}
