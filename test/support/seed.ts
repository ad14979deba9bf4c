import type { Kysely } from 'kysely';
import { insertBatch } from '../../src/db/import-batch.repository.ts';
import { upsertLaSetting } from '../../src/db/la-setting.repository.ts';
import type { Database } from '../../src/db/schema.ts';
import { insertAllocations, upsertTeams, upsertWorkers } from '../../src/db/workforce.repository.ts';
import type { Allocation, Team, Worker } from '../../src/domain/workforce/types.ts';

/**
 * A small council with known answers, loaded through the repositories:
 * - Assessment (service) > Assessment 1 (team): 2 social workers at 1 FTE holding 25 and 21 children,
 *   plus 3 children open to the team with no worker.
 * - Children in Need (service) > North (locality) > CIN North (team): 1 social worker (0.5 FTE, 8 children)
 *   and an ASYE (1 FTE, 16 children, over the protected 12-15).
 * - A team manager in Assessment 1 with 2 direct reports (span of control low).
 */
export const SEED_DATE = '2024-03-31';

export async function seedSmallCouncil(db: Kysely<Database>, laCode = '855'): Promise<void> {
  const batch = await insertBatch(db, { la_code: laCode, source: 'allocations', file_name: 'seed.csv', sha256: 'seed', extract_date: null, loaded_by: 'test', status: 'loaded' });
  await upsertLaSetting(db, laCode, { laName: 'Testshire' });
  const teams: Team[] = [
    { teamId: 'S-ASS', name: 'Assessment', parentId: null, kind: 'service' },
    { teamId: 'T-ASS1', name: 'Assessment 1', parentId: 'S-ASS', kind: 'team' },
    { teamId: 'S-CIN', name: 'Children in Need', parentId: null, kind: 'service' },
    { teamId: 'L-N', name: 'North', parentId: 'S-CIN', kind: 'locality' },
    { teamId: 'T-CINN', name: 'CIN North', parentId: 'L-N', kind: 'team' },
  ];
  const w = (workerId: string, name: string, teamId: string, over: Partial<Worker> = {}): Worker => ({
    workerId,
    name,
    teamId,
    role: 'social_worker',
    fte: 1,
    asye: false,
    agency: false,
    startDate: '2020-01-01',
    endDate: null,
    managerId: 'TM1',
    ...over,
  });
  const workers: Worker[] = [
    w('TM1', 'Morgan Manager', 'T-ASS1', { role: 'team_manager', managerId: null }),
    w('W1', 'Alex Able', 'T-ASS1'),
    w('W2', 'Bo Baker', 'T-ASS1', { agency: true }),
    w('W3', 'Cam Carter', 'T-CINN', { fte: 0.5, managerId: null }),
    w('W4', 'Dee Dawson', 'T-CINN', { asye: true, managerId: null }),
  ];
  const allocations: Allocation[] = [];
  let child = 0;
  const give = (workerId: string | null, teamId: string, n: number, caseType: Allocation['caseType'] = 'cin') => {
    for (let i = 0; i < n; i++) allocations.push({ childId: `C${String(++child).padStart(4, '0')}`, workerId, teamId, caseType, startDate: '2024-01-15', endDate: null });
  };
  give('W1', 'T-ASS1', 25, 'assessment');
  give('W2', 'T-ASS1', 21, 'assessment');
  give(null, 'T-ASS1', 3, 'assessment');
  give('W3', 'T-CINN', 8);
  give('W4', 'T-CINN', 16, 'cp');
  allocations.push({ childId: 'C9999', workerId: 'W1', teamId: 'T-ASS1', caseType: 'cin', startDate: '2023-01-01', endDate: '2023-06-30' });
  await upsertTeams(db, laCode, batch, teams);
  await upsertWorkers(db, laCode, batch, workers);
  await insertAllocations(db, laCode, batch, 'allocations', allocations);
}
