import { XMLParser } from 'fast-xml-parser';
import type { IsoDate } from '../../domain/dates.ts';
import { parseDate } from '../csv/csv-table.ts';
import { issueValue, type ImportIssue } from '../issue.ts';
import { isLaCode } from '../../domain/la-code.ts';

/**
 * OrgRole in the DfE children's social work workforce census (the 2022 XML schema): 1 senior
 * manager, 2 middle manager, 3 first line manager, 4 senior practitioner, 5 case holder,
 * 6 qualified social worker not holding cases.
 */
export const ORG_ROLES: Readonly<Record<number, string>> = {
  1: 'Senior manager',
  2: 'Middle manager',
  3: 'First line manager',
  4: 'Senior practitioner',
  5: 'Case holder',
  6: 'Qualified without cases',
};

/** The coded worker elements of the census and what each code means (the 2022 XML schema). */
export const CSWW_CODES = {
  GenderCurrent: { '0': 'Not known', '1': 'Male', '2': 'Female', '9': 'Not specified' },
  Ethnicity: {
    WBRI: 'White British', WIRI: 'White Irish', WOTH: 'Any other White background', MWBC: 'White and Black Caribbean',
    MWBA: 'White and Black African', MWAS: 'White and Asian', MOTH: 'Any other mixed background', AIND: 'Indian',
    APKN: 'Pakistani', ABAN: 'Bangladeshi', AOTH: 'Any other Asian background', BCRB: 'Black Caribbean',
    BAFR: 'Black African', BOTH: 'Any other Black background', CHNE: 'Chinese', OOTH: 'Any other ethnic group',
    REFU: 'Declared not stated or refused', NOBT: 'Information not yet obtained',
  },
  QualLevel: { '1': 'Undergraduate', '2': 'Postgraduate', '3': 'Other' },
  StartOrigin: {
    '1': 'Newly qualified social worker', '2': 'Social worker role in a different local authority in England',
    '3': 'Social worker role outside England', '4': 'Agency or consultancy in social work (in England)',
    '5': 'Other social work role, non-local authority (in England)', '6': 'Other social care role in a local authority or elsewhere (in England)',
    '7': 'Non-social care role, any role outside England, no employment or career break', '8': 'Other', '9': 'Not known', '10': 'Not yet collected',
  },
  LeaverDestination: {
    '1': 'Social worker role in a different local authority in England', '2': 'Social worker role outside England',
    '3': 'Agency or consultancy in social work (in England)', '4': 'Other social work role, non-local authority (in England)',
    '5': 'Other social care role in a local authority or elsewhere (in England)', '6': 'Non-social care role, any role outside England, no employment or career break',
    '7': 'Other', '8': 'Not known', '9': 'Not yet collected',
  },
  ReasonLeave: {
    '1': 'Resignation', '2': 'Voluntary redundancy', '3': 'Compulsory redundancy', '4': 'Dismissed', '5': 'Retired', '6': 'Deceased',
    '7': 'Moved to a non-child and family social work role within the LA', '8': 'Other', '9': 'Not known', '10': 'Not yet collected',
  },
  ReasonAbsence: {
    MAT: 'Maternity or paternity leave', OTH: 'Other paid authorised absence', PUB: 'Paid absence for public duties',
    SIC: 'Sick leave', TRN: 'Training', UNA: 'Unauthorised absence', UNP: 'Unpaid authorised absence',
  },
  CFKSSstatus: { '1': 'Assessed and supported year in employment (ASYE)', '2': 'Frontline practitioner', '3': 'Practice supervisor', '4': 'Practice leader' },
} as const satisfies Record<string, Record<string, string>>;

type CodedElement = keyof typeof CSWW_CODES;

