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

/** Accepted spellings of each role, compared lower-case with spaces, dots, underscores and hyphens removed. */
const ROLE_SYNONYMS: Readonly<Record<string, Role>> = {
  sw: 'social_worker',
  socialworker: 'social_worker',
  qualifiedsocialworker: 'social_worker',
  asye: 'social_worker',
  nqsw: 'social_worker',
  newlyqualifiedsocialworker: 'social_worker',
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
  dtm: 'practice_manager',
  assistantteammanager: 'practice_manager',
  atm: 'practice_manager',
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

/** Role spellings that also say the worker is in their assessed and supported year. */
const ASYE_ROLE_SPELLINGS = new Set(['asye', 'nqsw', 'newlyqualifiedsocialworker']);

const fold = (s: string) => s.toLowerCase().replace(/[\s._\-]+/g, '');

/** The canonical role for a roster spelling (case-insensitive, with synonyms), or null. */
export function parseRole(text: string): Role | null {
  const key = fold(text);
  return ROLES.find((r) => fold(r) === key) ?? ROLE_SYNONYMS[key] ?? null;
}

/** A plain decimal (`1`, `0.8`, `.5`); null for anything else, including `1e0`, `0x1` and `0,8`. */
function parseDecimal(text: string): number | null {
  return /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : null;
}

const MAX_FTE = 1.5;

/**
 * Parses a staff roster CSV (docs/formats/roster.md). Each row is loaded or rejected with a
 * reason, so `rowsRead` = `rows.length` + rows with an error. `today` dates the "in the future"
 * checks. Never throws.
 */
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
    if (roleText !== null && role === null) {
      check.error('role', `"${roleText}" is not a role Headroom knows (for example SW, Senior Practitioner, Team Manager, IRO, Personal Adviser); the row was not loaded.`);
    }
    const fte = fteOf(check, record.cells.fte ?? '');
    const startDate = check.date('start_date', false);
    const endDate = check.date('end_date', false);
    if (startDate && endDate && endDate < startDate) check.error('end_date', `The end date ${endDate} is before the start date ${startDate}; the row was not loaded.`);
    if (startDate && startDate > opts.today) check.warn('start_date', `The start date ${startDate} is in the future; the worker counts only from then.`);
    if (workerId !== null && seen.has(workerId)) check.error('worker_id', `Worker ${workerId} is already on row ${seen.get(workerId)}; this row was not loaded.`);
    const asye = check.yesNo('asye', roleText !== null && ASYE_ROLE_SPELLINGS.has(fold(roleText)));
    const agency = check.yesNo('agency', false);
    if (asye && role !== null && role !== 'social_worker') {
      check.warn('asye', `The assessed and supported year (ASYE) is for newly qualified social workers, but this worker's role is ${role}; loaded as given.`);
    }
    const managerId = record.cells.manager_id || null;
    if (managerId !== null && managerId === workerId) check.warn('manager_id', `Worker ${workerId} is named as their own manager; the manager was left out of their span of control.`);
    result.issues.push(...check.issues);
    if (check.rejected || workerId === null || name === null || role === null || fte === null) continue;
    seen.set(workerId, record.rowNumber);
    result.rows.push({
      rowNumber: record.rowNumber,
      value: { workerId, name, teamId, role, fte, asye, agency, startDate, endDate, managerId: managerId === workerId ? null : managerId },
    });
  }
  const ids = new Set(result.rows.map((r) => r.value.workerId));
  for (const r of result.rows) {
    const managerId = r.value.managerId;
    if (managerId !== null && !ids.has(managerId)) {
      result.issues.push({
        sheet: opts.fileName,
        row: r.rowNumber,
        column: 'manager_id',
        value: managerId,
        severity: 'warning',
        message: `The manager ${managerId} is not among the workers loaded from this roster, so their span of control cannot include this worker.`,
      });
    }
  }
  result.issues.sort((a, b) => a.row - b.row);
  return result;
}

function fteOf(check: RowChecker, text: string): number | null {
  if (text === '') {
    check.error('fte', 'fte is required; the row was not loaded.');
    return null;
  }
  const fte = parseDecimal(text);
  if (fte === null) {
    check.error('fte', `FTE "${text}" is not a number; write it as a decimal such as 1 or 0.8. The row was not loaded.`);
    return null;
  }
  if (fte > MAX_FTE) {
    const hours = fte <= 60 ? ' If it is weekly hours, divide by the full-time hours (usually 37).' : '';
    check.error('fte', `FTE ${text} is more than ${MAX_FTE}; full time is 1.${hours} The row was not loaded.`);
    return null;
  }
  if (fte === 0) check.warn('fte', 'FTE 0: the worker is loaded but adds no capacity.');
  return fte;
}

/** A number as a plain decimal that parseDecimal reads back exactly (never exponent notation). */
function decimalText(n: number): string {
  const text = String(n);
  return text.includes('e') ? n.toFixed(12).replace(/\.?0+$/, '') : text;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Writes workers as a roster CSV with exactly the columns of ROSTER_COLUMNS, in that order. */
export function writeRosterCsv(workers: readonly Worker[]): string {
  return stringify([
    ROSTER_COLUMNS.map((c) => c.name),
    ...workers.map((w) => [w.workerId, w.name, w.teamId ?? '', w.role, decimalText(w.fte), yesNo(w.asye), yesNo(w.agency), w.startDate ?? '', w.endDate ?? '', w.managerId ?? '']),
  ]);
}
