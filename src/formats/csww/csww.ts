import { XMLParser } from 'fast-xml-parser';
import type { IsoDate } from '../../domain/dates.ts';
import { parseDate } from '../csv/csv-table.ts';
import { issueValue, type ImportIssue } from '../issue.ts';

/**
 * OrgRole in the DfE children's social work workforce census: 1 senior manager, 2 middle
 * manager, 3 first line manager, 4 senior practitioner, 5 case holder, 6 qualified social
 * worker not holding cases.
 */
export const ORG_ROLES: Readonly<Record<number, string>> = {
  1: 'Senior manager',
  2: 'Middle manager',
  3: 'First line manager',
  4: 'Senior practitioner',
  5: 'Case holder',
  6: 'Qualified without cases',
};

export interface CswwWorker {
  rowNumber: number;
  sweNo: string;
  agency: boolean;
  fte: number | null;
  fte30: number | null;
  orgRole: number | null;
  cases30: number | null;
  roleStartDate: IsoDate | null;
  roleEndDate: IsoDate | null;
  reasonLeave: string | null;
  workingDaysLost: number | null;
  absentAt30Sept: boolean | null;
  /** Every element of the worker record as given, for fields Headroom does not use yet. */
  data: Record<string, string>;
}

export interface CswwVacancies {
  vacancies: number | null;
  agencyFte: number | null;
  agencyHeadcount: number | null;
}

export interface CswwResult {
  header: { censusYear: number | null; referenceDate: IsoDate | null; laCode: string | null };
  workers: CswwWorker[];
  vacancies: CswwVacancies | null;
  issues: ImportIssue[];
  rowsRead: number;
  fatal?: { code: 'unreadable' | 'not_csww' | 'no_year'; message: string } | undefined;
}

type XmlNode = Record<string, unknown>;

const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

/** Parses a CSWW census XML file (docs/formats/csww.md). Worker records are numbered 1, 2 … in file order. Never throws. */
export function parseCsww(input: Buffer | string, opts: { fileName: string }): CswwResult {
  const empty: CswwResult = { header: { censusYear: null, referenceDate: null, laCode: null }, workers: [], vacancies: null, issues: [], rowsRead: 0 };
  let doc: XmlNode;
  try {
    const xml = typeof input === 'string' ? input : input.toString('utf8');
    doc = new XMLParser({ parseTagValue: false, ignoreAttributes: true, isArray: (name) => name === 'CSWWWorker' }).parse(xml, true) as XmlNode;
  } catch (err) {
    return { ...empty, fatal: { code: 'unreadable', message: `The file is not well-formed XML (${String((err as Error).message).split('\n')[0]}).` } };
  }
  const message = doc.Message as XmlNode | undefined;
  if (!message || typeof message !== 'object') return { ...empty, fatal: { code: 'not_csww', message: 'The file is not a social work workforce census return: it has no <Message> element.' } };
  const header = (message.Header ?? {}) as XmlNode;
  const details = (header.CollectionDetails ?? {}) as XmlNode;
  const source = (header.Source ?? {}) as XmlNode;
  const year = Number(text(details.Year));
  const referenceDate = parseDate(text(details.ReferenceDate) ?? '');
  const issues: ImportIssue[] = [];
  const censusYear = Number.isInteger(year) && year > 2000 ? year : referenceDate ? Number(referenceDate.slice(0, 4)) : null;
  if (censusYear === null) return { ...empty, fatal: { code: 'no_year', message: 'The census year is missing from <Header><CollectionDetails><Year>.' } };
  const vacancyNode = message.LALevelVacancies as XmlNode | undefined;
  const num = (v: unknown) => {
    const t = text(v);
    if (t === null) return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : null;
  };
  const vacancies = vacancyNode ? { vacancies: num(vacancyNode.NumberOfVacancies), agencyFte: num(vacancyNode.NoAgencyFTE), agencyHeadcount: num(vacancyNode.NoAgencyHeadcount) } : null;
  const records = (Array.isArray(message.CSWWWorker) ? message.CSWWWorker : []) as XmlNode[];
  const workers: CswwWorker[] = [];
  const seen = new Map<string, number>();
  records.forEach((node, i) => {
    const row = i + 1;
    const issue = (column: string, value: unknown, severity: 'error' | 'warning', msg: string) =>
      issues.push({ sheet: opts.fileName, row, column, value: issueValue(text(value)), severity, message: msg });
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(node)) {
      const t = text(v);
      if (t !== null) data[k] = t;
    }
    const sweNo = text(node.SWENo);
    if (!sweNo) {
      issue('SWENo', node.SWENo, 'error', 'The worker has no Social Work England number (SWENo); the record was not loaded.');
      return;
    }
    if (seen.has(sweNo)) {
      issue('SWENo', sweNo, 'error', `Worker ${sweNo} is already record ${seen.get(sweNo)}; this record was not loaded.`);
      return;
    }
    const decimal = (name: string, max: number) => {
      const t = text(node[name]);
      if (t === null) return null;
      const n = Number(t);
      if (!Number.isFinite(n) || n < 0 || n > max) {
        issue(name, t, 'warning', `${name} "${t}" is not a number from 0 to ${max}; it was left blank.`);
        return null;
      }
      return n;
    };
    const flag = (name: string) => {
      const t = text(node[name]);
      if (t === null) return null;
      if (t === '1' || t.toLowerCase() === 'true') return true;
      if (t === '0' || t.toLowerCase() === 'false') return false;
      issue(name, t, 'warning', `${name} "${t}" is not 0 or 1; it was left blank.`);
      return null;
    };
    const date = (name: string) => {
      const t = text(node[name]);
      if (t === null) return null;
      const d = parseDate(t);
      if (!d) issue(name, t, 'warning', `${name} "${t}" is not a real date; it was left blank.`);
      return d;
    };
    const orgRole = decimal('OrgRole', 6);
    if (orgRole !== null && !ORG_ROLES[orgRole]) issue('OrgRole', orgRole, 'warning', `OrgRole ${orgRole} is not a census role (1 to 6); it was left blank.`);
    const start = date('RoleStartDate');
    const end = date('RoleEndDate');
    if (start && end && end < start) issue('RoleEndDate', end, 'warning', `The role end date ${end} is before its start date ${start}.`);
    seen.set(sweNo, row);
    workers.push({
      rowNumber: row,
      sweNo,
      agency: flag('AgencyWorker') ?? false,
      fte: decimal('FTE', 1.5),
      fte30: decimal('FTE30', 1.5),
      orgRole: orgRole !== null && ORG_ROLES[orgRole] ? orgRole : null,
      cases30: decimal('Cases30', 1000),
      roleStartDate: start,
      roleEndDate: end,
      reasonLeave: text(node.ReasonLeave),
      workingDaysLost: decimal('WorkingDaysLost', 366),
      absentAt30Sept: flag('Absat30Sept'),
      data,
    });
  });
  return { header: { censusYear, referenceDate: referenceDate ?? `${censusYear}-09-30`, laCode: text(source.LEA) }, workers, vacancies, issues, rowsRead: records.length };
}

