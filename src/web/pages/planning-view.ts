import type { ComparedFigures, ScenarioChange, ScenarioComparison } from '../../domain/planning/index.ts';
import { formatPence } from '../../domain/planning/index.ts';
import { rollUpCosts, SAVINGS_TERMS } from '../../domain/planning/cost-rollup.ts';
import { ROLES } from '../../domain/workforce/types.ts';
import type { PlanningRun } from '../../services/planning.service.ts';
import { issue, type Issue } from '../../domain/issue.ts';
import type { AppError } from '../../errors.ts';
import { formatNumber } from '../render.ts';
import { escapeHtml } from '../../reports/common/text.ts';
import { roleText } from './caseload-view.ts';

export interface FieldError {
  href: string;
  text: string;
}

export interface Cell {
  text?: string;
  html?: string;
  format?: 'numeric';
  classes?: string;
}

/** The change types the scenario page has a form for, in the order the page shows them. */
export const CHANGE_FORMS = ['add_posts', 'remove_posts', 'convert_agency', 'demand', 'set_profile', 'move_team'] as const;
export type ChangeForm = (typeof CHANGE_FORMS)[number];

/** Each form's fields and how the page labels them, so a service error on `changes[n].fte` names the field as the form does. */
export const FIELD_LABELS: Record<ChangeForm, Record<string, string>> = {
  add_posts: { team: 'Team', role: 'Role', fte: 'FTE of each post', count: 'Number of posts', agency: 'Agency', asye: 'ASYE', supernumerary: 'Supernumerary', startDate: 'Start date' },
  remove_posts: { team: 'Team', role: 'Role', fte: 'FTE of each post', count: 'Number of posts' },
  convert_agency: { team: 'Team', count: 'Number of agency posts' },
  demand: { team: 'Team', factor: 'Demand factor' },
  set_profile: { profile: 'Caseload standard' },
  move_team: { team: 'Team', toParent: 'New parent' },
};

const NUMBER_FIELDS = new Set(['fte', 'count', 'factor']);
const FLAG_FIELDS = new Set(['agency', 'asye', 'supernumerary']);

export function isChangeForm(value: unknown): value is ChangeForm {
  return typeof value === 'string' && (CHANGE_FORMS as readonly string[]).includes(value);
}

/**
 * A change from the scenario page's form. Blank fields are left out (so the service says
 * "is required" or uses its default); a number that does not read as one is passed on as
 * text, so the service's message says what it must be. Validation is the service's.
 */
export function changeFromForm(body: Record<string, unknown>): { type: string; change: Record<string, unknown>; values: Record<string, string> } {
  const type = typeof body.type === 'string' ? body.type : '';
  const values: Record<string, string> = {};
  const change: Record<string, unknown> = { type };
  const fields = isChangeForm(type) ? Object.keys(FIELD_LABELS[type]) : [];
  for (const field of fields) {
    const raw = body[field];
    const value = typeof raw === 'string' ? raw.trim() : '';
    values[field] = value;
    if (FLAG_FIELDS.has(field)) {
      if (value === 'true') change[field] = true;
      continue;
    }
    if (value === '') {
      // A team moved to the top of the hierarchy has no parent: the form's "none" option.
      if (type === 'move_team' && field === 'toParent') change[field] = null;
      continue;
    }
    if (NUMBER_FIELDS.has(field)) {
      const n = Number(value);
      change[field] = Number.isFinite(n) ? n : value;
    } else {
      change[field] = value;
    }
  }
  return { type, change, values };
}

/** The issues of a rejected input, or the error's message when it has none. */
export function issuesOf(err: AppError): readonly Issue[] {
  return err.issues.length > 0 ? err.issues : [issue('invalid', '', err.message)];
}

/** The form field of a change that an issue is about, by its path (`changes[2].fte` is field `fte` of change 2). */
function changeField(path: string, index: number, type: ChangeForm): string | undefined {
  const prefix = `changes[${index}].`;
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  return Object.keys(FIELD_LABELS[type]).find((field) => rest === field || rest.startsWith(`${field}.`) || rest.startsWith(`${field}[`)) ?? '';
}

