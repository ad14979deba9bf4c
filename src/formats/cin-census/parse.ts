import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseDate } from '../csv/csv-table.ts';
import { issueValue, type ImportIssue } from '../issue.ts';

/** The census modules Headroom reads, in the order they are reported. */
export const CIN_MODULES = ['Child', 'CINdetails', 'Assessments', 'CINPlanDates', 'Section47', 'ChildProtectionPlans'] as const;
export type CinModule = (typeof CIN_MODULES)[number];

export type CinFamily = 'referral' | 'assessment' | 'cin_plan' | 's47' | 'cp_plan';

export interface CinChild {
  childId: string;
  sex: string | null;
  dateOfBirth: string | null;
  ethnicity: string | null;
  disability: string | null;
}

/** One module of a child's CINdetails; `referralDate` ties it to its CINdetails. */
export interface CinEvent {
  family: CinFamily;
  childId: string;
  referralDate: string;
  startDate: string;
  endDate: string | null;
  nfa: boolean | null;
  icpcDate: string | null;
  icpcNotRequired: boolean | null;
  previousPlans: number | null;
  category: string | null;
  data: Record<string, string | null>;
}

export interface CinModuleSummary {
  module: CinModule;
  rowsRead: number;
  loaded: number;
  rejected: number;
}

export interface CinCensusParseResult {
  fatal?: { message: string };
  laCode: string | null;
  referenceDate: string | null;
  modules: CinModuleSummary[];
  children: CinChild[];
  events: CinEvent[];
  issues: ImportIssue[];
}

/** Far above a county's census (40,000 children is about 60 MB), low enough to refuse a runaway file. */
const MAX_BYTES = 512 * 1024 * 1024;

type Node = Record<string, unknown>;
const REPEATED = new Set(['Child', 'CINdetails', 'Assessments', 'CINPlanDates', 'Section47', 'ChildProtectionPlans', 'Disability', 'AssessmentFactors', 'CPPreviewDate']);

function text(node: unknown, name: string): string | null {
  if (!node || typeof node !== 'object') return null;
  const v = (node as Node)[name];
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return null;
  if (typeof first === 'object') {
    const t = (first as Node)['#text'];
    return typeof t === 'string' && t.trim() !== '' ? t.trim() : null;
  }
  const s = String(first).trim();
  return s === '' ? null : s;
}

function children(node: unknown, name: string): Node[] {
  if (!node || typeof node !== 'object') return [];
  const v = (node as Node)[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (x && typeof x === 'object' ? (x as Node) : {}));
}

function bool(value: string | null): boolean | null {
  if (value === null) return null;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return null;
}

/**
 * Reads a DfE children in need census XML file (any year since 2013-14). Safe by construction:
 * a DOCTYPE or entity declaration is refused before parsing, and entities are not expanded, so
 * there are no external entities and no expansion. Never throws; every Child and module is
 * loaded or reported rejected at its XPath-like location.
 */