/** One `<CSWWWorker>` record. `rowNumber` is its position among the worker records (1 = first). */
export interface CswwWorker {
  rowNumber: number;
  sweNo: string;
  agency: boolean;
  /** FTE as returned in `FTE`. */
  fte: number | null;
  /** FTE as returned in `FTE30` (used for the FTE of case holders). */
  fte30: number | null;
  orgRole: number | null;
  cases30: number | null;
  roleStartDate: IsoDate | null;
  roleEndDate: IsoDate | null;
  /** ReasonLeave code (see CSWW_CODES). */
  reasonLeave: string | null;
  workingDaysLost: number | null;
  absentAt30Sept: boolean | null;
  /** The census's optional elements, present when the record has them; codes as CSWW_CODES. */
  birthDate?: IsoDate;
  gender?: string;
  ethnicity?: string;
  qualificationInstitutions?: string[];
  qualificationLevel?: string;
  stepUpGraduate?: boolean;
  frontlineGraduate?: boolean;
  startOrigin?: string;
  leaverDestination?: string;
  /** Weeks worked on contract in the year (agency workers); repeated elements are added up. */
  contractWeeks?: number;
  absenceReasons?: string[];
  cfkssStatus?: string[];
  /** Every element of the record as given (repeated elements joined with "; "). */
  data: Record<string, string>;
}

export interface CswwVacancies {
  /** FTE vacancies at 30 September (`NumberOfVacancies`). */
  vacancies: number | null;
  /** Agency workers covering vacancies (`NoAgencyFTE`, `NoAgencyHeadcount`). */
  agencyFte: number | null;
  agencyHeadcount: number | null;
}

export interface CswwHeader {
  censusYear: number | null;
  referenceDate: IsoDate | null;
  laCode: string | null;
}

export type CswwFatalCode = 'empty' | 'unreadable' | 'not_csww' | 'no_year';

export interface CswwResult {
  header: CswwHeader;
  workers: CswwWorker[];
  vacancies: CswwVacancies | null;
  issues: ImportIssue[];
  /** Worker records read: workers.length + records rejected. */
  rowsRead: number;
  fatal?: { code: CswwFatalCode; message: string } | undefined;
}

type XmlNode = Record<string, unknown>;

const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The trimmed, non-blank text values of a child element, however many times it appears. */
function values(node: unknown, name: string): string[] {
  if (!isNode(node)) return [];
  const raw = node[name];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v) => typeof v === 'string' || typeof v === 'number').map((v) => String(v).trim()).filter((v) => v !== '');
}

const first = (node: unknown, name: string): string | null => values(node, name)[0] ?? null;

function child(node: unknown, name: string): XmlNode | null {
  if (!isNode(node)) return null;
  const v = node[name];
  const one = Array.isArray(v) ? v[0] : v;
  return isNode(one) ? one : null;
}

