import { describe, expect, it } from 'vitest';
import { parseTeams, writeTeamsCsv } from './teams.ts';

const opts = { fileName: 'teams.csv' };

describe('teams CSV', () => {
  it('reads the hierarchy and round-trips', () => {
    const text = 'team_id,name,parent_id,kind\nS1,Assessment,,service\nL1,North,S1,Locality\nT1,Assessment 1,L1,team\n';
    const r = parseTeams(text, opts);
    expect(r.rows.map((x) => x.value)).toEqual([
      { teamId: 'S1', name: 'Assessment', parentId: null, kind: 'service' },
      { teamId: 'L1', name: 'North', parentId: 'S1', kind: 'locality' },
      { teamId: 'T1', name: 'Assessment 1', parentId: 'L1', kind: 'team' },
    ]);
    expect(parseTeams(writeTeamsCsv(r.rows.map((x) => x.value)), opts).rows).toEqual(r.rows);
  });

  it('reports duplicate ids, unknown kinds, unknown parents and cycles', () => {
    const text = 'team_id,name,parent_id,kind\nS1,A,,service\nS1,B,,service\nT1,C,S1,squad\nT2,D,NOPE,team\nX,E,Y,team\nY,F,X,team\n';
    const r = parseTeams(text, opts);
    expect(r.rowsRead).toBe(6);
    expect(r.rows.map((x) => x.value.teamId)).toEqual(['S1', 'T2']);
    expect(r.rows[1]?.value.parentId).toBeNull();
    expect(r.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [3, 'team_id', 'error'],
      [4, 'kind', 'error'],
      [5, 'parent_id', 'warning'],
      [6, 'parent_id', 'error'],
      [7, 'parent_id', 'error'],
    ]);
  });
});