export function parseCinCensus(bytes: Buffer, opts: { fileName: string; laCode: string }): CinCensusParseResult {
  const out: CinCensusParseResult = { laCode: null, referenceDate: null, modules: CIN_MODULES.map((m) => ({ module: m, rowsRead: 0, loaded: 0, rejected: 0 })), children: [], events: [], issues: [] };
  if (bytes.length > MAX_BYTES) return { ...out, fatal: { message: `The file is larger than ${MAX_BYTES / 1024 / 1024} MB.` } };
  const xml = bytes.toString('utf8').replace(/^\ufeff/, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ...out, fatal: { message: 'The file declares a DTD or entities, which a CIN census file never does; it was not read.' } };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ...out, fatal: { message: `The file is not well-formed XML (${valid.err.msg}, line ${valid.err.line}).` } };
  let doc: Node;
  try {
    doc = new XMLParser({ parseTagValue: false, ignoreAttributes: true, removeNSPrefix: true, processEntities: false, isArray: (name) => REPEATED.has(name) }).parse(xml) as Node;
  } catch (err) {
    return { ...out, fatal: { message: `The file is not well-formed XML (${(err as Error).message.split('\n')[0]}).` } };
  }
  const message = children(doc, 'Message')[0];
  if (!message) return { ...out, fatal: { message: 'The file is not a CIN census: it has no <Message> element.' } };
  const header = children(message, 'Header')[0];
  const details = children(header, 'CollectionDetails')[0];
  const collection = text(details, 'Collection');
  if (collection === null || collection.toUpperCase() !== 'CIN') {
    return { ...out, fatal: { message: collection ? `The file is a ${collection} return, not the children in need census (CIN).` : 'The file is not a CIN census: its header names no collection.' } };
  }
  const lea = text(children(header, 'Source')[0], 'LEA');
  out.laCode = lea;
  if (lea !== opts.laCode) return { ...out, fatal: { message: `The census is for LA ${lea ?? '(none given)'}, not LA ${opts.laCode}.` } };
  const reference = parseDate(text(details, 'ReferenceDate') ?? '');
  const year = text(details, 'Year');
  out.referenceDate = reference ?? (year && /^\d{4}$/.test(year) ? `${year}-03-31` : null);
  if (out.referenceDate === null) return { ...out, fatal: { message: 'The census header gives no ReferenceDate or Year, so the year it covers is unknown.' } };

  const summary = (m: CinModule) => out.modules.find((s) => s.module === m) as CinModuleSummary;
  const issue = (module: CinModule, row: number, path: string, column: string | undefined, value: string | null, severity: 'error' | 'warning', msg: string) =>
    out.issues.push({ sheet: path, row, ...(column ? { column } : {}), ...(value !== null ? { value: issueValue(value) } : {}), severity, message: `${module}: ${msg}` });

  const kids = children(children(message, 'Children')[0], 'Child');
  kids.forEach((child, ci) => {
    const childPath = `/Message/Children/Child[${ci + 1}]`;
    const row = ci + 1;
    summary('Child').rowsRead += 1;
    const ids = children(child, 'ChildIdentifiers')[0];
    const childId = text(ids, 'LAchildID');
    const cinDetails = children(child, 'CINdetails');
    if (childId === null) {
      summary('Child').rejected += 1;
      issue('Child', row, `${childPath}/ChildIdentifiers`, 'LAchildID', null, 'error', 'LAchildID is missing; the child and their modules were not loaded.');
      rejectAll(cinDetails, summary);
      return;
    }
    const dateOf = (module: CinModule, path: string, node: unknown, name: string, required: boolean): string | null | undefined => {
      const v = text(node, name);
      if (v === null) {
        if (required) {
          issue(module, row, path, name, null, 'error', `${name} is missing; the module was not loaded.`);
          return undefined;
        }
        return null;
      }
      const d = parseDate(v);
      if (d === null) {
        issue(module, row, path, name, v, required ? 'error' : 'warning', `${name} "${v}" is not a real date${required ? '; the module was not loaded' : '; it was left blank'}.`);
        return required ? undefined : null;
      }
      return d;
    };
    const characteristics = children(child, 'ChildCharacteristics')[0];
    const disabilities = children(characteristics, 'Disabilities')[0];
    const disabilityCodes = disabilities ? ((disabilities.Disability as unknown[] | undefined) ?? []).map((d) => String(typeof d === 'object' ? '' : d).trim()).filter(Boolean) : [];
    const dob = dateOf('Child', `${childPath}/ChildIdentifiers`, ids, 'PersonBirthDate', false) ?? null;
    out.children.push({
      childId,
      sex: text(ids, 'Sex') ?? text(ids, 'GenderCurrent'),
      dateOfBirth: dob,
      ethnicity: text(characteristics, 'Ethnicity'),
      disability: disabilityCodes.length > 0 ? disabilityCodes.join(' ') : null,
    });
    summary('Child').loaded += 1;

    cinDetails.forEach((d, di) => {
      const dPath = `${childPath}/CINdetails[${di + 1}]`;
      summary('CINdetails').rowsRead += 1;
      const referralDate = dateOf('CINdetails', dPath, d, 'CINreferralDate', true);
      if (referralDate === undefined || referralDate === null) {
        summary('CINdetails').rejected += 1;
        rejectAll([d], summary, true);
        return;
      }
      summary('CINdetails').loaded += 1;
      const closure = dateOf('CINdetails', dPath, d, 'CINclosureDate', false) ?? null;
      out.events.push({
        family: 'referral',
        childId,
        referralDate,
        startDate: referralDate,
        endDate: closure,
        nfa: bool(text(d, 'ReferralNFA')),
        icpcDate: dateOf('CINdetails', dPath, d, 'DateOfInitialCPC', false) ?? null,
        icpcNotRequired: null,
        previousPlans: null,
        category: text(d, 'PrimaryNeedCode'),
        data: { referralSource: text(d, 'ReferralSource'), reasonForClosure: text(d, 'ReasonForClosure') },
      });
      const sub = (module: CinModule, element: string, family: CinFamily, startName: string, endName: string | null, extra: (node: Node, path: string) => Partial<CinEvent>) => {
        children(d, element).forEach((node, ni) => {
          const path = `${dPath}/${element}[${ni + 1}]`;
          summary(module).rowsRead += 1;
          const start = dateOf(module, path, node, startName, true);
          if (start === undefined || start === null) {
            summary(module).rejected += 1;
            return;
          }
          summary(module).loaded += 1;
          out.events.push({
            family,
            childId,
            referralDate,
            startDate: start,
            endDate: endName ? (dateOf(module, path, node, endName, false) ?? null) : null,
            nfa: null,
            icpcDate: null,
            icpcNotRequired: null,
            previousPlans: null,
            category: null,
            data: {},
            ...extra(node, path),
          });
        });
      };
      sub('Assessments', 'Assessments', 'assessment', 'AssessmentActualStartDate', 'AssessmentAuthorisationDate', (n) => ({
        data: { factors: ((children(n, 'FactorsIdentifiedAtAssessment')[0]?.AssessmentFactors as unknown[] | undefined) ?? []).map(String).join(' ') || null },
      }));
      sub('CINPlanDates', 'CINPlanDates', 'cin_plan', 'CINPlanStartDate', 'CINPlanEndDate', () => ({}));
      sub('Section47', 'Section47', 's47', 'S47ActualStartDate', null, (n, path) => ({
        icpcDate: dateOf('Section47', path, n, 'DateOfInitialCPC', false) ?? null,
        icpcNotRequired: bool(text(n, 'ICPCnotRequired')),
        data: { initialCpcTarget: text(n, 'InitialCPCtarget') },
      }));
      sub('ChildProtectionPlans', 'ChildProtectionPlans', 'cp_plan', 'CPPstartDate', 'CPPendDate', (n, path) => {
        const prev = text(n, 'NumberOfPreviousCPP');
        const previousPlans = prev !== null && /^\d+$/.test(prev) ? Number(prev) : null;
        if (prev !== null && previousPlans === null) issue('ChildProtectionPlans', row, path, 'NumberOfPreviousCPP', prev, 'warning', `NumberOfPreviousCPP "${prev}" is not a whole number; it was left blank.`);
        return { previousPlans, category: text(n, 'InitialCategoryOfAbuse'), data: { latestCategory: text(n, 'LatestCategoryOfAbuse') } };
      });
    });
  });
  if (kids.length === 0) out.issues.push({ sheet: '/Message/Children', row: 0, severity: 'warning', message: 'The census holds no children.' });
  return out;
}

/** Counts the modules under rejected CINdetails (or a rejected child) as read and rejected. */
function rejectAll(details: readonly Node[], summary: (m: CinModule) => CinModuleSummary, modulesOnly = false): void {
  for (const d of details) {
    if (!modulesOnly) {
      summary('CINdetails').rowsRead += 1;
      summary('CINdetails').rejected += 1;
    }
    for (const m of ['Assessments', 'CINPlanDates', 'Section47', 'ChildProtectionPlans'] as const) {
      const n = children(d, m).length;
      summary(m).rowsRead += n;
      summary(m).rejected += n;
    }
  }
}
