import type { IsoDate } from '../../src/domain/dates.ts';
import type { Allocation, Team, Worker } from '../../src/domain/workforce/types.ts';

/** Builders for the caseload tests: defaults describe a full-time social worker in post since 2020. */
export function worker(workerId: string, teamId: string | null, overrides: Partial<Worker> = {}): Worker {
  return {
    workerId,
    name: `Worker ${workerId}`,
    teamId,
    role: 'social_worker',
    fte: 1,
    asye: false,
    agency: false,
    startDate: '2020-01-01',
    endDate: null,
    managerId: null,
    ...overrides,
  };
}

export function team(teamId: string, parentId: string | null, kind: Team['kind'] = 'team'): Team {
  return { teamId, name: `Team ${teamId}`, parentId, kind };
}

export function allocation(
  childId: string,
  workerId: string | null,
  teamId: string | null,
  overrides: Partial<Allocation> = {},
): Allocation {
  return { childId, workerId, teamId, caseType: 'cin', startDate: '2024-01-01', endDate: null, ...overrides };
}

/** `count` children, each open to the worker from `startDate`, with ids prefixed so they never collide. */
export function children(prefix: string, count: number, workerId: string | null, teamId: string | null, startDate: IsoDate = '2024-01-01'): Allocation[] {
  return Array.from({ length: count }, (_, index) => allocation(`${prefix}-${index}`, workerId, teamId, { startDate }));
}
