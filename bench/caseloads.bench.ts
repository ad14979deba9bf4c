import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { addDays } from '../src/domain/dates.ts';
import type { IsoDate } from '../src/domain/dates.ts';
import { computeCaseloadSeries } from '../src/domain/caseload/caseload-series.ts';
import { computeCaseloadSnapshot } from '../src/domain/caseload/caseload-snapshot.ts';
import { getPreset } from '../src/domain/standards/presets.ts';
import { CASE_TYPES } from '../src/domain/workforce/types.ts';
import type { Allocation, Role, Team, Worker } from '../src/domain/workforce/types.ts';

const WORKERS = 2_000;
const ALLOCATIONS = 60_000;
const FROM: IsoDate = '2020-01-01';
const TO: IsoDate = '2024-12-31';
const RUNS = 5;

/** mulberry32: a small seeded generator, so every run times the same data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generate(seed: number): { teams: Team[]; workers: Worker[]; allocations: Allocation[] } {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const teams: Team[] = [];
  const teamIds: string[] = [];
  for (let s = 0; s < 4; s++) {
    teams.push({ teamId: `S${s}`, name: `Service ${s}`, parentId: null, kind: 'service' });
    for (let l = 0; l < 3; l++) {
      teams.push({ teamId: `S${s}L${l}`, name: `Locality ${s}.${l}`, parentId: `S${s}`, kind: 'locality' });
      for (let t = 0; t < 6; t++) {
        const teamId = `S${s}L${l}T${t}`;
        teams.push({ teamId, name: `Team ${s}.${l}.${t}`, parentId: `S${s}L${l}`, kind: 'team' });
        teamIds.push(teamId);
      }
    }
  }
  const roles: readonly Role[] = [
    ...Array<Role>(70).fill('social_worker'),
    ...Array<Role>(10).fill('senior_practitioner'),
    ...Array<Role>(3).fill('advanced_practitioner'),
    ...Array<Role>(4).fill('iro'),
    ...Array<Role>(5).fill('personal_adviser'),
    ...Array<Role>(3).fill('family_worker'),
    ...Array<Role>(5).fill('practice_manager'),
  ];
  const managers = new Map(teamIds.map((teamId, index) => [teamId, `M${index}`]));
  const workers: Worker[] = teamIds.map((teamId, index) => ({
    workerId: `M${index}`,
    name: `Manager ${index}`,
    teamId,
    role: 'team_manager',
    fte: 1,
    asye: false,
    agency: false,
    startDate: null,
    endDate: null,
    managerId: null,
  }));
  while (workers.length < WORKERS) {
    const index = workers.length;
    const teamId = pick(teamIds);
    const role = pick(roles);
    const startDate = addDays('2015-01-01', Math.floor(random() * 3_650));
    workers.push({
      workerId: `W${index}`,
      name: `Worker ${index}`,
      teamId,
      role,
      fte: pick([1, 1, 1, 1, 0.8, 0.6, 0.5]),
      asye: role === 'social_worker' && random() < 0.12,
      agency: random() < 0.15,
      startDate,
      endDate: random() < 0.3 ? addDays(startDate, 180 + Math.floor(random() * 1_500)) : null,
      managerId: managers.get(teamId) ?? null,
    });
  }
  const caseHolders = workers.filter((worker) => worker.role !== 'team_manager' && worker.role !== 'practice_manager');
  const allocations: Allocation[] = [];
  for (let i = 0; i < ALLOCATIONS; i++) {
    const worker = random() < 0.08 ? null : pick(caseHolders);
    const startDate = addDays('2019-01-01', Math.floor(random() * 2_190));
    allocations.push({
      childId: `C${Math.floor(random() * 40_000)}`,
      workerId: worker?.workerId ?? null,
      teamId: worker?.teamId ?? pick(teamIds),
      caseType: pick(CASE_TYPES),
      startDate,
      endDate: random() < 0.15 ? null : addDays(startDate, 14 + Math.floor(random() * 700)),
    });
  }
  return { teams, workers, allocations };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Times the monthly caseload series over five years (60 month ends) for 2,000 workers and 60,000 allocations. */
export async function run(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const data = generate(20_250_101);
  const profile = getPreset('local-18-20');
  const series = () => computeCaseloadSeries({ profile, ...data, from: FROM, to: TO });
  const first = series();
  const seriesMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    series();
    seriesMs.push(performance.now() - started);
  }
  const snapshotMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    computeCaseloadSnapshot({ laCode: '999', asOf: TO, profile, ...data });
    snapshotMs.push(performance.now() - started);
  }
  const lastTotal = first.totals.at(-1);
  return {
    name: 'caseloads',
    figures: {
      workers: data.workers.length,
      allocations: data.allocations.length,
      teams: first.teams.length,
      months: first.dates.length,
      childrenAtLastMonth: lastTotal?.children ?? 0,
      seriesMedianMs: Math.round(median(seriesMs)),
      seriesMaxMs: Math.round(Math.max(...seriesMs)),
      snapshotMedianMs: Math.round(median(snapshotMs)),
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
