import type { CaseloadSnapshot, TeamCaseload, WorkerCaseload, WorkerFlag } from '../../domain/caseload/caseload-snapshot.ts';
import type { StandardProfile } from '../../domain/standards/caseload-standard.ts';
import { formatNumber } from '../render.ts';

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

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Cell {
  text?: string;
  html?: string;
  format?: 'numeric';
  classes?: string;
  attributes?: Record<string, string>;
}

const num = (v: number | null, digits?: number): Cell => ({ text: formatNumber(v, digits), format: 'numeric', attributes: { 'data-sort-value': String(v ?? '') } });

export const UNIT_COLUMNS = [
  { key: 'name', text: 'Team' },
  { key: 'caseHoldingWorkers', text: 'Case holders' },
  { key: 'caseHoldingFte', text: 'FTE' },
  { key: 'children', text: 'Children' },
  { key: 'averagePerFte', text: 'Average per FTE' },
  { key: 'capacity', text: 'Capacity' },
  { key: 'headroom', text: 'Headroom' },
  { key: 'casesOverCapacity', text: 'Cases over capacity' },
  { key: 'fteRequiredToMax', text: 'FTE needed to reach max' },
  { key: 'rag', text: 'Against standard' },
] as const;
export type UnitSortKey = (typeof UNIT_COLUMNS)[number]['key'];

export function unitCells(u: TeamCaseload, nameHtml: string): Cell[] {
  return [
    { html: nameHtml },
    num(u.caseHoldingWorkers),
    num(u.caseHoldingFte, 1),
    num(u.children),
    num(u.averagePerFte, 1),
    num(u.capacity, 0),
    num(u.headroom, 0),
    num(u.casesOverCapacity, 0),
    num(u.fteRequiredToMax, 1),
    { html: ragTagHtml(ragFor(u)), attributes: { 'data-sort-value': String(loadOf(u)) } },
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

export { escapeHtml };
