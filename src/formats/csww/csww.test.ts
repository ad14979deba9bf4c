import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cswwSummary, parseCsww } from './csww.ts';

const SAMPLE = readFileSync('../shared/fixtures/csww/csww-2022-sample.xml');

describe('CSWW census XML', () => {
  it('reads the public sample: header, LA-level vacancies and every worker', () => {
    const r = parseCsww(SAMPLE, { fileName: 'csww.xml' });
    expect(r.fatal).toBeUndefined();
    expect(r.header).toEqual({ censusYear: 2022, referenceDate: '2022-09-30', laCode: '301' });
    expect(r.vacancies).toEqual({ vacancies: 79.68, agencyFte: 59.82, agencyHeadcount: 71 });
    expect(r.rowsRead).toBe(30);
    expect(r.workers).toHaveLength(30);
    expect(r.workers[0]).toMatchObject({ sweNo: 'Oz2054309383', agency: true, fte: 0.521371, cases30: 72, roleStartDate: '1988-04-07', workingDaysLost: 15.31, absentAt30Sept: false });
    expect(r.workers[0]?.data.ReasonAbsence).toBe('TRN');
  });

  it('computes the DfE caseload: cases held by case holders ÷ their FTE on 30 September', () => {
    const s = cswwSummary(parseCsww(SAMPLE, { fileName: 'csww.xml' }));
    expect(s).toMatchObject({ censusYear: 2022, caseHolders: 19, caseHolderFte: 9.7683, cases: 979, caseloadPerFte: 100.2, vacancies: 79.68, agencyFte: 59.82, workingDaysLost: 1020.06 });
  });

  it('rejects records without a SWENo or repeated, and warns about bad values', () => {
    const xml = `<Message><Header><CollectionDetails><Year>2023</Year><ReferenceDate>2023-09-30</ReferenceDate></CollectionDetails><Source><LEA>855</LEA></Source></Header>
      <CSWWWorker><SWENo>A1</SWENo><FTE>2.5</FTE><OrgRole>9</OrgRole></CSWWWorker>
      <CSWWWorker><FTE>1</FTE></CSWWWorker>
      <CSWWWorker><SWENo>A1</SWENo><FTE>1</FTE></CSWWWorker></Message>`;
    const r = parseCsww(xml, { fileName: 'c.xml' });
    expect(r.rowsRead).toBe(3);
    expect(r.workers.map((w) => w.sweNo)).toEqual(['A1']);
    expect(r.workers[0]).toMatchObject({ fte: null, orgRole: null });
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [1, 'OrgRole', 'warning'],
      [1, 'FTE', 'warning'],
      [2, 'SWENo', 'error'],
      [3, 'SWENo', 'error'],
    ]);
  });

  it('refuses files that are not a census', () => {
    expect(parseCsww('not xml <<<', { fileName: 'x.xml' }).fatal).toBeDefined();
    expect(parseCsww('<Other/>', { fileName: 'x.xml' }).fatal?.code).toBe('not_csww');
    expect(parseCsww('<Message><Header/></Message>', { fileName: 'x.xml' }).fatal?.code).toBe('no_year');
  });
});
