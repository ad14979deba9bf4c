import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSWW_CODES, cswwSummary, ORG_ROLES, parseCsww, type CswwResult, type CswwWorker } from './csww.ts';
import { readFixture } from '../../../test/support/fixtures.ts';

const SAMPLE = readFixture('csww/csww-2022-sample.xml');
const CIN_CENSUS = readFixture('cin-census/cin-census-2021.xml');
const INDICATORS = parse(readFixture('dfe/csww_indicators_2017_to_2025.csv'), { columns: true }) as Record<string, string>[];
const opts = { fileName: 'csww.xml' };

function expectAccounted(r: CswwResult): void {
  const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.row));
  expect(r.workers.length + errorRows.size).toBe(r.rowsRead);
  for (const w of r.workers) expect(errorRows.has(w.rowNumber)).toBe(false);
  if (r.fatal) expect(r.workers).toEqual([]);
  for (const issue of r.issues) expect(issue.message.length).toBeGreaterThan(0);
}

function census(workers: readonly string[], opts2: { year?: string; vacancies?: string } = {}): string {
  const vacancies = opts2.vacancies ?? '<LALevelVacancies><NumberOfVacancies>10.00</NumberOfVacancies><NoAgencyFTE>4.50</NoAgencyFTE><NoAgencyHeadcount>5</NoAgencyHeadcount></LALevelVacancies>';
  return `<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CSWW</Collection><Year>${opts2.year ?? '2023'}</Year><ReferenceDate>2023-09-30</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>855</LEA></Source>
  </Header>
  ${vacancies}
${workers.map((w) => `  <CSWWWorker>${w}</CSWWWorker>`).join('\n')}
</Message>`;
}

/** Worker records whose totals are an LA's published figures (FTE, headcounts, cases, days lost, leavers). */
function returnFor(n: (column: string) => number): CswwWorker[] {
  const worker = (i: number, fields: Partial<CswwWorker>): CswwWorker => ({
    rowNumber: i, sweNo: `SW${i}`, agency: false, fte: null, fte30: null, orgRole: null, cases30: null, roleStartDate: null, roleEndDate: null, reasonLeave: null, workingDaysLost: null, absentAt30Sept: null, data: {}, ...fields,
  });
  const inPost = n('inpost_headcount');
  const holders = Math.min(inPost, Math.ceil(n('case_holders_fte')));
  const cases = n('cases');
  const workers = Array.from({ length: inPost }, (_, i) =>
    worker(i, {
      fte: n('inpost_fte') / inPost,
      workingDaysLost: n('working_days_lost_fte') / inPost,
      ...(i < holders ? { fte30: n('case_holders_fte') / holders, cases30: Math.floor(cases / holders) + (i < cases % holders ? 1 : 0) } : {}),
    }),
  );
  for (let i = 0; i < n('agency_headcount'); i++) workers.push(worker(inPost + i, { agency: true, fte: n('agency_fte') / n('agency_headcount') }));
  for (let i = 0; i < n('leavers_headcount'); i++) workers.push(worker(1e6 + i, { fte: 0, roleStartDate: '2015-01-01', roleEndDate: '2025-03-31' }));
  return workers;
}

