/** A child as the CIN census writer takes it; dates ISO. */
export interface CinCensusChildInput {
  childId: string;
  sex: string;
  dateOfBirth: string | null;
  ethnicity: string;
  details: ReadonlyArray<{
    referralDate: string;
    referralSource?: string;
    primaryNeed?: string;
    closureDate?: string | null;
    reasonForClosure?: string | null;
    nfa?: boolean;
    assessments?: ReadonlyArray<{ startDate: string; authorisedDate: string | null }>;
    s47s?: ReadonlyArray<{ startDate: string; icpcDate: string | null; icpcNotRequired?: boolean }>;
    cpPlans?: ReadonlyArray<{ startDate: string; endDate: string | null; category: string; previousPlans: number }>;
  }>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const el = (name: string, value: string | number | boolean | null | undefined) => (value === null || value === undefined ? '' : `<${name}>${esc(String(value))}</${name}>`);

/**
 * Writes a CIN census XML file in the DfE layout (the modules Headroom reads; `Sex` from 2023-24,
 * `GenderCurrent` before), for the demo council and tests.
 */
export function writeCinCensus(input: { laCode: string; referenceDate: string; children: readonly CinCensusChildInput[] }): string {
  const year = Number(input.referenceDate.slice(0, 4));
  const sexElement = year >= 2024 ? 'Sex' : 'GenderCurrent';
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Message><Header><CollectionDetails><Collection>CIN</Collection>',
    el('Year', year),
    el('ReferenceDate', input.referenceDate),
    '</CollectionDetails><Source><SourceLevel>L</SourceLevel>',
    el('LEA', input.laCode),
    '<SoftwareCode>Headroom</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo></Source></Header><Children>',
  ];
  for (const c of input.children) {
    out.push('<Child><ChildIdentifiers>', el('LAchildID', c.childId), el('PersonBirthDate', c.dateOfBirth), el(sexElement, c.sex), '</ChildIdentifiers>');
    out.push('<ChildCharacteristics>', el('Ethnicity', c.ethnicity), '</ChildCharacteristics>');
    for (const d of c.details) {
      out.push('<CINdetails>', el('CINreferralDate', d.referralDate), el('ReferralSource', d.referralSource ?? '1A'), el('PrimaryNeedCode', d.primaryNeed ?? 'N1'));
      out.push(el('CINclosureDate', d.closureDate), el('ReasonForClosure', d.reasonForClosure), el('ReferralNFA', d.nfa === undefined ? null : d.nfa ? 'true' : 'false'));
      for (const a of d.assessments ?? []) out.push('<Assessments>', el('AssessmentActualStartDate', a.startDate), el('AssessmentAuthorisationDate', a.authorisedDate), '</Assessments>');
      for (const s of d.s47s ?? []) out.push('<Section47>', el('S47ActualStartDate', s.startDate), el('DateOfInitialCPC', s.icpcDate), el('ICPCnotRequired', s.icpcNotRequired === undefined ? null : String(s.icpcNotRequired)), '</Section47>');
      for (const p of d.cpPlans ?? []) {
        out.push('<ChildProtectionPlans>', el('CPPstartDate', p.startDate), el('CPPendDate', p.endDate), el('InitialCategoryOfAbuse', p.category), el('LatestCategoryOfAbuse', p.category), el('NumberOfPreviousCPP', p.previousPlans), '</ChildProtectionPlans>');
      }
      out.push('</CINdetails>');
    }
    out.push('</Child>');
  }
  out.push('</Children></Message>');
  return out.join('');
}
