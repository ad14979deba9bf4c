import { describe, expect, it } from 'vitest';
import { parseAnnexA } from './parse.ts';
import type { AnnexAParseResult } from './parse.ts';
import { fixturePath } from '../../../test/support/fixtures.ts';

const SAMPLE = fixturePath('annex-a/annex-a-sample.xlsx');

describe('the shared Annex A sample', () => {
  let result: AnnexAParseResult;

  it('reads all eleven lists with every row accounted for', async () => {
    const progress: number[] = [];
    result = await parseAnnexA({ path: SAMPLE }, { onProgress: (n) => progress.push(n) });
    expect(result.fatal).toBeUndefined();
    expect(result.missingLists).toEqual([]);
    expect(result.lists.map((l) => [l.list, l.sheet, l.rowsRead, l.loaded, l.rejected])).toEqual([
      [1, 'List 1', 5, 5, 0],
      [2, 'List 2', 5, 5, 0],
      [3, 'List 3', 6, 6, 0],
      [4, 'List 4', 5, 5, 0],
      [5, 'List 5', 5, 5, 0],
      [6, 'List 6', 5, 5, 0],
      [7, 'List 7', 7, 7, 0],
      [8, 'List 8', 5, 5, 0],
      [9, 'List 9', 6, 6, 0],
      [10, 'List 10', 5, 5, 0],
      [11, 'List 11', 5, 5, 0],
    ]);
    for (const summary of result.lists) {
      expect(result.rows[summary.list]).toHaveLength(summary.loaded);
    }
    expect(progress.at(-1)).toBe(59);
    expect(result.latestDate).toBe('2021-03-15');
  });

  it('reads the same from a buffer as from a path', async () => {
    const { readFile } = await import('node:fs/promises');
    const fromBuffer = await parseAnnexA({ buffer: await readFile(SAMPLE), fileName: 'annex-a-sample.xlsx' });
    expect(fromBuffer).toEqual(result);
  });

  it('reads contacts with and without code prefixes and a missing date of birth', () => {
    expect(result.rows[1][0]).toEqual({
      rowNumber: 2, childId: '9212044', sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2015-01-25',
      age: 6.138261464750171, contactDate: '2020-09-16', contactSource: '6',
    });
    expect(result.rows[1][1]).toMatchObject({ rowNumber: 3, sex: 'F', dateOfBirth: null, ethnicity: 'APKN' });
  });

  it('reads referrals, S47s (ICPC question inverted) and CP plans', () => {
    expect(result.rows[3][1]).toMatchObject({
      childId: '4653765', referralDate: '2020-09-16', referralSource: '3D', nfa: false,
      referralsInLast12Months: 2, allocatedTeam: 'Locality 4 Duty Team', allocatedWorker: 'Mathilde Cutsforth',
    });
    expect(result.rows[5][0]).toMatchObject({ strategyDate: '2020-09-16', icpcRequired: true, icpcDate: '2020-10-05', icpcOutcomeCpPlan: true, disability: true });
    expect(result.rows[5][2]).toMatchObject({ icpcRequired: false, icpcDate: null, icpcOutcomeCpPlan: null });
    expect(result.rows[7][0]).toMatchObject({
      startDate: '2020-11-23', initialCategory: 'PHY', latestCategory: 'PHY', seenAlone: true,
      endDate: '2021-02-16', emergencyProtectionLast6Months: false, previousPlans: 0,
    });
  });

  it('reports the #N/A allocations in list 6 and keeps the rows unallocated', () => {
    const na = result.issues.filter((i) => i.list === 6 && i.value === '#N/A');
    expect(na).toHaveLength(10);
    expect(na.map((i) => `${i.row}:${i.column}`)).toEqual(
      [2, 3, 4, 5, 6].flatMap((r) => [`${r}:Allocated Team`, `${r}:Allocated Worker`]),
    );
    expect(na.every((i) => i.severity === 'warning' && i.message.includes('Excel error #N/A'))).toBe(true);
    expect(result.rows[6].every((r) => r.allocatedTeam === null && r.allocatedWorker === null)).toBe(true);
  });

  it('reports the unknown primary need code', () => {
    expect(result.issues).toContainEqual(expect.objectContaining({
      list: 6, row: 2, column: 'Primary Need Code', value: 'PSRMEM - Support with memory and cognition', severity: 'warning',
    }));
    expect(result.rows[6][0]?.primaryNeed).toBeNull();
    expect(result.rows[6][1]?.primaryNeed).toBe('N1');
  });

  it('reports the "nope" postcode and keeps the child in care', () => {
    const nope = result.issues.filter((i) => i.value === 'nope');
    expect(nope).toEqual([{
      list: 8, sheet: 'List 8', row: 3, column: 'Placement postcode', value: 'nope', severity: 'warning',
      message: 'Placement postcode: "nope" is not a UK postcode; it was left blank.',
    }]);
    expect(result.rows[8][1]).toMatchObject({ childId: '1373595', placementPostcode: null, placementType: 'U1', placementProvider: 'PR1' });
    expect(result.rows[8][0]).toMatchObject({ placementPostcode: 'T28 2WB', legalStatus: 'E1', placementType: 'U6', placementProvider: 'PR4' });
    expect(result.rows[8][2]).toMatchObject({ ethnicity: null, disability: true });
    expect(result.rows[8][4]).toMatchObject({ endDate: '2020-09-22', reasonCeased: 'E47', placementType: 'H5' });
  });

  it('reads the UASC column whose header ends in "(Y/N))"', () => {
    expect(result.issues.some((i) => i.list === 8 && i.column?.startsWith('Unaccompanied'))).toBe(false);
    expect(result.rows[8].every((r) => r.uasc === false)).toBe(true);
  });

  it('reads the cached results of the formula dates in lists 10 and 11', () => {
    expect(result.rows[10][0]).toMatchObject({
      childId: '7961370', familyId: '14159183', age: 20, enteredCareDate: '2009-08-06', decisionDate: '2009-08-11',
      placementOrderDate: '2009-08-16', matchedDate: '2009-08-21', placedDate: '2009-08-26', adoptionOrderDate: '2009-08-31',
      reversalDecisionDate: null,
    });
    expect(result.rows[10][2]).toMatchObject({ reversalDecisionDate: '2014-10-12', reversalReason: 'RD2' });
    expect(result.rows[11][0]).toMatchObject({
      adopterId: '7105179', fosteringForAdoption: true, enquiryDate: '2009-08-06', stage1StartDate: '2009-08-19',
      stage1EndDate: '2009-09-01', placedDate: '2009-11-18', childrenPlaced: 1, adoptionOrderDate: '2009-11-21', leftDate: null,
    });
    expect(result.rows[11][3]).toMatchObject({ leftDate: '2010-06-14', leftReason: '1' });
    expect(result.issues.some((i) => i.list !== undefined && i.list >= 10 && i.severity !== 'info')).toBe(false);
  });

  it('reads care leavers and notes the columns this older template lacks', () => {
    expect(result.rows[9][0]).toMatchObject({
      eligibility: 'FORMER_RELEVANT', inTouch: 'YES', accommodationType: 'Y', accommodationSuitable: true, activity: 'F1',
      allocatedTeam: 'Care Leavers Team', allocatedWorker: 'Jae Vang', allocatedPersonalAdviser: null,
    });
    expect(result.rows[9][3]).toMatchObject({ accommodationType: null, accommodationSuitable: null, activity: null });
    const missing = result.issues.filter((i) => i.list === 9 && i.severity === 'info').map((i) => i.column);
    expect(missing).toEqual([
      'Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)',
      'Allocated Personal Adviser', 'Latest Pathway Plan Review Date', 'Latest Date of Contact',
    ]);
  });

  it('raises no errors: nothing in the sample is bad enough to reject a row', () => {
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