function numberOf(text: string | null): number | null {
  if (text === null || !/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return Number(text);
}

const EMPTY: CswwResult = { header: { censusYear: null, referenceDate: null, laCode: null }, workers: [], vacancies: null, issues: [], rowsRead: 0 };

/**
 * Parses a DfE children's social work workforce census XML return (docs/formats/csww.md). A
 * record without a SWENo is rejected; any other doubtful value is kept or left blank with a
 * warning. `today`, when given, dates the "census date in the future" check. Never throws.
 */
export function parseCsww(input: Buffer | string, opts: { fileName: string; today?: IsoDate }): CswwResult {
  const xml = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\ufeff/, '');
  if (xml.trim() === '') return { ...EMPTY, fatal: { code: 'empty', message: 'The file is empty.' } };
  let doc: unknown;
  try {
    doc = new XMLParser({ parseTagValue: false, ignoreAttributes: true, removeNSPrefix: true, processEntities: true, isArray: (name) => name === 'CSWWWorker' }).parse(xml, true);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ...EMPTY, fatal: { code: 'unreadable', message: `The file is not well-formed XML (${reason}).` } };
  }
  const message = child(doc, 'Message');
  if (!message) return { ...EMPTY, fatal: { code: 'not_csww', message: 'The file is not a social work workforce census return: it has no <Message> element.' } };
  const header = child(message, 'Header');
  const details = child(header, 'CollectionDetails');
  const source = child(header, 'Source');
  const collection = first(details, 'Collection');
  if (collection !== null && collection.toUpperCase() !== 'CSWW') {
    return { ...EMPTY, fatal: { code: 'not_csww', message: `The file is a ${collection} return, not the social work workforce census (CSWW).` } };
  }
  const records = Array.isArray(message.CSWWWorker) ? (message.CSWWWorker as unknown[]) : [];
  const vacancyNode = child(message, 'LALevelVacancies');
  if (records.length === 0 && !vacancyNode && collection === null) {
    return { ...EMPTY, fatal: { code: 'not_csww', message: 'The file is not a social work workforce census return: it has no <CSWWWorker> or <LALevelVacancies> elements.' } };
  }

  const issues: ImportIssue[] = [];
  const fileIssue = (column: string, value: string | null, severity: 'warning' | 'info', text: string) =>
    issues.push({ sheet: opts.fileName, row: 0, column, value: issueValue(value), severity, message: text });
  const yearText = first(details, 'Year');
  const year = yearText !== null && /^\d{4}$/.test(yearText) ? Number(yearText) : null;
  const referenceText = first(details, 'ReferenceDate');
  const givenReference = referenceText === null ? null : parseDate(referenceText);
  if (referenceText !== null && givenReference === null) fileIssue('ReferenceDate', referenceText, 'warning', `The reference date "${referenceText}" is not a real date; 30 September of the census year was used.`);
  const censusYear = year ?? (givenReference ? Number(givenReference.slice(0, 4)) : null);
  if (censusYear === null) {
    return { ...EMPTY, fatal: { code: 'no_year', message: 'The census year is missing from <Header><CollectionDetails><Year> (and there is no <ReferenceDate> to take it from).' } };
  }
  const referenceDate = givenReference ?? `${censusYear}-09-30`;
  if (year !== null && givenReference !== null && Number(givenReference.slice(0, 4)) !== year) {
    fileIssue('ReferenceDate', givenReference, 'warning', `The reference date ${givenReference} is not in the census year ${year}; the reference date was used for in-post, starter and leaver counts.`);
  }
  if (opts.today && referenceDate > opts.today) fileIssue('ReferenceDate', referenceDate, 'warning', `The census date ${referenceDate} is in the future.`);
  const laCode = first(source, 'LEA');
  if (laCode !== null && !isLaCode(laCode)) fileIssue('LEA', laCode, 'warning', `The LA number "${laCode}" is not the three-digit DfE number (for example 855).`);

  let vacancies: CswwVacancies | null = null;
  if (vacancyNode) {
    const figure = (name: string, whole: boolean) => {
      const text = first(vacancyNode, name);
      const n = numberOf(text);
      if (text !== null && (n === null || n < 0 || (whole && !Number.isInteger(n)))) {
        fileIssue(name, text, 'warning', `${name} "${text}" is not ${whole ? 'a whole number' : 'a number'} of 0 or more; it was left blank.`);
        return null;
      }
      return n;
    };
    vacancies = { vacancies: figure('NumberOfVacancies', false), agencyFte: figure('NoAgencyFTE', false), agencyHeadcount: figure('NoAgencyHeadcount', true) };
  } else {
    fileIssue('LALevelVacancies', null, 'warning', 'The return has no <LALevelVacancies>: vacancies and agency cover are left blank.');
  }
  if (records.length === 0) fileIssue('CSWWWorker', null, 'warning', 'The return has no <CSWWWorker> records.');

  const workers: CswwWorker[] = [];
  const seen = new Map<string, number>();
  const yearStart = `${Number(referenceDate.slice(0, 4)) - 1}${referenceDate.slice(4)}`;
  records.forEach((node, i) => {
    const worker = readWorker(node, i + 1, opts.fileName, issues, { referenceDate, yearStart });
    if (!worker) return;
    const earlier = seen.get(worker.sweNo);
    if (earlier !== undefined) {
      issues.push({
        sheet: opts.fileName,
        row: worker.rowNumber,
        column: 'SWENo',
        value: worker.sweNo,
        severity: 'warning',
        message: `Worker ${worker.sweNo} is also record ${earlier}. Both were loaded, as the census allows for someone with two roles or who left and came back: headcounts count them once, FTE and cases add up.`,
      });
    } else {
      seen.set(worker.sweNo, worker.rowNumber);
    }
    workers.push(worker);
  });
  issues.sort((a, b) => a.row - b.row);
  return { header: { censusYear, referenceDate, laCode }, workers, vacancies, issues, rowsRead: records.length };
}