describe('parseCsww: the public 2022 sample', () => {
  const r = parseCsww(SAMPLE, opts);

  it('reads the header, the LA-level vacancies and all 30 workers', () => {
    expect(r.fatal).toBeUndefined();
    expect(r.header).toEqual({ censusYear: 2022, referenceDate: '2022-09-30', laCode: '301' });
    expect(r.vacancies).toEqual({ vacancies: 79.68, agencyFte: 59.82, agencyHeadcount: 71 });
    expect(r.rowsRead).toBe(30);
    expect(r.workers).toHaveLength(30);
    expect(r.workers.map((w) => w.rowNumber)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('types every element of a worker, and keeps each as given', () => {
    expect(r.workers[0]).toEqual({
      rowNumber: 1,
      sweNo: 'Oz2054309383',
      agency: true,
      fte: 0.521371,
      fte30: null,
      orgRole: null,
      cases30: 72,
      roleStartDate: '1988-04-07',
      roleEndDate: null,
      reasonLeave: null,
      workingDaysLost: 15.31,
      absentAt30Sept: false,
      birthDate: '1967-01-04',
      gender: '1',
      ethnicity: 'REFU',
      qualificationInstitutions: ['Institution Name'],
      stepUpGraduate: false,
      frontlineGraduate: true,
      startOrigin: '9',
      contractWeeks: 288.7,
      absenceReasons: ['TRN'],
      cfkssStatus: ['1'],
      data: {
        AgencyWorker: '1', SWENo: 'Oz2054309383', FTE: '0.521371', PersonBirthDate: '1967-01-04', GenderCurrent: '1', Ethnicity: 'REFU',
        QualInst: 'Institution Name', StepUpGrad: '0', RoleStartDate: '1988-04-07', StartOrigin: '9', Cases30: '72', WorkingDaysLost: '15.31',
        ContractWeeks: '288.7', FrontlineGrad: '1', Absat30Sept: '0', ReasonAbsence: 'TRN', CFKSSstatus: '1',
      },
    });
    expect(r.workers[1]).toMatchObject({ sweNo: 'Yk7226043359', fte: 0, fte30: 0.603665, orgRole: 2, roleEndDate: '2019-09-23', reasonLeave: '10', leaverDestination: '7' });
    expect(r.workers[3]).toMatchObject({ agency: false, qualificationLevel: '1', orgRole: 6 });
  });

  it('warns about what does not add up in the sample, without rejecting anyone', () => {
    expect(r.issues.map((i) => [i.row, i.column])).toEqual([
      [2, 'RoleEndDate'],
      [2, 'Cases30'],
      [4, 'RoleStartDate'],
      [8, 'RoleStartDate'],
      [12, 'Cases30'],
      [16, 'RoleStartDate'],
      [17, 'RoleStartDate'],
      [18, 'RoleStartDate'],
      [20, 'RoleEndDate'],
      [20, 'Cases30'],
      [21, 'RoleStartDate'],
      [23, 'RoleStartDate'],
      [30, 'Cases30'],
    ]);
    expect(r.issues[1]?.message).toBe('The worker holds 66 cases on 30 September but their role ended on 2019-09-23; the cases are counted as returned.');
    expect(r.issues[4]?.message).toBe('The worker holds 37 cases but has no FTE (FTE30 or FTE); the cases count towards the caseload with no FTE, which raises it.');
  });

  it('gives the DfE indicators, each worked out by hand from the file', () => {
    // 19 records have Cases30 > 0, holding 72+66+11+62+45+23+37+85+25+83+14+65+39+29+70+63+80+23+87 = 979 cases, with
    // FTE30 (else FTE) summing to 9.768265: 979 / 9.768265 = 100.22.
    // Employed and in post on 2022-09-30 (no start after it, no end on or before it): 8 records, FTE 2.715871.
    // Agency and in post: 13 records, FTE 2.335268. Employed workers' WorkingDaysLost: 449.94.
    expect(cswwSummary(r)).toEqual({
      censusYear: 2022,
      referenceDate: '2022-09-30',
      caseHolders: 19,
      caseHolderFte: 9.7683,
      cases: 979,
      caseloadPerFte: 100.2,
      inPostHeadcount: 8,
      inPostFte: 2.7159,
      agencyHeadcount: 13,
      agencyFte: 2.3353,
      agencyRatePercent: 46.2,
      agencyCoverFte: 59.82,
      agencyCoverHeadcount: 71,
      vacancies: 79.68,
      vacancyRatePercent: 96.7,
      starters: 0,
      leavers: 0,
      turnoverRatePercent: 0,
      workingDaysLost: 449.94,
      absenceRatePercent: 65.5,
    });
  });
});

describe('cswwSummary', () => {
  const xml = census([
    '<AgencyWorker>0</AgencyWorker><SWENo>AA0000000001</SWENo><FTE>1.000000</FTE><FTE30>1.000000</FTE30><OrgRole>5</OrgRole><RoleStartDate>2015-01-01</RoleStartDate><Cases30>18</Cases30><WorkingDaysLost>10.00</WorkingDaysLost>',
    '<AgencyWorker>0</AgencyWorker><SWENo>AA0000000002</SWENo><FTE>0.500000</FTE><OrgRole>5</OrgRole><RoleStartDate>2023-01-09</RoleStartDate><Cases30>9</Cases30><WorkingDaysLost>2.50</WorkingDaysLost>',
    '<AgencyWorker>0</AgencyWorker><SWENo>AA0000000002</SWENo><FTE>0.500000</FTE><OrgRole>3</OrgRole><RoleStartDate>2023-01-09</RoleStartDate>',
    '<AgencyWorker>0</AgencyWorker><SWENo>AA0000000003</SWENo><FTE>0</FTE><FTE30>0.800000</FTE30><OrgRole>5</OrgRole><RoleStartDate>2010-01-01</RoleStartDate><RoleEndDate>2023-06-30</RoleEndDate><ReasonLeave>1</ReasonLeave><WorkingDaysLost>20.00</WorkingDaysLost>',
    '<AgencyWorker>0</AgencyWorker><SWENo>AA0000000004</SWENo><FTE>1.000000</FTE><OrgRole>2</OrgRole><RoleStartDate>2012-01-01</RoleStartDate><RoleEndDate>2023-09-30</RoleEndDate><ReasonLeave>5</ReasonLeave>',
    '<AgencyWorker>1</AgencyWorker><SWENo>AA0000000005</SWENo><FTE>1.000000</FTE><OrgRole>5</OrgRole><Cases30>22</Cases30><WorkingDaysLost>30.00</WorkingDaysLost>',
    '<AgencyWorker>1</AgencyWorker><SWENo>AA0000000006</SWENo><FTE>0.600000</FTE><RoleStartDate>2021-01-01</RoleStartDate><RoleEndDate>2022-12-31</RoleEndDate>',
  ]);

  it('follows the DfE definitions', () => {
    const r = parseCsww(xml, opts);
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([[3, 'SWENo', 'warning']]);
    expect(cswwSummary(r)).toEqual({
      censusYear: 2023,
      referenceDate: '2023-09-30',
      // records 1, 2 and 6: FTE30 1 (record 1), FTE 0.5 and 1 (no FTE30); 18 + 9 + 22 cases
      caseHolders: 3,
      caseHolderFte: 2.5,
      cases: 49,
      caseloadPerFte: 19.6,
      // employed in post: records 1, 2 and 3 (one person in two roles: counted once, FTE added); 4 left on the census date
      inPostHeadcount: 2,
      inPostFte: 2,
      // agency in post: record 6 only (7 ended before the census date)
      agencyHeadcount: 1,
      agencyFte: 1,
      agencyRatePercent: 33.3,
      agencyCoverFte: 4.5,
      agencyCoverHeadcount: 5,
      vacancies: 10,
      vacancyRatePercent: 83.3,
      // starter: AA..02 (started 2023-01-09, two records, one start); leavers: records 4 and 5 (leaving on the census date counts)
      starters: 1,
      leavers: 2,
      turnoverRatePercent: 100,
      // employed only: 10 + 2.5 + 20; 32.5 / (2 FTE × 253 days)
      workingDaysLost: 32.5,
      absenceRatePercent: 6.4,
    });
  });

  it('reproduces, to the published 0.1, the rates the DfE published for each large LA in 2025, from returns built to its totals', () => {
    const rows = INDICATORS.filter((r) => r.time_period === '2025' && r.geographic_level === 'Local authority' && Number(r.inpost_fte) >= 100);
    const columns = ['inpost_fte', 'inpost_headcount', 'leavers_headcount', 'agency_fte', 'agency_headcount', 'vacancy_fte', 'case_holders_fte', 'cases', 'working_days_lost_fte'];
    const complete = rows.filter((r) => columns.every((c) => /^[\d.]+$/.test(r[c] ?? '')));
    expect(complete.length).toBeGreaterThan(100);
    for (const r of complete) {
      const n = (c: string) => Number(r[c]);
      const s = cswwSummary({ header: { censusYear: 2025, referenceDate: '2025-09-30', laCode: r.old_la_code ?? null }, vacancies: { vacancies: n('vacancy_fte'), agencyFte: null, agencyHeadcount: null }, workers: returnFor(n) });
      const near = (ours: number | null, published: string | undefined) => expect(Math.abs((ours ?? Number.NaN) - Number(published)), `${r.la_name}: ${ours} vs ${published}`).toBeLessThanOrEqual(0.10001);
      near(s.caseloadPerFte, r.caseload_fte);
      near(s.agencyRatePercent, r.agency_rate_fte);
      near(s.vacancyRatePercent, r.vacancy_rate_fte);
      near(s.turnoverRatePercent, r.turnover_rate_headcount);
      near(s.absenceRatePercent, r.absence_rate_fte);
    }
  });

  it('gives no caseload or rates when there is nothing to divide by', () => {
    const s = cswwSummary(parseCsww(census([], { vacancies: '' }), opts));
    expect(s).toMatchObject({ caseHolders: 0, caseloadPerFte: null, agencyRatePercent: null, vacancies: null, vacancyRatePercent: null, turnoverRatePercent: null, absenceRatePercent: null });
  });

  it('documents every OrgRole', () => {
    expect(ORG_ROLES).toEqual({ 1: 'Senior manager', 2: 'Middle manager', 3: 'First line manager', 4: 'Senior practitioner', 5: 'Case holder', 6: 'Qualified without cases' });
  });
});

describe('parseCsww: checks', () => {
  it('rejects a record without a SWENo, and keeps a repeated SWENo with a warning', () => {
    const r = parseCsww(census(['<SWENo>A1</SWENo><AgencyWorker>0</AgencyWorker>', '<AgencyWorker>0</AgencyWorker><FTE>1</FTE>', '<SWENo>A1</SWENo><AgencyWorker>0</AgencyWorker>', 'text', '']), opts);
    expect(r.rowsRead).toBe(5);
    expect(r.workers.map((w) => [w.rowNumber, w.sweNo])).toEqual([
      [1, 'A1'],
      [3, 'A1'],
    ]);
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [2, 'SWENo', 'error'],
      [3, 'SWENo', 'warning'],
      [4, 'SWENo', 'error'],
      [5, 'SWENo', 'error'],
    ]);
    expect(r.issues[0]?.message).toBe('The worker record has no Social Work England number (SWENo); the record was not loaded.');
    expectAccounted(r);
  });

  it.each([
    ['<FTE>2.5</FTE>', 'FTE', '2.5', { fte: null }, 'FTE "2.5" is not a number from 0 to 1.5; it was left blank.'],
    ['<FTE>1.2</FTE>', 'FTE', '1.2', { fte: 1.2 }, 'FTE 1.2 is more than 1; loaded as given.'],
    ['<FTE30>half</FTE30>', 'FTE30', 'half', { fte30: null }, 'FTE30 "half" is not a number from 0 to 1.5; it was left blank.'],
    ['<OrgRole>9</OrgRole>', 'OrgRole', '9', { orgRole: null }, 'OrgRole 9 is not a census role (1 to 6); it was left blank.'],
    ['<Cases30>2.5</Cases30>', 'Cases30', '2.5', { cases30: null }, 'Cases30 "2.5" is not a whole number of 0 or more; it was left blank.'],
    ['<Cases30>-1</Cases30>', 'Cases30', '-1', { cases30: null }, 'Cases30 "-1" is not a whole number of 0 or more; it was left blank.'],
    ['<WorkingDaysLost>400</WorkingDaysLost>', 'WorkingDaysLost', '400', { workingDaysLost: null }, 'WorkingDaysLost "400" is not a number from 0 to 366; it was left blank.'],
    ['<RoleStartDate>2023-02-30</RoleStartDate>', 'RoleStartDate', '2023-02-30', { roleStartDate: null }, 'RoleStartDate "2023-02-30" is not a real date; it was left blank.'],
    ['<Absat30Sept>Y</Absat30Sept>', 'Absat30Sept', 'Y', { absentAt30Sept: null }, 'Absat30Sept "Y" is not 0 or 1; it was left blank.'],
    ['<ReasonLeave>11</ReasonLeave>', 'ReasonLeave', '11', { reasonLeave: '11' }, 'ReasonLeave "11" is not a census code (1, 2, 3, 4, 5, 6, 7, 8, 9, 10); kept as given.'],
    ['<Ethnicity>XXXX</Ethnicity>', 'Ethnicity', 'XXXX', { ethnicity: 'XXXX' }, 'is not a census code'],
    ['<OrgRole>5</OrgRole><OrgRole>6</OrgRole>', 'OrgRole', '5; 6', { orgRole: 5 }, 'OrgRole appears 2 times in one record; the first, "5", was used.'],
    ['<RoleStartDate>2020-01-01</RoleStartDate><RoleEndDate>2019-12-31</RoleEndDate>', 'RoleEndDate', '2019-12-31', { roleEndDate: '2019-12-31' }, 'The role end date 2019-12-31 is before its start date 2020-01-01.'],
  ])('warns about %s', (element, column, value, fields, message) => {
    const r = parseCsww(census([`<AgencyWorker>0</AgencyWorker><SWENo>A1</SWENo>${element}`]), opts);
    expect(r.workers[0]).toMatchObject(fields);
    const mine = r.issues.filter((i) => i.column === column);
    expect(mine[0]).toMatchObject({ row: 1, column, value, severity: 'warning' });
    expect(mine[0]?.message).toContain(message);
  });

  it('takes a worker without AgencyWorker as employed, with a warning', () => {
    const r = parseCsww(census(['<SWENo>A1</SWENo>']), opts);
    expect(r.workers[0]?.agency).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ row: 1, column: 'AgencyWorker', severity: 'warning' })]);
  });

  it('keeps repeated elements the census allows', () => {
    const r = parseCsww(census(['<AgencyWorker>1</AgencyWorker><SWENo>A1</SWENo><QualInst>One</QualInst><QualInst>Two</QualInst><ContractWeeks>10.5</ContractWeeks><ContractWeeks>4.2</ContractWeeks><Absat30Sept>0</Absat30Sept><Absat30Sept>1</Absat30Sept><ReasonAbsence>SIC</ReasonAbsence><ReasonAbsence>MAT</ReasonAbsence>']), opts);
    expect(r.issues).toEqual([]);
    expect(r.workers[0]).toMatchObject({ qualificationInstitutions: ['One', 'Two'], contractWeeks: 14.7, absentAt30Sept: true, absenceReasons: ['SIC', 'MAT'] });
    expect(r.workers[0]?.data.QualInst).toBe('One; Two');
  });

  it('checks the header and the vacancies', () => {
    const r = parseCsww(
      census([], { year: '2022', vacancies: '<LALevelVacancies><NumberOfVacancies>many</NumberOfVacancies><NoAgencyFTE>1.5</NoAgencyFTE><NoAgencyHeadcount>1.5</NoAgencyHeadcount></LALevelVacancies>' }).replace('<LEA>855</LEA>', '<LEA>Leics</LEA>'),
      { fileName: 'c.xml', today: '2023-06-01' },
    );
    expect(r.header).toEqual({ censusYear: 2022, referenceDate: '2023-09-30', laCode: 'Leics' });
    expect(r.vacancies).toEqual({ vacancies: null, agencyFte: 1.5, agencyHeadcount: null });
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [0, 'ReferenceDate', 'warning'],
      [0, 'ReferenceDate', 'warning'],
      [0, 'LEA', 'warning'],
      [0, 'NumberOfVacancies', 'warning'],
      [0, 'NoAgencyHeadcount', 'warning'],
      [0, 'CSWWWorker', 'warning'],
    ]);
    expect(r.issues[1]?.message).toBe('The census date 2023-09-30 is in the future.');
  });

  it('warns when there are no LA-level vacancies', () => {
    const r = parseCsww(census(['<AgencyWorker>0</AgencyWorker><SWENo>A1</SWENo>'], { vacancies: '' }), opts);
    expect(r.vacancies).toBeNull();
    expect(r.issues).toEqual([expect.objectContaining({ row: 0, column: 'LALevelVacancies', severity: 'warning' })]);
  });

  it('takes the year from the reference date when Year is missing, and reads namespaces and a BOM', () => {
    const xml = '\ufeff<c:Message xmlns:c="urn:x"><c:Header><c:CollectionDetails><c:ReferenceDate>2024-09-30</c:ReferenceDate></c:CollectionDetails></c:Header><c:CSWWWorker><c:AgencyWorker>0</c:AgencyWorker><c:SWENo>A1</c:SWENo></c:CSWWWorker></c:Message>';
    const r = parseCsww(xml, opts);
    expect(r.header).toEqual({ censusYear: 2024, referenceDate: '2024-09-30', laCode: null });
    expect(r.workers.map((w) => w.sweNo)).toEqual(['A1']);
  });

  it.each([
    ['an empty file', '', 'empty'],
    ['a file that is not XML', 'not xml <<<', 'unreadable'],
    ['a truncated file', census(['<SWENo>A1</SWENo>']).slice(0, 200), 'unreadable'],
    ['XML without <Message>', '<Other/>', 'not_csww'],
    ['a message with nothing in it', '<Message><Header/></Message>', 'not_csww'],
    ['a census without a year', '<Message><Header><CollectionDetails><Collection>CSWW</Collection></CollectionDetails></Header></Message>', 'no_year'],
    ['the CIN census', CIN_CENSUS, 'not_csww'],
  ])('refuses %s', (_, input, code) => {
    const r = parseCsww(input, opts);
    expect(r.fatal?.code).toBe(code);
    expect(r.workers).toEqual([]);
    expect(r.rowsRead).toBe(0);
  });

  it('names the collection it was given', () => {
    expect(parseCsww(CIN_CENSUS, opts).fatal?.message).toBe('The file is a CIN return, not the social work workforce census (CSWW).');
  });

  it('does not expand entities defined in the file', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Message><Header><CollectionDetails><Year>2023</Year></CollectionDetails></Header><CSWWWorker><SWENo>&c;</SWENo></CSWWWorker></Message>`;
    const r = parseCsww(lol, opts);
    expect((r.workers[0]?.sweNo ?? '').length).toBeLessThan(100);
  });

  it('documents the codes of every coded element', () => {
    expect(Object.keys(CSWW_CODES)).toEqual(['GenderCurrent', 'Ethnicity', 'QualLevel', 'StartOrigin', 'LeaverDestination', 'ReasonLeave', 'ReasonAbsence', 'CFKSSstatus']);
  });
});

describe('parseCsww on random input', () => {
  const ELEMENTS = ['AgencyWorker', 'SWENo', 'FTE', 'FTE30', 'OrgRole', 'Cases30', 'RoleStartDate', 'RoleEndDate', 'ReasonLeave', 'WorkingDaysLost', 'Absat30Sept', 'GenderCurrent', 'Ethnicity', 'QualInst', 'ContractWeeks', 'CFKSSstatus', 'Other'];
  const value = fc.oneof(fc.string({ maxLength: 8 }).map((s) => s.replace(/[<&]/g, '')), fc.constantFrom('', '0', '1', '5', '0.5', '2.5', '-1', '2023-01-01', '2023-02-30', 'WBRI', 'A1', 'A2'));
  const worker = fc.array(fc.tuple(fc.constantFrom(...ELEMENTS), value), { maxLength: 10 }).map((fields) => fields.map(([k, v]) => `<${k}>${v}</${k}>`).join(''));

  it('never throws on random bytes or text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => expectAccounted(parseCsww(Buffer.from(bytes), opts))), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => expectAccounted(parseCsww(`<Message>${text}</Message>`, opts))), { numRuns: 300 });
  });

  it('never loses a record: each is loaded or rejected', () => {
    fc.assert(
      fc.property(fc.array(worker, { maxLength: 15 }), (workers) => {
        const r = parseCsww(census(workers), opts);
        expect(r.fatal).toBeUndefined();
        expect(r.rowsRead).toBe(workers.length);
        expectAccounted(r);
        const s = cswwSummary(r);
        expect(Number.isFinite(s.cases)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a damaged sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SAMPLE.length }), fc.integer({ min: 0, max: SAMPLE.length - 1 }), fc.integer({ min: 0, max: 255 }), (cut, at, byte) => {
        const bytes = Buffer.from(SAMPLE.subarray(0, cut));
        if (at < bytes.length) bytes[at] = byte;
        expectAccounted(parseCsww(bytes, opts));
      }),
      { numRuns: 200 },
    );
  });
});
