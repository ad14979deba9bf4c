import { stringify } from 'csv-stringify/sync';
import type { IsoDate } from '../../domain/dates.ts';
import { CASE_TYPES, type Allocation, type CaseType } from '../../domain/workforce/types.ts';
import { readCsvTable, RowChecker, type CsvColumn } from '../csv/csv-table.ts';
import type { Numbered, TableParseResult } from '../csv/result.ts';
import type { ImportIssue } from '../issue.ts';

export const ALLOCATION_COLUMNS: readonly CsvColumn[] = [
  { name: 'child_id', required: true, aliases: ['child id', 'child'] },
  { name: 'worker_id', required: true, aliases: ['worker'] },
  { name: 'team_id', required: true, aliases: ['team'] },
  { name: 'case_type', required: true, aliases: ['type'] },
  { name: 'start_date', required: true, aliases: ['from'] },
  { name: 'end_date', required: false, aliases: ['to'] },
];

/** Accepted spellings of each case type, compared lower-case with spaces, dots, underscores and hyphens removed. */
const CASE_TYPE_SYNONYMS: Readonly<Record<string, CaseType>> = {
  cin: 'cin',
  childinneed: 'cin',
  childreninneed: 'cin',
  cp: 'cp',
  cpp: 'cp',
  childprotection: 'cp',
  childprotectionplan: 'cp',
  cla: 'cla',
  lac: 'cla',
  cic: 'cla',
  lookedafter: 'cla',
  lookedafterchild: 'cla',
  childlookedafter: 'cla',
  childrenlookedafter: 'cla',
  childincare: 'cla',
  childrenincare: 'cla',
  careleaver: 'care_leaver',
  leavingcare: 'care_leaver',
  careexperienced: 'care_leaver',
  assessment: 'assessment',
  referral: 'referral',
  other: 'other',
};

/** The canonical case type for a spelling (case-insensitive, with synonyms), or null. */
export function parseCaseType(text: string): CaseType | null {
  const key = text.toLowerCase().replace(/[\s._\-&']+/g, '');
  return CASE_TYPES.find((c) => c.replace(/_/g, '') === key) ?? CASE_TYPE_SYNONYMS[key] ?? null;
}

/**
 * Parses a case allocations CSV (docs/formats/allocations.md). An empty worker_id is an
 * allocation to the team only. Whether the workers and teams exist is not checked here (see
 * checkAllocationRefs). `today` dates the "in the future" checks. Never throws.
 */
export function parseAllocations(input: Buffer | string, opts: { fileName: string; today: IsoDate }): TableParseResult<Allocation> {
  const table = readCsvTable(input, opts.fileName, ALLOCATION_COLUMNS);
  const result: TableParseResult<Allocation> = { rows: [], issues: [...table.issues], rowsRead: table.records.length, fatal: table.fatal };
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const check = new RowChecker(opts.fileName, record);
    const childId = check.text('child_id', true);
    const workerId = record.cells.worker_id || null;
    const teamId = record.cells.team_id || null;
    if (!workerId && !teamId) check.error('team_id', 'Both worker_id and team_id are empty: the allocation must name a worker or a team. The row was not loaded.');
    const typeText = check.text('case_type', true);
    const caseType = typeText === null ? null : parseCaseType(typeText);
    if (typeText !== null && caseType === null) {
      check.error('case_type', `"${typeText}" is not a case type: use cin, cp, cla, care_leaver, assessment, referral or other (CIN, CP, CLA, LAC and Care leaver are understood too). The row was not loaded.`);
    }
    const startDate = check.date('start_date', true);
    const endDate = check.date('end_date', false);
    if (startDate && endDate && endDate < startDate) check.error('end_date', `The end date ${endDate} is before the start date ${startDate}; the row was not loaded.`);
    if (startDate && startDate > opts.today) check.warn('start_date', `The start date ${startDate} is in the future; the allocation counts only from then.`);
    if (endDate && endDate > opts.today) check.warn('end_date', `The end date ${endDate} is in the future; the allocation counts as open until then.`);
    if (!check.rejected && childId !== null && caseType !== null && startDate !== null) {
      const key = JSON.stringify([childId, workerId, teamId, caseType, startDate, endDate]);
      const first = seen.get(key);
      if (first !== undefined) check.warn('child_id', `The same allocation is already on row ${first}; both were loaded, and the child still counts once in a caseload.`);
      else seen.set(key, record.rowNumber);
    }
    result.issues.push(...check.issues);
    if (check.rejected || childId === null || caseType === null || startDate === null) continue;
    result.rows.push({ rowNumber: record.rowNumber, value: { childId, workerId, teamId, caseType, startDate, endDate } });
  }
  return result;
}

/**
 * Checks allocations against the workers and teams Headroom knows for the LA (the import
 * service reads them from the database): an unknown worker or team rejects the row, since its
 * children could not be counted anywhere. `knownWorkers` maps each worker id to their team, so a
 * row naming only a worker takes the worker's team. Returns the rows kept and an error per row
 * dropped. Pure.
 */
export function checkAllocationRefs(
  rows: readonly Numbered<Allocation>[],
  knownWorkers: ReadonlyMap<string, string | null>,
  knownTeamIds: ReadonlySet<string>,
  fileName: string,
): { rows: Numbered<Allocation>[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const kept: Numbered<Allocation>[] = [];
  for (const r of rows) {
    const a = r.value;
    if (a.workerId !== null && !knownWorkers.has(a.workerId)) {
      issues.push({ sheet: fileName, row: r.rowNumber, column: 'worker_id', value: a.workerId, severity: 'error', message: `Worker ${a.workerId} is not in the roster for this council; import the roster first. The row was not loaded.` });
      continue;
    }
    if (a.teamId !== null && !knownTeamIds.has(a.teamId)) {
      issues.push({ sheet: fileName, row: r.rowNumber, column: 'team_id', value: a.teamId, severity: 'error', message: `Team ${a.teamId} does not exist for this council; import the teams file first. The row was not loaded.` });
      continue;
    }
    kept.push(a.teamId === null && a.workerId !== null ? { ...r, value: { ...a, teamId: knownWorkers.get(a.workerId) ?? null } } : r);
  }
  return { rows: kept, issues };
}

/** Writes allocations as a CSV with exactly the columns of ALLOCATION_COLUMNS, in that order. */
export function writeAllocationsCsv(allocations: readonly Allocation[]): string {
  return stringify([ALLOCATION_COLUMNS.map((c) => c.name), ...allocations.map((a) => [a.childId, a.workerId ?? '', a.teamId ?? '', a.caseType, a.startDate, a.endDate ?? ''])]);
}
