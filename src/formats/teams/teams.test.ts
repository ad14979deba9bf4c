import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { TEAM_KINDS, type Team } from '../../domain/workforce/types.ts';
import type { TableParseResult } from '../csv/result.ts';
import { parseTeamKind, parseTeams, TEAM_COLUMNS, writeTeamsCsv } from './teams.ts';

const opts = { fileName: 'teams.csv' };
const HEAD = 'team_id,name,parent_id,kind\n';

function expectAccounted<T>(r: TableParseResult<T>): void {
  const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.row));
  expect(r.rows.length + errorRows.size).toBe(r.rowsRead);
  for (const row of r.rows) expect(errorRows.has(row.rowNumber)).toBe(false);
  if (r.fatal) expect(r.rows).toEqual([]);
}

describe('parseTeams', () => {
  it('reads the hierarchy, kinds in any case', () => {
    const r = parseTeams('\ufeffTeam ID,Name,Parent ID,Kind\nS1,Assessment,,SERVICE\nL1,North,S1,Locality\nT1,Assessment 1,L1, team \n', opts);
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual([
      { rowNumber: 2, value: { teamId: 'S1', name: 'Assessment', parentId: null, kind: 'service' } },
      { rowNumber: 3, value: { teamId: 'L1', name: 'North', parentId: 'S1', kind: 'locality' } },
      { rowNumber: 4, value: { teamId: 'T1', name: 'Assessment 1', parentId: 'L1', kind: 'team' } },
    ]);
  });

  it('reads kinds and their synonyms', () => {
    expect(['service', 'Service', 'Service area', 'locality', 'AREA', 'team', 'Team', 'unit', 'squad', ''].map(parseTeamKind)).toEqual([
      'service', 'service', 'service', 'locality', 'locality', 'team', 'team', 'team', null, null,
    ]);
  });

  it('rejects the second row of a team id', () => {
    const r = parseTeams(`${HEAD}S1,A,,service\nS1,B,,service\n`, opts);
    expect(r.rows.map((x) => x.value.name)).toEqual(['A']);
    expect(r.issues).toEqual([{ sheet: 'teams.csv', row: 3, column: 'team_id', value: 'S1', severity: 'error', message: 'Team S1 is already on row 2; this row was not loaded.' }]);
  });

  it('rejects an unknown kind', () => {
    const r = parseTeams(`${HEAD}T1,C,,squad\n`, opts);
    expect(r.rows).toEqual([]);
    expect(r.issues).toEqual([
      { sheet: 'teams.csv', row: 2, column: 'kind', value: 'squad', severity: 'error', message: '"squad" is not a kind of team: use service, locality or team. The row was not loaded.' },
    ]);
  });

  it('rejects a row without an id, a name or a kind', () => {
    const r = parseTeams(`${HEAD},A,,team\nT2,,,team\nT3,C,,\n`, opts);
    expect(r.rows).toEqual([]);
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [2, 'team_id', 'error'],
      [3, 'name', 'error'],
      [4, 'kind', 'error'],
    ]);
  });

  it('keeps a team whose parent is not in the file at the top level, with a warning', () => {
    const r = parseTeams(`${HEAD}T2,D,NOPE,team\n`, opts);
    expect(r.rows[0]?.value).toEqual({ teamId: 'T2', name: 'D', parentId: null, kind: 'team' });
    expect(r.issues).toEqual([
      { sheet: 'teams.csv', row: 2, column: 'parent_id', value: 'NOPE', severity: 'warning', message: 'The parent NOPE is not in this file; D is shown at the top level.' },
    ]);
  });

  it('says so when the parent is in the file but its row was rejected', () => {
    const r = parseTeams(`${HEAD}S1,A,,squad\nT1,B,S1,team\n`, opts);
    expect(r.rows.map((x) => x.value)).toEqual([{ teamId: 'T1', name: 'B', parentId: null, kind: 'team' }]);
    expect(r.issues[1]).toMatchObject({ row: 3, column: 'parent_id', severity: 'warning', message: 'The parent S1 was not loaded (see its row); B is shown at the top level.' });
  });

  it('rejects every team on a cycle, and only those: teams below it move to the top level', () => {
    const r = parseTeams(`${HEAD}X,E,Y,team\nY,F,Z,locality\nZ,G,X,service\nW,H,X,team\nS,Self,S,team\nOK,Fine,,service\n`, opts);
    expect(r.rowsRead).toBe(6);
    expect(r.rows.map((x) => x.value)).toEqual([
      { teamId: 'W', name: 'H', parentId: null, kind: 'team' },
      { teamId: 'OK', name: 'Fine', parentId: null, kind: 'service' },
    ]);
    expect(r.issues.map((i) => [i.row, i.column, i.value, i.severity, i.message])).toEqual([
      [2, 'parent_id', 'Y', 'error', 'Following the parents from X leads back to it (X → Y → Z → X); the row was not loaded.'],
      [3, 'parent_id', 'Z', 'error', 'Following the parents from Y leads back to it (Y → Z → X → Y); the row was not loaded.'],
      [4, 'parent_id', 'X', 'error', 'Following the parents from Z leads back to it (Z → X → Y → Z); the row was not loaded.'],
      [5, 'parent_id', 'X', 'warning', 'The parent X was not loaded because its parents form a cycle; H is shown at the top level.'],
      [6, 'parent_id', 'S', 'error', 'Team S is its own parent; the row was not loaded.'],
    ]);
    expectAccounted(r);
  });

  it('warns when a team sits above its parent in the hierarchy, and loads it as given', () => {
    const r = parseTeams(`${HEAD}T1,Team,,team\nS1,Service,T1,service\nT2,Pod,T1,team\n`, opts);
    expect(r.rows.map((x) => x.value.parentId)).toEqual([null, 'T1', 'T1']);
    expect(r.issues).toEqual([
      expect.objectContaining({ row: 3, column: 'parent_id', value: 'T1', severity: 'warning', message: 'A service sits under a team (T1); the hierarchy usually runs service → locality → team. Loaded as given.' }),
    ]);
  });

  it.each([
    ['', 'empty'],
    ['id,title\n1,2\n', 'no_header'],
    ['team_id,name,parent_id\nT1,A,\n', 'no_header'],
  ])('refuses %j', (text, code) => {
    const r = parseTeams(text, opts);
    expect(r.fatal?.code).toBe(code);
    expect(r.rowsRead).toBe(0);
  });
});