function readWorker(node: unknown, row: number, fileName: string, issues: ImportIssue[], census: { referenceDate: IsoDate; yearStart: IsoDate }): CswwWorker | null {
  const issue = (column: string, value: string | null, severity: 'error' | 'warning', message: string) =>
    issues.push({ sheet: fileName, row, column, value: issueValue(value), severity, message });
  const data: Record<string, string> = {};
  if (isNode(node)) {
    for (const key of Object.keys(node)) {
      const v = values(node, key);
      if (v.length > 0) data[key] = v.join('; ');
    }
  }
  const sweNo = first(node, 'SWENo');
  if (!sweNo) {
    issue('SWENo', null, 'error', 'The worker record has no Social Work England number (SWENo); the record was not loaded.');
    return null;
  }
  const single = (name: string): string | null => {
    const all = values(node, name);
    if (all.length > 1) issue(name, all.join('; '), 'warning', `${name} appears ${all.length} times in one record; the first, "${all[0]}", was used.`);
    return all[0] ?? null;
  };
  const decimal = (name: string, max: number, softMax?: number): number | null => {
    const text = single(name);
    if (text === null) return null;
    const n = numberOf(text);
    if (n === null || n < 0 || n > max) {
      issue(name, text, 'warning', `${name} "${text}" is not a number from 0 to ${max}; it was left blank.`);
      return null;
    }
    if (softMax !== undefined && n > softMax) issue(name, text, 'warning', `${name} ${text} is more than ${softMax}; loaded as given.`);
    return n;
  };
  const whole = (name: string): number | null => {
    const text = single(name);
    if (text === null) return null;
    const n = numberOf(text);
    if (n === null || n < 0 || !Number.isInteger(n)) {
      issue(name, text, 'warning', `${name} "${text}" is not a whole number of 0 or more; it was left blank.`);
      return null;
    }
    return n;
  };
  const flag = (name: string): boolean | null => {
    const all = values(node, name);
    if (all.length === 0) return null;
    const read = all.map((t) => (t === '1' || t.toLowerCase() === 'true' ? true : t === '0' || t.toLowerCase() === 'false' ? false : null));
    if (read.includes(null)) {
      issue(name, all.join('; '), 'warning', `${name} "${all.join('; ')}" is not 0 or 1; it was left blank.`);
      return null;
    }
    return read.includes(true);
  };
  const date = (name: string): IsoDate | null => {
    const text = single(name);
    if (text === null) return null;
    const d = parseDate(text);
    if (!d) issue(name, text, 'warning', `${name} "${text}" is not a real date; it was left blank.`);
    return d;
  };
  const codes = (name: CodedElement, repeated: boolean): string[] => {
    const all = repeated ? values(node, name) : [single(name)].filter((v): v is string => v !== null);
    const known: Readonly<Record<string, string>> = CSWW_CODES[name];
    for (const code of all) if (!(code in known)) issue(name, code, 'warning', `${name} "${code}" is not a census code (${Object.keys(known).join(', ')}); kept as given.`);
    return all;
  };

  const agencyFlag = flag('AgencyWorker');
  if (values(node, 'AgencyWorker').length === 0) issue('AgencyWorker', null, 'warning', 'AgencyWorker is missing; the worker was taken as employed by the LA (0).');
  const fte = decimal('FTE', 1.5, 1);
  const fte30 = decimal('FTE30', 1.5, 1);
  const orgRoleNumber = whole('OrgRole');
  if (orgRoleNumber !== null && !ORG_ROLES[orgRoleNumber]) issue('OrgRole', String(orgRoleNumber), 'warning', `OrgRole ${orgRoleNumber} is not a census role (1 to 6); it was left blank.`);
  const orgRole = orgRoleNumber !== null && ORG_ROLES[orgRoleNumber] ? orgRoleNumber : null;
  const cases30 = whole('Cases30');
  const roleStartDate = date('RoleStartDate');
  const roleEndDate = date('RoleEndDate');
  const reasonLeave = codes('ReasonLeave', false)[0] ?? null;
  const workingDaysLost = decimal('WorkingDaysLost', 366);
  const absentAt30Sept = flag('Absat30Sept');

  const { referenceDate, yearStart } = census;
  if (roleStartDate && roleEndDate && roleEndDate < roleStartDate) issue('RoleEndDate', roleEndDate, 'warning', `The role end date ${roleEndDate} is before its start date ${roleStartDate}.`);
  if (roleEndDate && roleEndDate <= yearStart) issue('RoleEndDate', roleEndDate, 'warning', `The role ended on ${roleEndDate}, before the census year began; the census only covers workers in post in the year to ${referenceDate}.`);
  if (roleStartDate && roleStartDate > referenceDate) issue('RoleStartDate', roleStartDate, 'warning', `The role starts on ${roleStartDate}, after the census date ${referenceDate}; the worker is not counted in post.`);
  if (cases30 !== null && cases30 > 0) {
    if (roleEndDate && roleEndDate <= referenceDate) {
      issue('Cases30', String(cases30), 'warning', `The worker holds ${cases30} cases on 30 September but their role ended on ${roleEndDate}; the cases are counted as returned.`);
    }
    if ((fte30 ?? fte ?? 0) === 0) {
      issue('Cases30', String(cases30), 'warning', `The worker holds ${cases30} cases but has no FTE (FTE30 or FTE); the cases count towards the caseload with no FTE, which raises it.`);
    }
  }

  const worker: CswwWorker = {
    rowNumber: row,
    sweNo,
    agency: agencyFlag ?? false,
    fte,
    fte30,
    orgRole,
    cases30,
    roleStartDate,
    roleEndDate,
    reasonLeave,
    workingDaysLost,
    absentAt30Sept,
    data,
  };
  const birthDate = date('PersonBirthDate');
  if (birthDate) worker.birthDate = birthDate;
  const gender = codes('GenderCurrent', false)[0];
  if (gender) worker.gender = gender;
  const ethnicity = codes('Ethnicity', false)[0];
  if (ethnicity) worker.ethnicity = ethnicity;
  const institutions = values(node, 'QualInst');
  if (institutions.length > 0) worker.qualificationInstitutions = institutions;
  const qualLevel = codes('QualLevel', false)[0];
  if (qualLevel) worker.qualificationLevel = qualLevel;
  const stepUp = flag('StepUpGrad');
  if (stepUp !== null) worker.stepUpGraduate = stepUp;
  const frontline = flag('FrontlineGrad');
  if (frontline !== null) worker.frontlineGraduate = frontline;
  const origin = codes('StartOrigin', false)[0];
  if (origin) worker.startOrigin = origin;
  const destination = codes('LeaverDestination', false)[0];
  if (destination) worker.leaverDestination = destination;
  const weeks = contractWeeks(values(node, 'ContractWeeks'), (text) => issue('ContractWeeks', text, 'warning', `ContractWeeks "${text}" is not a number of 0 or more; it was left out.`));
  if (weeks !== null) worker.contractWeeks = weeks;
  const absences = codes('ReasonAbsence', true);
  if (absences.length > 0) worker.absenceReasons = absences;
  const cfkss = codes('CFKSSstatus', true);
  if (cfkss.length > 0) worker.cfkssStatus = cfkss;
  return worker;
}

