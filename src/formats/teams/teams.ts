import { stringify } from 'csv-stringify/sync';
import { TEAM_KINDS, type Team, type TeamKind } from '../../domain/workforce/types.ts';
import { readCsvTable, RowChecker, type CsvColumn } from '../csv/csv-table.ts';
import type { Numbered, TableParseResult } from '../csv/result.ts';

export const TEAM_COLUMNS: readonly CsvColumn[] = [
  { name: 'team_id', required: true, aliases: ['id'] },
  { name: 'name', required: true, aliases: ['team name'] },
  { name: 'parent_id', required: false, aliases: ['parent'] },
  { name: 'kind', required: true, aliases: ['level', 'type'] },
];

const KIND_SYNONYMS: Readonly<Record<string, TeamKind>> = {
  servicearea: 'service',
  area: 'locality',
  unit: 'team',
};

/** The kind of a team (`service`, `locality`, `team`, any case; also Service area, Area, Unit), or null. */
export function parseTeamKind(text: string): TeamKind | null {
  const key = text.toLowerCase().replace(/[\s._\-]+/g, '');
  return TEAM_KINDS.find((k) => k === key) ?? KIND_SYNONYMS[key] ?? null;
}

/** Higher in the hierarchy = smaller number. */
const LEVEL: Readonly<Record<TeamKind, number>> = { service: 0, locality: 1, team: 2 };

/**
 * Parses the teams CSV: the service → locality → team hierarchy (docs/formats/teams.md). A team
 * whose parent is missing or was not loaded is kept at the top level with a warning; every team
 * on a cycle of parents is rejected. Never throws.
 */
export function parseTeams(input: Buffer | string, opts: { fileName: string }): TableParseResult<Team> {
  const table = readCsvTable(input, opts.fileName, TEAM_COLUMNS);
  const result: TableParseResult<Team> = { rows: [], issues: [...table.issues], rowsRead: table.records.length, fatal: table.fatal };
  const seen = new Map<string, number>();
  const named = new Set<string>();
  for (const record of table.records) {
    const check = new RowChecker(opts.fileName, record);
    const teamId = check.text('team_id', true);
    const name = check.text('name', true);
    const kindText = check.text('kind', true);
    const kind = kindText === null ? null : parseTeamKind(kindText);
    if (kindText !== null && kind === null) check.error('kind', `"${kindText}" is not a kind of team: use service, locality or team. The row was not loaded.`);
    if (teamId !== null && seen.has(teamId)) check.error('team_id', `Team ${teamId} is already on row ${seen.get(teamId)}; this row was not loaded.`);
    if (teamId !== null) named.add(teamId);
    result.issues.push(...check.issues);
    if (check.rejected || teamId === null || name === null || kind === null) continue;
    seen.set(teamId, record.rowNumber);
    result.rows.push({ rowNumber: record.rowNumber, value: { teamId, name, parentId: record.cells.parent_id || null, kind } });
  }

  const byId = new Map(result.rows.map((r) => [r.value.teamId, r]));
  const onCycle = teamsOnCycles(byId);
  const warn = (r: Numbered<Team>, message: string) =>
    result.issues.push({ sheet: opts.fileName, row: r.rowNumber, column: 'parent_id', value: r.value.parentId ?? '', severity: 'warning', message });
  for (const r of result.rows) {
    const { teamId, parentId, name } = r.value;
    if (onCycle.has(teamId)) {
      const message =
        parentId === teamId
          ? `Team ${teamId} is its own parent; the row was not loaded.`
          : `Following the parents from ${teamId} leads back to it (${cyclePath(teamId, byId)}); the row was not loaded.`;
      result.issues.push({ sheet: opts.fileName, row: r.rowNumber, column: 'parent_id', value: parentId ?? '', severity: 'error', message });
      continue;
    }
    if (parentId === null) continue;
    const parent = byId.get(parentId);
    if (!parent) {
      warn(r, named.has(parentId) ? `The parent ${parentId} was not loaded (see its row); ${name} is shown at the top level.` : `The parent ${parentId} is not in this file; ${name} is shown at the top level.`);
      r.value = { ...r.value, parentId: null };
    } else if (onCycle.has(parentId)) {
      warn(r, `The parent ${parentId} was not loaded because its parents form a cycle; ${name} is shown at the top level.`);
      r.value = { ...r.value, parentId: null };
    } else if (LEVEL[parent.value.kind] > LEVEL[r.value.kind]) {
      warn(r, `A ${r.value.kind} sits under a ${parent.value.kind} (${parentId}); the hierarchy usually runs service → locality → team. Loaded as given.`);
    }
  }
  result.rows = result.rows.filter((r) => !onCycle.has(r.value.teamId));
  result.issues.sort((a, b) => a.row - b.row);
  return result;
}

/** Ids of the teams that are themselves on a cycle of parents (not those merely below one). */
function teamsOnCycles(byId: ReadonlyMap<string, Numbered<Team>>): Set<string> {
  const onCycle = new Set<string>();
  const done = new Set<string>();
  for (const start of byId.keys()) {
    const path: string[] = [];
    const index = new Map<string, number>();
    for (let id: string | null = start; id !== null && byId.has(id) && !done.has(id); id = byId.get(id)?.value.parentId ?? null) {
      const at = index.get(id);
      if (at !== undefined) {
        for (const member of path.slice(at)) onCycle.add(member);
        break;
      }
      index.set(id, path.length);
      path.push(id);
    }
    for (const id of path) done.add(id);
  }
  return onCycle;
}

function cyclePath(start: string, byId: ReadonlyMap<string, Numbered<Team>>): string {
  const path = [start];
  for (let id = byId.get(start)?.value.parentId ?? null; id !== null && id !== start && path.length <= byId.size; id = byId.get(id)?.value.parentId ?? null) path.push(id);
  return [...path, start].join(' → ');
}

/** Writes teams as a CSV with exactly the columns of TEAM_COLUMNS, in that order. */
export function writeTeamsCsv(teams: readonly Team[]): string {
  return stringify([TEAM_COLUMNS.map((c) => c.name), ...teams.map((t) => [t.teamId, t.name, t.parentId ?? '', t.kind])]);
}
