import { describe, expect, it } from 'vitest';
import { jsonField, parseSsd, ssdFlag } from './parse.ts';
import { detectSsdTable } from './tables.ts';

const file = (fileName: string, text: string) => ({ fileName, bytes: Buffer.from(text) });

describe('SSD tables', () => {
  it('recognises a table by the prefix its columns share, whatever the file is called', () => {
    expect(detectSsdTable(['CINE_REFERRAL_ID', 'cine_person_id', ' cine_referral_date ', 'local_extra'])).toMatchObject({ kind: 'read', spec: { name: 'cin_episodes' } });
    expect(detectSsdTable(['addr_table_id', 'addr_person_id'])).toEqual({ kind: 'other', ssdName: 'ssd_address' });
    expect(detectSsdTable(['CHILD', 'DECOM', 'RNE', 'LS'])).toEqual({ kind: 'unknown' });
  });

  it('reads SQL Server datetimes and UK dates, and accounts for every row', () => {
    const r = parseSsd([
      file('a.csv', 'cont_contact_id,cont_person_id,cont_contact_date\nC1,1,2023-04-03 09:12:00.000\nC2,2,15/06/2023\nC3,,2023-06-01\nC4,4,31/02/2023\n\n'),
    ]);
    expect(r.fatal).toBeUndefined();
    expect(r.files).toEqual([{ fileName: 'a.csv', table: 'contacts', ssdName: 'ssd_contacts', rowsRead: 4, loaded: 2, rejected: 2 }]);
    expect(r.tables.contacts?.map((c) => c.dates.cont_contact_date)).toEqual(['2023-04-03', '2023-06-15']);
    expect(r.latestDate).toBe('2023-06-15');
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.column])).toEqual([
      [4, 'cont_person_id'],
      [5, 'cont_contact_date'],
    ]);
  });

  it('stops on a table missing a required column, two files of one table, or no table it reads', () => {
    expect(parseSsd([file('inv.csv', 'invo_involvements_id,invo_professional_id,invo_involvement_start_date\nV1,P1,2023-01-01\n')]).fatal?.message).toBe('inv.csv is the SSD ssd_involvements table but has no invo_person_id column.');
    const dept = 'dept_team_id,dept_team_name\nT1,Team\n';
    expect(parseSsd([file('a.csv', dept), file('b.csv', dept)]).fatal?.message).toMatch(/b\.csv and a\.csv are both the SSD ssd_department table/);
    const none = parseSsd([file('header.csv', 'CHILD,SEX,DOB,ETHNIC\n1,1,2010-01-01,WBRI\n'), file('addr.csv', 'addr_table_id,addr_person_id\n1,1\n')]);
    expect(none.fatal?.message).toMatch(/^No file is an SSD table Headroom reads/);
  });

  it('reads flags and outcome JSON as the SSD writes them', () => {
    expect([ssdFlag('Y'), ssdFlag(' n '), ssdFlag('1'), ssdFlag('false'), ssdFlag('maybe'), ssdFlag(undefined)]).toEqual([true, false, true, false, null, null]);
    expect(jsonField('{"CP_CONFERENCE_FLAG": "Y"}', 'CP_CONFERENCE_FLAG')).toBe('Y');
    expect(jsonField('{not json', 'CP_CONFERENCE_FLAG')).toBeNull();
    expect(jsonField('', 'CP_CONFERENCE_FLAG')).toBeNull();
  });
});