function contractWeeks(texts: readonly string[], bad: (text: string) => void): number | null {
  let total: number | null = null;
  for (const text of texts) {
    const n = numberOf(text);
    if (n === null || n < 0) bad(text);
    else total = Math.round(((total ?? 0) + n) * 10) / 10;
  }
  return total;
}

/**
 * Working days in a census year, as the DfE's published absence rates imply: working days lost
 * ÷ (in-post FTE × 253) reproduces absence_rate_fte in csww_indicators_2017_to_2025 (across LAs,
 * the median number of days the published figures imply is 252.4 to 254.2 in each year).
 */
export const CENSUS_WORKING_DAYS = 253;

export interface CswwSummary {
  censusYear: number;
  referenceDate: IsoDate;
  /** Worker records (employed or agency) with Cases30 of 1 or more. */
  caseHolders: number;
  /** Their FTE: FTE30 when given, else FTE. */
  caseHolderFte: number;
  /** Cases30 summed over the case holders. */
  cases: number;
  /** cases ÷ case-holder FTE, one decimal place (DfE caseload_fte); null with no case-holder FTE. */
  caseloadPerFte: number | null;
  /** Employed (not agency) social workers in post on the census date: distinct SWENo, and FTE. */
  inPostHeadcount: number;
  inPostFte: number;
  /** Agency workers in post on the census date (their records), and FTE. */
  agencyHeadcount: number;
  agencyFte: number;
  /** agency FTE ÷ (agency FTE + in-post FTE) × 100 (DfE agency_rate_fte). */
  agencyRatePercent: number | null;
  /** Agency workers covering vacancies (LALevelVacancies NoAgencyFTE, NoAgencyHeadcount). */
  agencyCoverFte: number | null;
  agencyCoverHeadcount: number | null;
  /** FTE vacancies (NumberOfVacancies), and vacancies ÷ (vacancies + in-post FTE) × 100 (DfE vacancy_rate_fte). */
  vacancies: number | null;
  vacancyRatePercent: number | null;
  /** Employed social workers whose role started / ended in the 12 months to the census date (distinct SWENo and date). */
  starters: number;
  leavers: number;
  /** leavers ÷ in-post headcount × 100 (DfE turnover_rate_headcount). */
  turnoverRatePercent: number | null;
  /** WorkingDaysLost summed over employed workers (DfE working_days_lost_fte). */
  workingDaysLost: number;
  /** working days lost ÷ (in-post FTE × CENSUS_WORKING_DAYS) × 100 (DfE absence_rate_fte). */
  absenceRatePercent: number | null;
}