export interface CswwSummary {
  censusYear: number;
  referenceDate: IsoDate;
  /** Workers with one or more cases at 30 September (Cases30 > 0). */
  caseHolders: number;
  /** Their FTE on 30 September: FTE30 when given, else FTE. */
  caseHolderFte: number;
  cases: number;
  /** cases ÷ case-holder FTE (the DfE "caseload per FTE"), one decimal place; null with no case holders. */
  caseloadPerFte: number | null;
  /** Permanent (non-agency) workers in post at the reference date, and their FTE. */
  inPostHeadcount: number;
  inPostFte: number;
  /** Agency workers in the return, and the LA-level agency FTE covering vacancies. */
  agencyHeadcount: number;
  agencyFte: number | null;
  vacancies: number | null;
  /** Permanent workers whose role ended in the 12 months to the reference date. */
  leavers: number;
  /** Permanent workers whose role started in the 12 months to the reference date. */
  starters: number;
  workingDaysLost: number;
}

/** The DfE workforce indicators for one census (definitions in docs/formats/csww.md). */
export function cswwSummary(result: Pick<CswwResult, 'header' | 'workers' | 'vacancies'>): CswwSummary {
  const year = result.header.censusYear ?? 0;
  const ref = result.header.referenceDate ?? `${year}-09-30`;
  const yearStart = `${Number(ref.slice(0, 4)) - 1}${ref.slice(4)}`;
  const inPost = (w: CswwWorker) => (w.roleStartDate === null || w.roleStartDate <= ref) && (w.roleEndDate === null || w.roleEndDate > ref);
  const holders = result.workers.filter((w) => (w.cases30 ?? 0) > 0);
  const holderFte = holders.reduce((s, w) => s + (w.fte30 ?? w.fte ?? 0), 0);
  const cases = holders.reduce((s, w) => s + (w.cases30 ?? 0), 0);
  const permanent = result.workers.filter((w) => !w.agency);
  const round = (n: number, dp: number) => Math.round(n * 10 ** dp) / 10 ** dp;
  return {
    censusYear: year,
    referenceDate: ref,
    caseHolders: holders.length,
    caseHolderFte: round(holderFte, 4),
    cases,
    caseloadPerFte: holderFte > 0 ? round(cases / holderFte, 1) : null,
    inPostHeadcount: permanent.filter(inPost).length,
    inPostFte: round(permanent.filter(inPost).reduce((s, w) => s + (w.fte ?? 0), 0), 4),
    agencyHeadcount: result.workers.filter((w) => w.agency).length,
    agencyFte: result.vacancies?.agencyFte ?? null,
    vacancies: result.vacancies?.vacancies ?? null,
    leavers: permanent.filter((w) => w.roleEndDate !== null && w.roleEndDate > yearStart && w.roleEndDate <= ref).length,
    starters: permanent.filter((w) => w.roleStartDate !== null && w.roleStartDate > yearStart && w.roleStartDate <= ref).length,
    workingDaysLost: round(result.workers.reduce((s, w) => s + (w.workingDaysLost ?? 0), 0), 2),
  };
}
