import { stringify } from 'csv-stringify/sync';
import { TEAM_KINDS, type Team, type TeamKind } from '../../domain/workforce/types.ts';
import { readCsvTable, RowChecker, type CsvColumn } from '../csv/csv-table.ts';
import type { TableParseResult } from '../csv/result.ts';

export const TEAM_COLUMNS: readonly CsvColumn[] = [
  { name: 'team_id', required: true, aliases: ['id'] },
  { name: 'name', required: true, aliases: ['team name'] },
  { name: 'parent_id', required: false, aliases: ['parent'] },
  { name: 'kind', required: true, aliases: ['level', 'type'] },
];

/** Parses the teams CSV: the service → locality → team hierarchy (docs/formats/teams.md). Never throws. */
export function parseTeams(input: Buffer | string, opts: { fileName: string }): TableParseResult<Team> {
  const table = readCsvTable(input, opts.fileName, TEAM_COLUMNS);
  const result: TableParseResult<Team> = { rows: [], issues: [...table.issues], rowsRead: table.records.length, fatal: table.fatal };
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const check = new RowChecker(opts.fileName, record);
    const teamId = check.text('team_id', true);
    const name = check.text('name', true);
    const kindText = check.text('kind', true);
    const kind = TEAM_KINDS.find((k) => k === kindText?.toLowerCase()) as TeamKind | undefined;
    if (kindText !== null && !kind) check.error('kind', `"${kindText}" is not a kind of team: use service, locality or team. The row was not loaded.`);
    if (teamId !== null && seen.has(teamId)) check.error('team_id', `Team ${teamId} is already on row ${seen.get(teamId)}; this row was not loaded.`);
    result.issues.push(...check.issues);
    if (check.rejected || teamId === null || name === null || !kind) continue;
    seen.set(teamId, record.rowNumber);
    result.rows.push({ rowNumber: record.rowNumber, value: { teamId, name, parentId: record.cells.parent_id || null, kind } });
  }
  const byId = new Map(result.rows.map((r) => [r.value.teamId, r]));
  const rejected = new Set<string>();
  for (const r of result.rows) {
    const parent = r.value.parentId;
    if (parent !== null && !byId.has(parent)) {
      result.issues.push({ sheet: opts.fileName, row: r.rowNumber, column: 'parent_id', value: parent, severity: 'warning', message: `The parent ${parent} is not in this file; ${r.value.name} is shown at the top level.` });
      r.value = { ...r.value, parentId: null };
      continue;
    }
    const path = new Set<string>([r.value.teamId]);
    for (let p = parent; p !== null; p = byId.get(p)?.value.parentId ?? null) {
      if (path.has(p)) {
        rejected.add(r.value.teamId);
        result.issues.push({ sheet: opts.fileName, row: r.rowNumber, column: 'parent_id', value: parent ?? '', severity: 'error', message: `Following the parents from ${r.value.teamId} leads back to it (a cycle); the row was not loaded.` });
        break;
      }
      path.add(p);
    }
  }
  result.rows = result.rows.filter((r) => !rejected.has(r.value.teamId));
  return result;
}

export function writeTeamsCsv(teams: readonly Team[]): string {
  return stringify([TEAM_COLUMNS.map((c) => c.name), ...teams.map((t) => [t.teamId, t.name, t.parentId ?? '', t.kind])]);
}