const round = (n: number, dp: number) => Math.round(n * 10 ** dp) / 10 ** dp;
const percent = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100, 1) : null);

/**
 * The DfE children's social work workforce indicators for one census return (definitions in
 * docs/formats/csww.md, following the DfE statistics "Children's social work workforce" and its
 * csww_indicators file). Pure.
 */
export function cswwSummary(result: Pick<CswwResult, 'header' | 'workers' | 'vacancies'>): CswwSummary {
  const censusYear = result.header.censusYear ?? 0;
  const ref = result.header.referenceDate ?? `${censusYear}-09-30`;
  const yearStart = `${Number(ref.slice(0, 4)) - 1}${ref.slice(4)}`;
  const inPost = (w: CswwWorker) => (w.roleStartDate === null || w.roleStartDate <= ref) && (w.roleEndDate === null || w.roleEndDate > ref);
  const inYear = (d: IsoDate | null): d is IsoDate => d !== null && d > yearStart && d <= ref;
  const sum = (ws: readonly CswwWorker[], f: (w: CswwWorker) => number) => ws.reduce((s, w) => s + f(w), 0);
  const distinct = (keys: readonly string[]) => new Set(keys).size;

  const holders = result.workers.filter((w) => (w.cases30 ?? 0) > 0);
  const holderFte = sum(holders, (w) => w.fte30 ?? w.fte ?? 0);
  const cases = sum(holders, (w) => w.cases30 ?? 0);
  const employed = result.workers.filter((w) => !w.agency);
  const employedInPost = employed.filter(inPost);
  const inPostFte = sum(employedInPost, (w) => w.fte ?? 0);
  const inPostHeadcount = distinct(employedInPost.map((w) => w.sweNo));
  const agencyInPost = result.workers.filter((w) => w.agency && inPost(w));
  const agencyFte = sum(agencyInPost, (w) => w.fte ?? 0);
  const vacancies = result.vacancies?.vacancies ?? null;
  const leavers = distinct(employed.filter((w) => inYear(w.roleEndDate)).map((w) => `${w.sweNo} ${w.roleEndDate}`));
  const workingDaysLost = sum(employed, (w) => w.workingDaysLost ?? 0);
  return {
    censusYear,
    referenceDate: ref,
    caseHolders: holders.length,
    caseHolderFte: round(holderFte, 4),
    cases,
    caseloadPerFte: holderFte > 0 ? round(cases / holderFte, 1) : null,
    inPostHeadcount,
    inPostFte: round(inPostFte, 4),
    agencyHeadcount: agencyInPost.length,
    agencyFte: round(agencyFte, 4),
    agencyRatePercent: percent(agencyFte, agencyFte + inPostFte),
    agencyCoverFte: result.vacancies?.agencyFte ?? null,
    agencyCoverHeadcount: result.vacancies?.agencyHeadcount ?? null,
    vacancies,
    vacancyRatePercent: vacancies === null ? null : percent(vacancies, vacancies + inPostFte),
    starters: distinct(employed.filter((w) => inYear(w.roleStartDate)).map((w) => `${w.sweNo} ${w.roleStartDate}`)),
    leavers,
    turnoverRatePercent: percent(leavers, inPostHeadcount),
    workingDaysLost: round(workingDaysLost, 2),
    absenceRatePercent: percent(workingDaysLost, inPostFte * CENSUS_WORKING_DAYS),
  };
}