/**
 * Error summary items for a rejected change: those about the change being added link to its
 * form's field and are named by the field's label; any other (an earlier change the data no
 * longer supports) links to the list of changes.
 */
export function changeErrors(issues: readonly Issue[], index: number, type: string): FieldError[] {
  return issues.map((i) => {
    const field = isChangeForm(type) ? changeField(i.path, index, type) : undefined;
    if (field === undefined || !isChangeForm(type)) return { href: '#changes', text: i.message };
    const label = FIELD_LABELS[type][field];
    if (label) return { href: `#${type}-${field}`, text: `${label}: ${i.reason}` };
    return { href: `#${type}-${Object.keys(FIELD_LABELS[type])[0]}`, text: i.message };
  });
}

export function errorMap(errors: readonly FieldError[]): Record<string, { text: string }> {
  const map: Record<string, { text: string }> = {};
  for (const e of errors) if (!map[e.href.slice(1)]) map[e.href.slice(1)] = { text: e.text };
  return map;
}

const num = (value: number | null | undefined, digits?: number): Cell => ({ text: formatNumber(value, digits), format: 'numeric' });
export const money = (pence: number | null | undefined): Cell => ({ text: pence === null || pence === undefined ? '–' : formatPence(pence), format: 'numeric' });

function figureCells(f: ComparedFigures | null): Cell[] {
  if (f === null) return [num(null), num(null), num(null), num(null), num(null), num(null)];
  return [num(f.children, 0), num(f.caseHoldingFte, 2), num(f.averagePerFte, 1), num(f.unallocated, 0), num(f.casesOverCapacity, 0), num(f.fteRequiredToMax, 1)];
}

/** Team rows of one scenario against today: each figure before, then after. */
export function beforeAfterRows(comparison: ScenarioComparison): Cell[][] {
  const pair = (b: ComparedFigures | null, a: ComparedFigures | null): Cell[] => {
    const before = figureCells(b);
    const after = figureCells(a);
    return before.flatMap((cell, i) => [cell, after[i]!]);
  };
  const rows = comparison.teams.map((t) => [{ text: t.name }, ...pair(t.baseline, t.options[0] ?? null)]);
  const total = [{ html: '<strong>Total</strong>' }, ...pair(comparison.totals.baseline, comparison.totals.options[0] ?? null).map((c) => ({ ...c, classes: 'app-row--total' }))];
  return [...rows, total];
}

/** Today and each option side by side, team by team, then the total. */
export function compareRows(comparison: ScenarioComparison): Cell[][] {
  const rows: Cell[][] = [];
  const add = (name: string, baseline: ComparedFigures | null, options: readonly (ComparedFigures | null)[], total: boolean) => {
    const label = total ? { html: `<strong>${escapeHtml(name)}</strong>` } : { text: name };
    rows.push([label, { text: 'Today' }, ...figureCells(baseline), num(baseline?.fteRequiredToMid ?? null, 1)]);
    options.forEach((o, i) => rows.push([{ html: '<span class="govuk-visually-hidden">' + escapeHtml(name) + ': </span>' }, { text: comparison.options[i] ?? '' }, ...figureCells(o), num(o?.fteRequiredToMid ?? null, 1)]));
  };
  for (const t of comparison.teams) add(t.name, t.baseline, t.options, false);
  add('Total', comparison.totals.baseline, comparison.totals.options, true);
  return rows;
}