const id = fc.string({ minLength: 1, maxLength: 6 }).map((s) => s.replace(/\u00a0/g, ' ').trim()).filter((s) => s !== '');

/** A forest: each team's parent is a team listed before it, a higher or equal level. */
const forest: fc.Arbitrary<Team[]> = fc
  .uniqueArray(fc.tuple(id, id, fc.constantFrom(...TEAM_KINDS), fc.nat()), { selector: ([teamId]) => teamId, maxLength: 15 })
  .map((rows) => {
    const teams: Team[] = [];
    const order = { service: 0, locality: 1, team: 2 };
    for (const [teamId, name, kind, pick] of rows) {
      const candidates = teams.filter((t) => order[t.kind] <= order[kind]);
      const parent = candidates.length > 0 && pick % 3 !== 0 ? candidates[pick % candidates.length] : undefined;
      teams.push({ teamId, name, kind, parentId: parent?.teamId ?? null });
    }
    return teams;
  });

describe('writeTeamsCsv', () => {
  it('writes exactly the documented header, deterministically', () => {
    const teams: Team[] = [{ teamId: 'S1', name: 'Children, Families', parentId: null, kind: 'service' }, { teamId: 'T1', name: 'Team 1', parentId: 'S1', kind: 'team' }];
    expect(writeTeamsCsv(teams)).toBe(`${HEAD}S1,"Children, Families",,service\nT1,Team 1,S1,team\n`);
    expect(TEAM_COLUMNS.map((c) => c.name).join(',')).toBe(HEAD.trim());
  });

  it('round-trips: parse(write(teams)) gives the teams back', () => {
    fc.assert(
      fc.property(forest, (teams) => {
        const r = parseTeams(writeTeamsCsv(teams), opts);
        expect(r.issues).toEqual([]);
        expect(r.rows).toEqual(teams.map((value, i) => ({ rowNumber: i + 2, value })));
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseTeams on random input', () => {
  const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', 'A', 'B', 'C', 'service', 'TEAM', 'locality', 'squad'));

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => expectAccounted(parseTeams(Buffer.from(bytes), opts))), { numRuns: 300 });
  });

  it('never loses a row, whatever the parents', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 25 }), (rows) => {
        const r = parseTeams(HEAD + stringify(rows), opts);
        expect(r.rowsRead).toBe(rows.filter((row) => row.some((c) => c.trim() !== '')).length);
        expectAccounted(r);
        const ids = new Set(r.rows.map((x) => x.value.teamId));
        for (const x of r.rows) if (x.value.parentId !== null) expect(ids.has(x.value.parentId)).toBe(true);
        const parent = new Map(r.rows.map((x) => [x.value.teamId, x.value.parentId]));
        for (const x of r.rows) {
          let steps = 0;
          for (let p = x.value.parentId; p !== null; p = parent.get(p) ?? null) expect(++steps).toBeLessThanOrEqual(r.rows.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
