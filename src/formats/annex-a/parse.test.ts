import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportIssue } from '../issue.ts';
import { parseAnnexA } from './parse.ts';
import type { AnnexAParseResult } from './parse.ts';
import { workbookOf, zipOf } from '../../../test/support/annex-a.fixtures.ts';
import { writeAnnexAWorkbook } from './write.ts';

const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const fromBuffer = (buffer: Buffer, fileName = 'annex-a.xlsx') => parseAnnexA({ buffer, fileName });

function accounted(result: AnnexAParseResult): void {
  for (const s of result.lists) {
    expect(s.loaded + s.rejected, `${s.sheet}`).toBe(s.rowsRead);
  }
  for (let n = 1; n <= 11; n++) {
    const loaded = result.lists.filter((s) => s.list === n).reduce((sum, s) => sum + s.loaded, 0);
    expect(result.rows[n as 1]).toHaveLength(loaded);
  }
}

const issuesAt = (result: AnnexAParseResult, list: number) =>
  result.issues.filter((i) => i.list === list).map((i) => ({ row: i.row, severity: i.severity, column: i.column, value: i.value }));

describe('a messy workbook', () => {
  let result: AnnexAParseResult;

  beforeAll(async () => {
    const nbsp = '\u00A0';
    const buffer = await workbookOf({
      'L1 Contacts': [
        ['Annex A - List 1: Contacts'],
        [],
        ['Extract run 01/04/2021', undefined, 'Headroom test'],
        ['Child ID', 'SEX', 'Ethnicity', 'DOB', 'Age', 'Contact Date', 'Source of Contact', 'Notes', null, null],
        [1001, 'b) Female', 'a) WBRI', d('2015-01-25'), 6.1, d('2020-09-16'), 'q) 6: Police', 'first'],
        ['1002', 'Female', `${nbsp}WBRI${nbsp}`, 42000, '6.5', 44090, 'Police'],
        [],
        ['1003', 'F', 'White British', '25/01/2015', 12, '16/09/2020', '6'],
        ['1004', 'M', '#N/A', '2015-01-25', '', '6/9/20', 'N/A'],
        ['1005', 'x', 'Martian', 'soon', -3, '31/02/2021', 'Police'],
        [null, 'F', 'WBRI', d('2015-01-25'), 6, d('2020-09-17'), 'Police'],
        ['1007', 'F', 'WBRI', d('2015-01-25'), 6, null, 'Police', undefined, undefined, 'stray'],
      ],
      list_3: [
        ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', 'Date of referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', 'Allocated Team', 'Allocated Worker', 'ALLOCATED TEAM'],
        ['2001', 'a) Male', 'a) WBRI', d('2010-01-01'), 10, d('2020-10-01'), 'e) 2A: Schools', 'Y', '12.0', 'Team A', { richText: [{ text: 'Ann ' }, { text: 'Smith' }] }, 'Team B'],
        ['2002', 'a) Male', 'a) WBRI', d('2010-01-01'), 10, d('2020-10-02'), 'Schools', 'TRUE', 2.5, { error: '#N/A' }, { error: '#N/A' }, 'Team B'],
        ['2003', 'a) Male', 'a) WBRI', d('2010-01-01'), 10, d('2020-10-03'), '2A', 'a) Yes', 0, 'Team A', 'Bo Li', 'Team B'],
        ['2004', 'a) Male', 'a) WBRI', d('2010-01-01'), 10, d('2020-10-04'), 'j) 3D: Health services', 'b) No', 1, 'Team A', 'Bo Li', 'Team B'],
      ],
      'List 5': [
        ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Does the Child have a Disability', 'Strategy discussion initiating Section 47 Enquiry Start Date', 'Was an Initial Child Protection Conference deemed unnecessary?', 'Date of Initial Child Protection Conference', 'Did the Initial Child Protection Conference Result in a Child Protection Plan', 'Number of Section 47 Enquiries in the last 12 months', 'Number of ICPCs in the last 12 months', 'Allocated Team', 'Allocated Worker'],
        ['5001', 'F', 'WBRI', d('2012-01-01'), 8, 'No', { formula: 'DATE(2020,9,16)', result: 44090 }, 'No', { formula: 'G2+19' }, 'Yes', 1, 1, 'Team C', 'Cy Dee'],
        ['5002', 'F', 'WBRI', d('2012-01-01'), 8, 'No', { formula: 'TODAY()' }, 'Yes', null, null, 0, 0, 'Team C', 'Cy Dee'],
      ],
      'List 7 - Child Protection': [
        ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age', 'Initial Category of Abuse'],
        ['7001', 'F', 'WBRI', d('2012-01-01'), 8, 'Neglect'],
        [],
        ['7002', 'F', 'WBRI', d('2012-01-01'), 8, 'Neglect'],
      ],
      Notes: [['These are notes']],
      'List1': [['Child Unique ID', 'Date of Contact'], ['9999', d('2020-01-01')]],
    });
    result = await fromBuffer(buffer);
  });

  it('finds every list it can and reports the rest as missing', () => {
    expect(result.fatal).toBeUndefined();
    expect(result.lists.map((s) => [s.list, s.sheet, s.rowsRead, s.loaded, s.rejected])).toEqual([
      [1, 'L1 Contacts', 7, 4, 3],
      [1, 'List1', 1, 0, 1],
      [3, 'list_3', 4, 4, 0],
      [5, 'List 5', 2, 1, 1],
      [7, 'List 7 - Child Protection', 2, 0, 2],
    ]);
    expect(result.missingLists).toEqual([2, 4, 6, 8, 9, 10, 11]);
    expect(result.issues.filter((i) => i.row === 0 && i.severity === 'info' && i.list !== undefined && i.message.includes('is not in the file'))).toHaveLength(7);
    accounted(result);
  });

  it('finds the header below title rows, skips blank rows and keeps file row numbers', () => {
    expect(result.rows[1].map((r) => r.rowNumber)).toEqual([5, 6, 8, 9]);
  });

  it('reads every date form and code spelling to the same values', () => {
    const [a, b, c, e] = result.rows[1];
    expect(a).toEqual({ rowNumber: 5, childId: '1001', sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2015-01-25', age: 6.1, contactDate: '2020-09-16', contactSource: '6' });
    expect(b).toEqual({ rowNumber: 6, childId: '1002', sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2014-12-27', age: 6.5, contactDate: '2020-09-16', contactSource: '6' });
    expect(c).toEqual({ rowNumber: 8, childId: '1003', sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2015-01-25', age: 12, contactDate: '2020-09-16', contactSource: '6' });
    expect(e).toEqual({ rowNumber: 9, childId: '1004', sex: 'M', ethnicity: null, dateOfBirth: '2015-01-25', age: null, contactDate: '2020-09-06', contactSource: null });
  });

  it('rejects rows with a bad required value and blanks bad optional ones, saying why', () => {
    expect(issuesAt(result, 1)).toEqual([
      { row: 4, severity: 'info', column: 'Notes', value: 'Notes' },
      { row: 10, severity: 'warning', column: 'SEX', value: 'x' },
      { row: 10, severity: 'warning', column: 'Ethnicity', value: 'Martian' },
      { row: 10, severity: 'warning', column: 'DOB', value: 'soon' },
      { row: 10, severity: 'warning', column: 'Age', value: '-3' },
      { row: 10, severity: 'error', column: 'Contact Date', value: '31/02/2021' },
      { row: 11, severity: 'error', column: 'Child ID', value: undefined },
      { row: 12, severity: 'info', column: 'J', value: 'stray' },
      { row: 12, severity: 'error', column: 'Contact Date', value: undefined },
      { row: 0, severity: 'warning', column: undefined, value: undefined },
    ]);
    const impossible = result.issues.find((i) => i.value === '31/02/2021');
    expect(impossible?.message).toBe('Contact Date: "31/02/2021" is not a real calendar date; this value is required, so the row was not loaded.');
    const noId = result.issues.find((i) => i.row === 11 && i.list === 1);
    expect(noId?.message).toBe('Child ID is blank; this value is required, so the row was not loaded.');
    expect(result.rows[1].some((r) => r.childId === '1005')).toBe(false);
  });

  it('uses the first of duplicate headers and reads yes/no, counts, rich text and #N/A', () => {
    expect(result.rows[3]).toEqual([
      expect.objectContaining({ rowNumber: 2, referralSource: '2A', nfa: true, referralsInLast12Months: 12, allocatedTeam: 'Team A', allocatedWorker: 'Ann Smith' }),
      expect.objectContaining({ rowNumber: 3, referralSource: '2A', nfa: true, referralsInLast12Months: null, allocatedTeam: null, allocatedWorker: null }),
      expect.objectContaining({ rowNumber: 4, referralSource: '2A', nfa: true, referralsInLast12Months: 0 }),
      expect.objectContaining({ rowNumber: 5, referralSource: '3D', nfa: false, referralsInLast12Months: 1 }),
    ]);
    const issues = result.issues.filter((i) => i.list === 3);
    expect(issues.map((i) => [i.row, i.severity, i.column])).toEqual([
      [1, 'warning', 'ALLOCATED TEAM'],
      [3, 'warning', 'Number of Referrals in Last 12 Months'],
      [3, 'warning', 'Allocated Team'],
      [3, 'warning', 'Allocated Worker'],
    ]);
    expect(issues[0]?.message).toBe('Column "ALLOCATED TEAM" (column L) repeats "Allocated Team" (column J); the first one was used.');
  });

  it('uses cached formula results and reports formulas saved without one', () => {
    expect(result.rows[5]).toEqual([expect.objectContaining({ rowNumber: 2, strategyDate: '2020-09-16', icpcRequired: true, icpcDate: null, icpcOutcomeCpPlan: true })]);
    expect(issuesAt(result, 5)).toEqual([
      { row: 2, severity: 'warning', column: 'Date of Initial Child Protection Conference', value: '=G2+19' },
      { row: 3, severity: 'error', column: 'Strategy discussion initiating Section 47 Enquiry Start Date', value: '=TODAY()' },
    ]);
    expect(result.issues.find((i) => i.list === 5)?.message).toContain('formula with no saved result');
  });

  it('rejects a whole list missing a required column, with one issue, counting its rows', () => {
    const errors = result.issues.filter((i) => i.list === 7 && i.severity === 'error');
    expect(errors).toEqual([{
      list: 7, sheet: 'List 7 - Child Protection', row: 1, column: 'Child Protection Plan Start Date', severity: 'error',
      message: 'List 7 (child protection) in "List 7 - Child Protection" has no "Child Protection Plan Start Date" column, which is required, so none of its rows could be loaded.',
    }]);
    expect(result.rows[7]).toEqual([]);
  });

  it('ignores sheets that are not lists and second copies of a list', () => {
    expect(result.issues).toContainEqual(expect.objectContaining({ sheet: 'Notes', severity: 'info', row: 0 }));
    expect(result.issues).toContainEqual(expect.objectContaining({ sheet: 'List1', list: 1, severity: 'warning', row: 0 }));
  });

  it('takes the latest date from loaded rows, ignoring dates of birth', () => {
    expect(result.latestDate).toBe('2020-10-04');
  });
});

describe('header detection', () => {
  it('rejects a list whose header cannot be found, counting every row', async () => {
    const junk = Array.from({ length: 25 }, (_, i) => [`junk ${i}`, i]);
    const result = await fromBuffer(await workbookOf({ 'List 2': junk }));
    expect(result.lists).toEqual([{ list: 2, sheet: 'List 2', rowsRead: 25, loaded: 0, rejected: 25 }]);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ list: 2, row: 1, message: expect.stringContaining('no header row was found in the first 20 rows') }),
    ]);
  });

  it('reports an empty list sheet', async () => {
    const result = await fromBuffer(await workbookOf({ 'List 2': [] }));
    expect(result.lists).toEqual([{ list: 2, sheet: 'List 2', rowsRead: 0, loaded: 0, rejected: 0 }]);
    expect(result.issues).toContainEqual(expect.objectContaining({ list: 2, severity: 'warning', message: expect.stringContaining('has no rows at all') }));
  });

  it('matches long headers by their meaning', async () => {
    const result = await fromBuffer(await workbookOf({
      'List 8': [
        ['Child Unique ID', 'Date Started to be Looked After', 'Unaccompanied Asylum Seeking Child (UASC) in last 12 months', 'Number of episodes the child has been "missing" from placement in last 12 months', 'Child’s legal status'],
        ['8001', d('2019-05-01'), 'b) No', 3, 'V2: Single period under S20'],
      ],
    }));
    expect(result.rows[8][0]).toMatchObject({ childId: '8001', startDate: '2019-05-01', uasc: false, missingEpisodesLast12Months: 3, legalStatus: 'V2' });
    expect(result.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });
});

describe('the 1904 date system', () => {
  it('reads dates and formula results from a workbook using it', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const ws = workbook.addWorksheet('List 1');
    ws.addRow(['Child Unique ID', 'Date of Contact', 'Date of Birth']);
    ws.addRow(['1', { formula: 'C2+1', result: 42628 }, d('2015-01-25')]);
    ws.getCell('B2').numFmt = 'dd/mm/yyyy';
    ws.getCell('C2').numFmt = 'dd/mm/yyyy';
    const result = await fromBuffer(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(result.rows[1][0]).toMatchObject({ contactDate: '2020-09-16', dateOfBirth: '2015-01-25' });
  });
});

describe('workbooks from other writers', () => {
  it('finds worksheets behind absolute or renamed relationship targets', async () => {
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
    const entries = unzipSync(new Uint8Array(await writeAnnexAWorkbook({ 1: [{ childId: '1', sex: 'M', ethnicity: null, dateOfBirth: null, age: null, contactDate: '2021-01-05', contactSource: null }] })));
    const sheet = entries['xl/worksheets/sheet1.xml'];
    const rels = entries['xl/_rels/workbook.xml.rels'];
    if (!sheet || !rels) throw new Error('unexpected writer output');
    delete entries['xl/worksheets/sheet1.xml'];
    entries['xl/worksheets/Contacts Data.xml'] = sheet;
    entries['xl/_rels/workbook.xml.rels'] = strToU8(strFromU8(rels).replace('Target="worksheets/sheet1.xml"', 'Target="/xl/worksheets/Contacts Data.xml"'));
    const result = await fromBuffer(Buffer.from(zipSync(entries)));
    expect(result.rows[1]).toEqual([expect.objectContaining({ childId: '1', contactDate: '2021-01-05', sex: 'M' })]);
  });

  it('reads formula results of 0 and empty text, and reports an error returned by a formula', async () => {
    const result = await fromBuffer(await workbookOf({
      'List 3': [
        ['Child Unique ID', 'Date of Referral', 'Allocated Worker', 'Number of Referrals in Last 12 Months', 'Allocated Team'],
        ['1', d('2021-01-01'), { formula: 'VLOOKUP(A2,X:Y,2,0)', result: { error: '#N/A' } }, { formula: 'COUNTIF(A:A,A2)-1', result: 0 }, { formula: 'IF(1,"","x")', result: '' }],
      ],
    }));
    expect(result.rows[3]).toEqual([expect.objectContaining({ childId: '1', allocatedWorker: null, referralsInLast12Months: 0, allocatedTeam: null })]);
    expect(result.issues.filter((i) => i.severity === 'warning')).toHaveLength(1);
    expect(result.issues).toContainEqual(expect.objectContaining({
      list: 3, row: 2, column: 'Allocated Worker', severity: 'warning',
      message: 'Allocated Worker: the cell holds an error returned by its formula; it was left blank.',
    }));
  });

  it('reads a minimal workbook with inline strings, no styles and no shared strings', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const zip = zipOf({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<?xml version="1.0"?><workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="List 3" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet ${ns}><sheetData>`
        + `<row r="1">${inline('A1', 'Child Unique ID')}${inline('B1', 'Date of Referral')}${inline('C1', 'Allocated Worker')}</row>`
        + `<row r="3">${inline('A3', 'R1')}<c r="B3"><v>44090</v></c>${inline('C3', 'Di &amp; Co')}</row>`
        + '</sheetData></worksheet>',
    });
    const result = await fromBuffer(zip);
    expect(result.rows[3]).toEqual([expect.objectContaining({ rowNumber: 3, childId: 'R1', referralDate: '2020-09-16', allocatedWorker: 'Di & Co' })]);
  });
});

const CSV_1 = '\uFEFFChild Unique ID,Gender,Date of Birth,Date of Contact,Contact Source\r\n101,F,25/01/2015,16/09/2020,"q) 6: Police"\r\n\r\n102,M,,2020-09-17,"Other, see notes"\r\n103,M,,31/02/2021,Police\r\n';
const CSV_3 = 'Child Unique ID;Date of Referral;Referral NFA?;Allocated Team;Allocated Worker\n301;01/10/2020;No;"Team\nWith Newline";Al\n302;02/10/2020;Yes;Team A;Bo\n';
const CSV_8_1252 = Buffer.concat([
  Buffer.from('Child Unique ID,Date Started to be Looked After,Child', 'latin1'),
  Buffer.from([0x92]),
  Buffer.from('s Legal Status,Placement postcode\n801,01/05/2019,C2: FCO,t28 2wb\n', 'latin1'),
]);

describe('a folder of CSV files', () => {
  let dir: string;
  let result: AnnexAParseResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'annex-a-csv-'));
    await writeFile(join(dir, 'List 1.csv'), CSV_1);
    await writeFile(join(dir, 'list_3.csv'), CSV_3);
    await writeFile(join(dir, 'L8 Children in Care.csv'), CSV_8_1252);
    await writeFile(join(dir, 'Lookup.csv'), 'a,b\n1,2\n');
    await writeFile(join(dir, 'readme.txt'), 'hello');
    await mkdir(join(dir, 'old'));
    result = await parseAnnexA({ path: dir });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads one list per file, named like the sheets', () => {
    expect(result.fatal).toBeUndefined();
    expect(result.lists.map((s) => [s.list, s.sheet, s.rowsRead, s.loaded, s.rejected])).toEqual([
      [1, 'List 1', 3, 2, 1],
      [3, 'list_3', 2, 2, 0],
      [8, 'L8 Children in Care', 1, 1, 0],
    ]);
    accounted(result);
    expect(result.issues).toContainEqual(expect.objectContaining({ sheet: 'Lookup', severity: 'info' }));
    expect(result.issues).toContainEqual(expect.objectContaining({ sheet: 'readme.txt', severity: 'info' }));
  });

  it('handles a BOM, CRLF, blank lines, quoted commas and bad values with file row numbers', () => {
    expect(result.rows[1]).toEqual([
      { rowNumber: 2, childId: '101', sex: 'F', ethnicity: null, dateOfBirth: '2015-01-25', age: null, contactDate: '2020-09-16', contactSource: '6' },
      { rowNumber: 4, childId: '102', sex: 'M', ethnicity: null, dateOfBirth: null, age: null, contactDate: '2020-09-17', contactSource: null },
    ]);
    const list1 = result.issues.filter((i) => i.list === 1 && i.severity !== 'info');
    expect(list1.map((i) => [i.row, i.severity, i.value])).toEqual([
      [4, 'warning', 'Other, see notes'],
      [5, 'error', '31/02/2021'],
    ]);
  });

  it('handles semicolons and quoted newlines', () => {
    expect(result.rows[3]).toEqual([
      expect.objectContaining({ rowNumber: 2, childId: '301', referralDate: '2020-10-01', nfa: false, allocatedTeam: 'Team With Newline', allocatedWorker: 'Al' }),
      expect.objectContaining({ rowNumber: 3, childId: '302', nfa: true, allocatedTeam: 'Team A' }),
    ]);
  });

  it('reads Windows-1252 files with curly quotes in headers', () => {
    expect(result.rows[8]).toEqual([expect.objectContaining({ childId: '801', startDate: '2019-05-01', legalStatus: 'C2', placementPostcode: 'T28 2WB' })]);
  });
});

describe('a zip of CSV files', () => {
  it('reads CSVs in subfolders and ignores other entries', async () => {
    const zip = zipOf({
      'extract/List 1.csv': CSV_1,
      'extract/List 3 - Referrals.csv': CSV_3,
      '__MACOSX/extract/._List 1.csv': 'junk',
      'extract/notes.docx': 'not really',
    });
    const result = await fromBuffer(zip, 'annex-a.zip');
    expect(result.fatal).toBeUndefined();
    expect(result.lists.map((s) => [s.list, s.sheet, s.rowsRead, s.loaded])).toEqual([
      [1, 'List 1', 3, 2],
      [3, 'List 3 - Referrals', 2, 2],
    ]);
    expect(result.rows[3][0]?.allocatedTeam).toBe('Team With Newline');
    accounted(result);
  });

  it('reads a single CSV file', async () => {
    const result = await fromBuffer(Buffer.from(CSV_3), 'List 3.csv');
    expect(result.rows[3]).toHaveLength(2);
    expect(result.missingLists).toHaveLength(10);
  });

  it('reports a CSV with an unclosed quote and keeps the rows before it', async () => {
    const result = await fromBuffer(Buffer.from('Child Unique ID,Date of Contact\n1,01/01/2020\n2,"02/01/2020\n'), 'List 1.csv');
    expect(result.rows[1]).toHaveLength(1);
    expect(result.issues).toContainEqual(expect.objectContaining({ list: 1, severity: 'error', message: expect.stringContaining('could not be read from row') }));
    accounted(result);
  });
});

describe('files that cannot be read', () => {
  const fatal = async (buffer: Buffer, fileName: string) => (await fromBuffer(buffer, fileName)).fatal?.code;

  it('says why, with a code', async () => {
    const good = await writeAnnexAWorkbook({ 1: [] });
    expect(await fatal(Buffer.alloc(0), 'a.xlsx')).toBe('empty');
    expect(await fatal(Buffer.from('this is not a spreadsheet at all \u0000\u0001'), 'a.xlsx')).toBe('unreadable');
    expect(await fatal(good.subarray(0, Math.floor(good.length / 2)), 'a.xlsx')).toBe('unreadable');
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512), Buffer.from('EncryptedPackage', 'utf16le')]);
    expect(await fatal(cfb, 'a.xlsx')).toBe('encrypted');
    expect(await fatal(cfb.subarray(0, 520), 'old.xls')).toBe('unreadable');
    expect(await fatal(await workbookOf({ Sheet1: [['a']] }), 'a.xlsx')).toBe('no_lists');
    expect(await fatal(zipOf({ 'readme.txt': 'x' }), 'a.zip')).toBe('no_lists');
    expect(await fatal(good, 'a.xlsx')).toBeUndefined();
  });

  it('gives a plain message and an error issue', async () => {
    const result = await fromBuffer(Buffer.alloc(0), 'a.xlsx');
    expect(result.fatal).toEqual({ code: 'empty', message: 'The file is empty (0 bytes).' });
    expect(result.issues).toEqual<ImportIssue[]>([{ row: 0, severity: 'error', message: 'The file is empty (0 bytes).' }]);
  });

  it('reports a missing path and an empty folder', async () => {
    expect((await parseAnnexA({ path: '/nonexistent/annex-a.xlsx' })).fatal?.code).toBe('unreadable');
    const dir = await mkdtemp(join(tmpdir(), 'annex-a-empty-'));
    try {
      expect((await parseAnnexA({ path: dir })).fatal?.code).toBe('empty');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
