import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { AppError } from '../../src/errors.ts';
import { writeRosterCsv } from '../../src/formats/roster/roster.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers, truncateAll } from '../support/databases.ts';
import { fixturePath, readFixture } from '../support/fixtures.ts';

/** The sample SSD export (test/fixtures/ssd) zipped as the CLI zips a folder; `replace` swaps or drops files. */
function sampleZip(replace: Record<string, string | null> = {}): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(fixturePath('ssd'))) entries[name] = readFixture(`ssd/${name}`);
  for (const [name, text] of Object.entries(replace)) {
    if (text === null) delete entries[name];
    else entries[name] = Buffer.from(text);
  }
  return Buffer.from(zipSync(entries));
}

function dataRows(name: string): number {
  return readFixture(`ssd/${name}`).toString('utf8').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '').length;
}

describe.each(testDrivers())('SSD import on $kind', (driver) => {
  let handle: DatabaseHandle;
  let s: ReturnType<typeof services>;
  const run = (bytes: Buffer, extractDate = '2024-03-31') => s.imports.run('ssd', { laCode: '201', fileName: 'ssd.zip', bytes, loadedBy: 'test', extractDate });
  const count = async (table: string, where = sql`true`) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(handle.db)).rows[0]?.n;
  const everything = async () => {
    const out: Record<string, number | undefined> = {};
    for (const t of ['child', 'contact', 'referral', 'cin_episode', 'assessment', 's47', 'cp_plan', 'cla_episode', 'care_leaver', 'team', 'worker', 'allocation', 'annex_a_snapshot']) out[t] = await count(t);
    out.loadedBatches = await count('import_batch', sql`status = 'loaded'`);
    return out;
  };

  beforeAll(async () => {
    handle = await driver.open();
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2024-04-02T12:00:00Z'), logger: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await handle.close();
  });
  beforeEach(async () => {
    await truncateAll(handle.db);
  });

  it('loads a realistic SSD export with every row accounted for, from the columns not the file names, and a re-import changes nothing', async () => {
    const result = await run(sampleZip());
    const byFile = new Map(result.lists.map((l) => [l.sheet.split(' ')[0], l]));
    const expected: Record<string, [number, number]> = {
      'ssd_person.csv': [8, 1],
      'contacts_export.csv': [6, 1],
      'ssd_cin_episodes.csv': [6, 2],
      'ssd_cin_assessments.csv': [3, 1],
      'ssd_s47_enquiry.csv': [2, 1],
      'ssd_initial_cp_conference.csv': [1, 0],
      'ssd_cp_plans.csv': [3, 0],
      'ssd_cla_episodes.csv': [4, 1],
      'ssd_care_leavers.csv': [1, 0],
      'ssd_involvements.csv': [7, 2],
      'ssd_professionals.csv': [7, 0],
      'ssd_department.csv': [4, 0],
    };
    expect([...byFile.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, [loaded, rejected]] of Object.entries(expected)) {
      const l = byFile.get(name);
      expect(l?.rowsRead, name).toBe(dataRows(name));
      expect([l?.loaded, l?.rejected], name).toEqual([loaded, rejected]);
    }
    const said = (column: string, text: string) => result.issues.some((i) => i.column === column && i.message.includes(text));
    expect(said('pers_person_id', 'blank')).toBe(true);
    expect(said('cont_contact_date', 'not a real date')).toBe(true);
    expect(said('cine_close_date', 'before')).toBe(true);
    expect(said('cine_referral_date', 'appears again')).toBe(true);
    expect(said('invo_professional_id', 'P99')).toBe(true);
    expect(said('prof_full_time_equivalency', '2.5')).toBe(true);
    expect(result.issues.some((i) => i.sheet === 'ssd_address.csv' && i.severity === 'info' && i.message.includes('ssd_address'))).toBe(true);
    expect(result.coverage).toContainEqual({ family: 'referrals', from: '2018-01-10', to: '2024-03-31' });
    expect(result.coverage).toContainEqual({ family: 'roster', from: '2024-03-31', to: '2024-03-31' });

    expect(await everything()).toMatchObject({ child: 8, contact: 6, referral: 6, cin_episode: 6, assessment: 3, s47: 2, cp_plan: 3, cla_episode: 2, care_leaver: 1, team: 5, worker: 7, allocation: 7, annex_a_snapshot: 1 });
    // Child 1005's three contiguous episodes are one period of care with three placements, one in the last 12 months.
    const cla = await handle.db.selectFrom('cla_episode').select(['child_id', 'event_date', 'end_date', 'placements_last_12m', 'reason_ceased']).orderBy('child_id').execute();
    expect(cla).toEqual([
      { child_id: '1005', event_date: '2019-06-01', end_date: null, placements_last_12m: 1, reason_ceased: null },
      { child_id: '1006', event_date: '2018-02-01', end_date: '2023-07-07', placements_last_12m: 1, reason_ceased: 'E11' },
    ]);
    const s47 = await handle.db.selectFrom('s47').select(['child_id', 'icpc_required', 'icpc_date', 'icpc_cp_plan']).orderBy('child_id').execute();
    expect(s47).toEqual([
      { child_id: '1001', icpc_required: true, icpc_date: '2023-04-27', icpc_cp_plan: true },
      { child_id: '1004', icpc_required: false, icpc_date: null, icpc_cp_plan: null },
    ]);
    expect((await handle.db.selectFrom('cp_plan').select('previous_plans').where('child_id', '=', '1003').orderBy('event_date').execute()).map((r) => r.previous_plans)).toEqual([0, 1]);
    const teams = await handle.db.selectFrom('team').select(['team_id', 'kind', 'parent_id']).orderBy('team_id').execute();
    expect(teams.find((t) => t.team_id === 'S1')).toEqual({ team_id: 'S1', kind: 'service', parent_id: null });
    expect(teams.find((t) => t.team_id === 'T11')).toEqual({ team_id: 'T11', kind: 'team', parent_id: 'S1' });
    const p3 = await handle.db.selectFrom('worker').select(['team_id', 'role', 'asye', 'fte']).where('worker_id', '=', 'P3').executeTakeFirstOrThrow();
    expect(p3).toEqual({ team_id: 'T11', role: 'social_worker', asye: true, fte: 1 });

    // The caseload engine works from the SSD alone: involvements are the allocations, professionals the roster.
    const snapshot = await s.caseloads.snapshot('201', '2024-03-31');
    expect(snapshot.basis).toBe('ssd');
    const caseload = new Map(snapshot.workers.map((w) => [w.workerId, w.caseload]));
    expect(caseload.get('P3')).toBe(2);
    expect(caseload.get('P1')).toBe(1);
    expect(caseload.get('P2')).toBe(0);
    expect(caseload.get('P6')).toBe(1);

    const before = await everything();
    const again = await run(sampleZip());
    expect(again.replaced).toBe(true);
    expect(await everything()).toEqual(before);
  });

  it('a later extract holds the allocations; the events of both are kept once, the later extract winning', async () => {
    await run(sampleZip());
    const involvements = 'invo_involvements_id,invo_professional_id,invo_person_id,invo_involvement_start_date,invo_involvement_end_date\nV1,P1,1001,2023-04-05,2024-04-15\nV10,P2,1001,2024-04-15,\n';
    const referrals = 'cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa,cine_close_date\nR1,1001,2023-04-05,N,2024-04-20\n';
    const later = await run(sampleZip({ 'ssd_involvements.csv': involvements, 'ssd_cin_episodes.csv': referrals }), '2024-04-30');
    expect(later.replaced).toBe(false);
    expect(await count('allocation')).toBe(2);
    expect(await count('referral')).toBe(6);
    expect((await handle.db.selectFrom('cin_episode').select('closure_date').where('child_id', '=', '1001').executeTakeFirst())?.closure_date).toBe('2024-04-20');
    const snapshot = await s.caseloads.snapshot('201', '2024-04-20');
    expect(new Map(snapshot.workers.map((w) => [w.workerId, w.caseload])).get('P2')).toBe(1);
  });

  it('keeps what a roster knows and the SSD does not: start and end dates, manager, and the team when the department is unknown', async () => {
    const roster = writeRosterCsv([
      { workerId: 'P7', name: 'Robin Shaw', teamId: 'T12', role: 'family_worker', fte: 0.5, asye: false, agency: false, startDate: '2020-01-06', endDate: null, managerId: 'P5' },
    ]);
    await s.imports.run('teams', { laCode: '201', fileName: 'teams.csv', bytes: Buffer.from('team_id,name,parent_id,kind\nT12,Children in Care Team,,team\n'), loadedBy: 'test' });
    await s.imports.run('roster', { laCode: '201', fileName: 'roster.csv', bytes: Buffer.from(roster), loadedBy: 'test' });
    await run(sampleZip());
    const p7 = await handle.db.selectFrom('worker').select(['team_id', 'role', 'fte', 'start_date', 'manager_id']).where('worker_id', '=', 'P7').executeTakeFirstOrThrow();
    expect(p7).toEqual({ team_id: 'T12', role: 'family_worker', fte: 1, start_date: '2020-01-06', manager_id: 'P5' });
  });

  it('refuses a folder with no SSD table and a table missing a required column, changing nothing', async () => {
    await run(sampleZip());
    const before = await everything();
    const notSsd = Buffer.from(zipSync({ 'episodes.csv': readFixture('ssda903/episodes.csv') }));
    await expect(run(notSsd)).rejects.toThrow(/No file is an SSD table Headroom reads.*Nothing was loaded/);
    const noPerson = 'invo_involvements_id,invo_professional_id,invo_involvement_start_date\nV1,P1,2023-04-05\n';
    const error = await run(sampleZip({ 'ssd_involvements.csv': noPerson }), '2024-05-31').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('input_rejected');
    expect((error as AppError).message).toMatch(/ssd_involvements\.csv is the SSD ssd_involvements table but has no invo_person_id column/);
    expect(await everything()).toEqual(before);
  });
});
