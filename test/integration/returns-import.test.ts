import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { writeRosterCsv } from '../../src/formats/roster/roster.ts';
import { writeSsda903Table } from '../../src/formats/ssda903/write.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { fixturePath, readFixture } from '../support/fixtures.ts';

/** The public sample 903 tables (test/fixtures/ssda903) zipped as the CLI zips a folder. */
function sampleZip(): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(fixturePath('ssda903'))) entries[name] = readFixture(`ssda903/${name}`);
  return Buffer.from(zipSync(entries));
}

function dataRows(name: string): number {
  return readFixture(`ssda903/${name}`).toString('utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '').length;
}

describe.each(testDrivers())('statutory return imports on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  const run903 = (bytes: Buffer, year: number, fileName = 'ssda903.zip') => s.imports.run('ssda903', { laCode: '201', fileName, bytes, loadedBy: 'test', returnYear: year });
  const runCin = (bytes: Buffer, laCode = '201', fileName = 'cin.xml') => s.imports.run('cin-census', { laCode, fileName, bytes, loadedBy: 'test' });
  const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db)).rows[0]?.n;

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2024-06-30T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  it('loads the public sample 903 return with every row accounted for, and a re-import changes nothing', async () => {
    const result = await run903(sampleZip(), 2018);
    const byFile = new Map(result.lists.map((l) => [l.sheet.split(' ')[0], l]));
    for (const name of ['episodes.csv', 'header.csv', 'missing.csv', 'sw_episodes.csv', 'uasc.csv']) {
      const l = byFile.get(name);
      expect(l?.rowsRead, name).toBe(dataRows(name));
      expect((l?.loaded ?? 0) + (l?.rejected ?? 0), name).toBe(l?.rowsRead);
    }
    expect(result.issues.some((i) => i.column === 'SW_REASON' && i.value === 'SWLAZY' && i.severity === 'warning')).toBe(true);
    expect(result.coverage).toContainEqual({ family: 'cla', from: '2017-04-01', to: '2018-03-31' });
    expect(result.changes).toMatchObject({ replaced: 0, unchanged: 0, superseded: 0 });
    const episodes = byFile.get('episodes.csv')?.loaded ?? 0;
    expect(result.changes?.added).toBe(episodes);
    expect(await count('ssda903_episode')).toBe(episodes);

    const again = await run903(sampleZip(), 2018);
    expect(again.replaced).toBe(true);
    expect(await count('ssda903_episode')).toBe(episodes);
    expect(await count('ssda903_record')).toBe(result.lists.filter((l) => !l.sheet.startsWith('episodes')).reduce((n, l) => n + l.loaded, 0));
  });

  it('a later return adds the end date of an episode open in the earlier one: the later return wins and the summary says so', async () => {
    const header = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n';
    const y1 = `\ufeff${header}A1,2019-05-01,s, c2 ,N1,u1,PR1,,,,,,\nA2,01/06/2019,S,C2,N1,U1,PR1,,,,,,\n\n,,,\n`;
    const y2 = `${header}A1,01/05/2019,S,C2,N1,U1,PR1,2020-06-30,E11,,,,\nA2,2019-06-01,S,C2,N1,U1,PR1,,,,,,\nA3,2020-07-01,S,V3,N1,U1,PR1,,,,,,\n`;
    const first = await run903(Buffer.from(y1), 2020, 'episodes.csv');
    expect(first.lists[0]).toMatchObject({ rowsRead: 2, loaded: 2, rejected: 0 });
    const second = await run903(Buffer.from(y2), 2021, 'episodes.csv');
    expect(second.changes).toEqual({ added: 1, replaced: 1, unchanged: 1, superseded: 0 });
    const latest = await handle.db.selectFrom('ssda903_episode_latest').select(['child_id', 'end_date', 'legal_status', 'placement_type']).orderBy('child_id').execute();
    expect(latest).toEqual([
      { child_id: 'A1', end_date: '2020-06-30', legal_status: 'C2', placement_type: 'U1' },
      { child_id: 'A2', end_date: null, legal_status: 'C2', placement_type: 'U1' },
      { child_id: 'A3', end_date: null, legal_status: 'V3', placement_type: 'U1' },
    ]);
    // Loading the older return again afterwards does not override the newer one.
    const backfill = await run903(Buffer.from(y1), 2020, 'episodes.csv');
    expect(backfill.changes).toEqual({ added: 0, replaced: 0, unchanged: 0, superseded: 2 });
    expect((await handle.db.selectFrom('ssda903_episode_latest').select('end_date').where('child_id', '=', 'A1').executeTakeFirst())?.end_date).toBe('2020-06-30');
  });

  it('rejects bad episodes with a reason, warns of unknown columns and resolves overlaps by cutting the earlier episode', async () => {
    const csv = [
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,EXTRA',
      'B1,2020-05-01,S,C2,N1,U1,PR1,,,,,,,x',
      'B1,2020-08-01,P,C2,N1,U2,PR1,,,,,,,x',
      'B2,2020-09-01,S,C2,N1,U1,PR1,2020-08-01,E11,,,,,x',
      'B3,31/02/2020,S,C2,N1,U1,PR1,,,,,,,x',
      ',2020-05-01,S,C2,N1,U1,PR1,,,,,,,x',
      'B4,2021-05-01,S,C2,N1,U1,PR1,,,,,,,x',
      'B5,2020-05-01,S,C2,N1,U1,PR1,,,,,,,x',
      'B5,2020-05-01,S,C1,N1,U1,PR1,,,,,,,x',
    ].join('\r\n');
    const r = await run903(Buffer.from(csv), 2021, 'eps.csv');
    expect(r.lists[0]).toMatchObject({ rowsRead: 8, loaded: 3, rejected: 5 });
    expect(r.issues.find((i) => i.column === 'EXTRA')?.severity).toBe('warning');
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.row).sort()).toEqual([4, 5, 6, 7]);
    const b1 = await handle.db.selectFrom('ssda903_episode').select(['start_date', 'end_date']).where('child_id', '=', 'B1').orderBy('start_date').execute();
    expect(b1).toEqual([
      { start_date: '2020-05-01', end_date: '2020-08-01' },
      { start_date: '2020-08-01', end_date: null },
    ]);
    expect((await handle.db.selectFrom('ssda903_episode').select('legal_status').where('child_id', '=', 'B5').executeTakeFirst())?.legal_status).toBe('C1');
  });

  it('refuses a file that is not a 903 table, naming it, and changes nothing', async () => {
    await expect(run903(Buffer.from('NAME,TEAM\nx,y\n'), 2021, 'roster.csv')).rejects.toMatchObject({ code: 'input_rejected', message: expect.stringContaining('roster.csv is not an SSDA903 table') });
    await expect(run903(readFixture('ssda903/episodes.csv'), Number.NaN)).rejects.toMatchObject({ code: 'input_rejected' });
    expect(await count('import_batch')).toBe(0);
  });

  it('social worker episodes are the caseload when there is no other allocation source', async () => {
    const worker = (workerId: string) => ({ workerId, name: `Worker ${workerId}`, teamId: null, role: 'social_worker' as const, fte: 1, asye: false, agency: false, startDate: '2019-01-01', endDate: null, managerId: null });
    await s.imports.run('roster', { laCode: '201', fileName: 'roster.csv', bytes: Buffer.from(writeRosterCsv([worker('SW1'), worker('SW2')])), loadedBy: 'test' });
    const sw = writeSsda903Table('sw_episodes', [
      { CHILD: 'A', SW_ID: 'SW1', SW_DECOM: '2020-05-01', SW_DEC: null, SW_REASON: null },
      { CHILD: 'B', SW_ID: 'SW1', SW_DECOM: '2020-06-01', SW_DEC: null, SW_REASON: null },
      { CHILD: 'C', SW_ID: 'SW2', SW_DECOM: '2020-06-01', SW_DEC: '2020-12-01', SW_REASON: 'LEFTROLE' },
    ]);
    await run903(Buffer.from(sw), 2021, 'sw_episodes.csv');
    const snapshot = await s.caseloads.snapshot('201', '2021-03-31');
    expect(snapshot.basis).toBe('ssda903');
    expect(snapshot.workers.find((w) => w.workerId === 'SW1')?.caseload).toBe(2);
    expect(snapshot.workers.find((w) => w.workerId === 'SW2')?.caseload).toBe(0);
  });

  it('loads both public sample CIN censuses (GenderCurrent and Sex) with every child and module accounted for', async () => {
    for (const [file, children] of [['cin-census/cin-census-2021.xml', 1], ['cin-census/cin-census-2024.xml', 2]] as const) {
      const r = await runCin(readFixture(file));
      expect(r.lists.find((l) => l.sheet === 'Child')).toMatchObject({ rowsRead: children, loaded: children });
      for (const l of r.lists) expect(l.loaded + l.rejected).toBe(l.rowsRead);
      expect(r.coverage?.map((c) => c.family)).toEqual(['referrals', 'assessments', 'cin', 's47', 'cp']);
    }
    const sexes = await handle.db.selectFrom('child').select('sex').where('la_code', '=', '201').execute();
    expect(sexes.map((c) => c.sex).sort()).toEqual(['1', 'M']);
    const again = await runCin(readFixture('cin-census/cin-census-2024.xml'));
    expect(again.replaced).toBe(true);
  });

  it('rejects a child without an id and a module without its start date at their XPath-like location', async () => {
    const xml = `<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2021</Year><ReferenceDate>2021-03-31</ReferenceDate></CollectionDetails><Source><LEA>201</LEA></Source></Header><Children>
      <Child><ChildIdentifiers><PersonBirthDate>2015-01-01</PersonBirthDate></ChildIdentifiers><CINdetails><CINreferralDate>2020-05-01</CINreferralDate></CINdetails></Child>
      <Child><ChildIdentifiers><LAchildID>K2</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2020-05-01</CINreferralDate><ReferralNFA>false</ReferralNFA><Assessments><AssessmentAuthorisationDate>2020-06-01</AssessmentAuthorisationDate></Assessments><ChildProtectionPlans><CPPstartDate>2020-07-01</CPPstartDate><NumberOfPreviousCPP>1</NumberOfPreviousCPP></ChildProtectionPlans></CINdetails><CINdetails><CINreferralDate>2020-13-01</CINreferralDate></CINdetails></Child>
    </Children></Message>`;
    const r = await runCin(Buffer.from(xml));
    const list = (m: string) => r.lists.find((l) => l.sheet === m);
    expect(list('Child')).toMatchObject({ rowsRead: 2, loaded: 1, rejected: 1 });
    expect(list('CINdetails')).toMatchObject({ rowsRead: 3, loaded: 1, rejected: 2 });
    expect(list('Assessments')).toMatchObject({ rowsRead: 1, loaded: 0, rejected: 1 });
    expect(list('ChildProtectionPlans')).toMatchObject({ rowsRead: 1, loaded: 1, rejected: 0 });
    expect(r.issues.map((i) => i.sheet)).toEqual(
      expect.arrayContaining(['/Message/Children/Child[1]/ChildIdentifiers', '/Message/Children/Child[2]/CINdetails[1]/Assessments[1]', '/Message/Children/Child[2]/CINdetails[2]']),
    );
  });

  it('refuses a census for another LA, another collection, a DTD or XML that is not well formed', async () => {
    const ok = readFixture('cin-census/cin-census-2021.xml').toString('utf8');
    await expect(runCin(Buffer.from(ok), '855')).rejects.toMatchObject({ code: 'input_rejected', message: expect.stringContaining('not LA 855') });
    await expect(runCin(Buffer.from(ok.replace('<Collection>CIN<', '<Collection>CSWW<')))).rejects.toMatchObject({ message: expect.stringContaining('CSWW return') });
    await expect(runCin(Buffer.from(`<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>${ok}`))).rejects.toMatchObject({ message: expect.stringContaining('DTD') });
    await expect(runCin(Buffer.from(ok.slice(0, 500)))).rejects.toMatchObject({ message: expect.stringContaining('not well-formed') });
    expect(await count('import_batch')).toBe(0);
  });
});