/** The cost lines of a run, or null when it could not be costed. */
export function costSummary(run: PlanningRun): { label: string; value: string }[] | null {
  if (!run.cost) return null;
  const t = run.cost.total;
  const agency = run.cost.agency.total;
  return [
    { label: 'Establishment cost today (full year)', value: formatPence(t.baselinePence) },
    { label: 'Establishment cost with the scenario (full year)', value: formatPence(t.scenarioPence) },
    { label: 'Full-year pressure (negative is a saving)', value: formatPence(t.pressurePence) },
    { label: `In-year pressure to 31 March (${run.cost.financialYear})`, value: formatPence(t.inYearPence) },
    { label: `One-off recruitment and retention payments (${t.newPermanentPosts} new permanent ${t.newPermanentPosts === 1 ? 'post' : 'posts'})`, value: formatPence(t.oneOffPence) },
    { label: `${SAVINGS_TERMS.gross} (${agency.conversions} agency ${agency.conversions === 1 ? 'post' : 'posts'} made permanent, full year)`, value: formatPence(agency.agencyPence) },
    { label: `${SAVINGS_TERMS.newPosts} that replace them (full year)`, value: formatPence(agency.permanentPence) },
    { label: `${SAVINGS_TERMS.net} from making agency posts permanent (full year, already counted in the pressure)`, value: formatPence(agency.netSavingPence) },
  ];
}

/**
 * Costs by team as the hierarchy: each service and locality carries the sum of everything under
 * it, so the teams add up to their service and the services to the council total.
 */
export function costTeamRows(run: PlanningRun): Cell[][] {
  if (!run.cost) return [];
  const units = new Map([...run.baseline.inputs.teams, ...run.result.inputs.teams].map((u) => [u.teamId, u]));
  const zero = { baseline: 0, scenario: 0, pressure: 0, inYear: 0, oneOff: 0 };
  const rolled = rollUpCosts(
    [...units.values()],
    run.cost.teams.map((t) => ({ teamId: t.teamId, name: t.name, values: { baseline: t.baselinePence, scenario: t.scenarioPence, pressure: t.pressurePence, inYear: t.inYearPence, oneOff: t.oneOffPence } })),
    zero,
  );
  const figures = (v: typeof zero): Cell[] => [money(v.baseline), money(v.scenario), money(v.pressure), money(v.inYear), money(v.oneOff)];
  const rows: Cell[][] = rolled.map((r) => {
    const name = escapeHtml(r.name);
    const html = r.rollup ? `<strong>${name}</strong> <span class="govuk-visually-hidden">(total of the units under it)</span>` : name;
    return [{ html: r.depth > 0 ? `<span class="app-indent-${Math.min(r.depth, 2)}">${html}</span>` : html, ...(r.rollup ? { classes: 'app-row--rollup' } : {}) }, ...figures(r.values)];
  });
  const t = run.cost.total;
  rows.push([{ html: '<strong>Council total</strong>' }, ...figures({ baseline: t.baselinePence, scenario: t.scenarioPence, pressure: t.pressurePence, inYear: t.inYearPence, oneOff: t.oneOffPence })]);
  return rows;
}

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, text: roleText(r) }));

/** A change in words when the scenario could not be applied (its own summary is then unavailable). */
export function describeChange(change: ScenarioChange): string {
  switch (change.type) {
    case 'add_posts':
      return `Add ${change.count ?? 1} ${roleText(change.role).toLowerCase()} post(s) of ${change.fte} FTE to team ${change.team}`;
    case 'remove_posts':
      return change.workerId !== undefined ? `Remove worker ${change.workerId}` : `Remove ${change.count ?? 1} ${roleText(change.role ?? '').toLowerCase()} post(s) of ${change.fte} FTE from team ${change.team}`;
    case 'convert_agency':
      return `Make agency posts permanent${change.team ? ` in team ${change.team}` : ''}`;
    case 'move_workers':
      return `Move ${change.workerIds.length} worker(s) to team ${change.toTeam}`;
    case 'move_team':
      return `Move team ${change.team} under ${change.toParent ?? 'the top of the hierarchy'}`;
    case 'split_team':
      return `Split team ${change.team}, creating ${change.newTeam.teamId} "${change.newTeam.name}"`;
    case 'set_profile':
      return `Measure against the standard ${change.profile}`;
    case 'demand':
      return change.factor === 'forecast' ? `Change the children of team ${change.team} as forecast ${change.months ?? 12} months ahead` : `Multiply the children of team ${change.team} by ${change.factor}`;
  }
}
