import { stringify } from 'csv-stringify/sync';
import type { IsoDate } from '../../domain/dates.ts';
import { ROLES, type Role, type Worker } from '../../domain/workforce/types.ts';
import { readCsvTable, RowChecker, type CsvColumn } from '../csv/csv-table.ts';
import type { TableParseResult } from '../csv/result.ts';

export const ROSTER_COLUMNS: readonly CsvColumn[] = [
  { name: 'worker_id', required: true, aliases: ['worker id', 'staff id', 'id'] },
  { name: 'name', required: true, aliases: ['worker name', 'full name'] },
  { name: 'team_id', required: true, aliases: ['team'] },
  { name: 'role', required: true, aliases: ['job role', 'post'] },
  { name: 'fte', required: true, aliases: ['full time equivalent'] },
  { name: 'asye', required: false },
  { name: 'agency', required: false },
  { name: 'start_date', required: false },
  { name: 'end_date', required: false },
  { name: 'manager_id', required: false, aliases: ['line manager', 'manager'] },
];

/** Accepted spellings of each role, compared lower-case with spaces, dots and hyphens folded. */
const ROLE_SYNONYMS: Record<string, Role> = {
  sw: 'social_worker',
  socialworker: 'social_worker',
  qualifiedsocialworker: 'social_worker',
  snrprac: 'senior_practitioner',
  seniorpractitioner: 'senior_practitioner',
  sp: 'senior_practitioner',
  seniorsocialworker: 'senior_practitioner',
  ap: 'advanced_practitioner',
  advancedpractitioner: 'advanced_practitioner',
  tm: 'team_manager',
  teammanager: 'team_manager',
  pm: 'practice_manager',
  practicemanager: 'practice_manager',
  deputyteammanager: 'practice_manager',
  sm: 'service_manager',
  servicemanager: 'service_manager',
  hos: 'head_of_service',
  headofservice: 'head_of_service',
  iro: 'iro',
  independentreviewingofficer: 'iro',
  pa: 'personal_adviser',
  personaladviser: 'personal_adviser',
  personaladvisor: 'personal_adviser',
  fw: 'family_worker',
  familyworker: 'family_worker',
  familysupportworker: 'family_worker',
  student: 'student',
  studentsocialworker: 'student',
};

const fold = (s: string) => s.toLowerCase().replace(/[\s._\-]+/g, '');

export function parseRole(text: string): Role | null {
  const key = fold(text);
  const canonical = ROLES.find((r) => fold(r) === key);
  return canonical ?? ROLE_SYNONYMS[key] ?? null;
}

/** Parses a staff roster CSV (docs/formats/roster.md). Never throws. */
export function parseRoster(input: Buffer | string, opts: { fileName: string; today: IsoDate }): TableParseResult<Worker> {
  const table = readCsvTable(input, opts.fileName, ROSTER_COLUMNS);
  const result: TableParseResult<Worker> = { rows: [], issues: [...table.issues], rowsRead: table.records.length, fatal: table.fatal };
  const seen = new Map<string, number>();
  for (const record of table.records) {
    const check = new RowChecker(opts.fileName, record);
    const workerId = check.text('worker_id', true);
    const name = check.text('name', true);
    const teamId = check.text('team_id', false);
    const roleText = check.text('role', true);
    const role = roleText === null ? null : parseRole(roleText);
    if (roleText !== null && role === null) check.error('role', `"${roleText}" is not a role Headroom knows (for example social_worker, senior_practitioner, team_manager, iro, personal_adviser); the row was not loaded.`);
    const fteText = check.text('fte', true);
    const fte = fteText === null ? null : Number(fteText);
    if (fteText !== null && (fte === null || !Number.isFinite(fte) || fte < 0 || fte > 1.5)) check.error('fte', `FTE "${fteText}" must be a number from 0 to 1.5; the row was not loaded.`);
    const startDate = check.date('start_date', false);
    const endDate = check.date('end_date', false);
    if (startDate && endDate && endDate < startDate) check.error('end_date', `The end date ${endDate} is before the start date ${startDate}; the row was not loaded.`);
    if (startDate && startDate > opts.today) check.warn('start_date', `The start date ${startDate} is in the future; the worker counts only from then.`);
    if (workerId !== null && seen.has(workerId)) check.error('worker_id', `Worker ${workerId} is already on row ${seen.get(workerId)}; this row was not loaded.`);
    const asye = check.yesNo('asye', false);
    const agency = check.yesNo('agency', false);
    result.issues.push(...check.issues);
    if (check.rejected || workerId === null || name === null || role === null || fte === null) continue;
    seen.set(workerId, record.rowNumber);
    result.rows.push({
      rowNumber: record.rowNumber,
      value: {
        workerId,
        name,
        teamId,
        role,
        fte,
        asye,
        agency,
        startDate,
        endDate,
        managerId: record.cells.manager_id || null,
      },
    });
  }
  const ids = new Set(result.rows.map((r) => r.value.workerId));
  for (const r of result.rows) {
    if (r.value.managerId && !ids.has(r.value.managerId)) {
      result.issues.push({ sheet: opts.fileName, row: r.rowNumber, column: 'manager_id', value: r.value.managerId, severity: 'warning', message: `The manager ${r.value.managerId} is not in this roster, so their span of control cannot include this worker.` });
    }
  }
  return result;
}

export function writeRosterCsv(workers: readonly Worker[]): string {
  return stringify([
    ROSTER_COLUMNS.map((c) => c.name),
    ...workers.map((w) => [w.workerId, w.name, w.teamId ?? '', w.role, w.fte, w.asye ? 'yes' : 'no', w.agency ? 'yes' : 'no', w.startDate ?? '', w.endDate ?? '', w.managerId ?? '']),
  ]);
}
