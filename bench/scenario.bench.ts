import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { CaseloadInput } from '../src/domain/caseload/caseload-snapshot.ts';
import { addDays } from '../src/domain/dates.ts';
import type { IsoDate } from '../src/domain/dates.ts';
import { applyScenario } from '../src/domain/planning/apply-scenario.ts';
import { compareScenarios } from '../src/domain/planning/comparison.ts';
import { parseCostModel } from '../src/domain/planning/cost-model.ts';
import { scenarioCost } from '../src/domain/planning/costs.ts';
import { evaluateBaseline } from '../src/domain/planning/plan-state.ts';
import { postsNeeded } from '../src/domain/planning/posts-needed.ts';
import { redistribute } from '../src/domain/planning/redistribution.ts';
import { getPreset } from '../src/domain/standards/presets.ts';
import { CASE_TYPES } from '../src/domain/workforce/types.ts';
import type { Allocation, Role, Team, Worker } from '../src/domain/workforce/types.ts';

const WORKERS = 2_000;
const ALLOCATIONS = 60_000;
const AS_OF: IsoDate = '2025-09-30';
const RUNS = 7;

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

/**
 * A regional pool: 4 services × 3 localities × 6 teams, a team manager and a deputy per team;
 * each child belongs to one team, and about two thirds of the allocations are open at the date.
 */
function generate(seed: number): CaseloadInput {
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
  const base = { asye: false, agency: false, startDate: null, endDate: null };
  const workers: Worker[] = teamIds.flatMap((teamId, index): Worker[] => [
    { ...base, workerId: `M${index}`, name: `Manager ${index}`, teamId, role: 'team_manager', fte: 1, managerId: null },
    { ...base, workerId: `P${index}`, name: `Deputy ${index}`, teamId, role: 'practice_manager', fte: 1, managerId: `M${index}` },
  ]);
  const roles: readonly Role[] = [
    ...Array<Role>(75).fill('social_worker'),
    ...Array<Role>(10).fill('senior_practitioner'),
    ...Array<Role>(3).fill('advanced_practitioner'),
    ...Array<Role>(4).fill('iro'),
    ...Array<Role>(4).fill('personal_adviser'),
    ...Array<Role>(4).fill('family_worker'),
  ];
  while (workers.length < WORKERS) {
    const index = workers.length;
    const teamIndex = Math.floor(random() * teamIds.length);
    const role = pick(roles);
    const startDate = addDays('2012-01-01', Math.floor(random() * 4_800));
    workers.push({
      workerId: `W${index}`,
      name: `Worker ${index}`,
      teamId: teamIds[teamIndex] ?? null,
      role,
      fte: pick([1, 1, 1, 1, 0.8, 0.6, 0.5]),
      asye: role === 'social_worker' && random() < 0.12,
      agency: random() < 0.15,
      startDate,
      endDate: random() < 0.1 ? addDays(startDate, 180 + Math.floor(random() * 1_500)) : null,
      managerId: `M${teamIndex}`,
    });
  }
  const caseHolders = new Map<string, Worker[]>();
  for (const worker of workers) {
    if (worker.role === 'team_manager' || worker.role === 'practice_manager' || worker.role === 'family_worker' || worker.teamId === null) continue;
    caseHolders.set(worker.teamId, [...(caseHolders.get(worker.teamId) ?? []), worker]);
  }
  const allocations: Allocation[] = [];
  for (let i = 0; i < ALLOCATIONS; i++) {
    const child = Math.floor(random() * 50_000);
    const teamId = teamIds[child % teamIds.length] ?? 'S0L0T0';
    const worker = random() < 0.06 ? null : pick(caseHolders.get(teamId) ?? []);
    const startDate = addDays('2023-01-01', Math.floor(random() * 1_000));
    allocations.push({
      childId: `C${child}`,
      workerId: worker?.workerId ?? null,
      teamId,
      caseType: pick(CASE_TYPES),
      startDate,
      endDate: random() < 0.45 ? null : addDays(startDate, 14 + Math.floor(random() * 700)),
    });
  }
  return { laCode: '999', asOf: AS_OF, profile: getPreset('local-18-20'), teams, workers, allocations };
}

/** Twenty changes of every kind, as an options paper for a region might carry. */
const SCENARIO = {
  name: 'Regional workforce plan',
  changes: [
    { type: 'add_posts', team: 'S0L0T0', role: 'social_worker', fte: 1, count: 3, startDate: '2025-11-01' },
    { type: 'add_posts', team: 'S0L1T2', role: 'social_worker', fte: 1, count: 2, asye: true, startDate: '2026-01-05' },
    { type: 'add_posts', team: 'S1L0T3', role: 'senior_practitioner', fte: 1, count: 2 },
    { type: 'add_posts', team: 'S1L2T1', role: 'social_worker', fte: 1, asye: true, supernumerary: true, startDate: '2025-10-01' },
    { type: 'add_posts', team: 'S2L0T0', role: 'social_worker', fte: 0.8, count: 4, agency: true },
    { type: 'add_posts', team: 'S3L2T5', role: 'iro', fte: 1, count: 2 },
    { type: 'remove_posts', team: 'S2L1T4', role: 'social_worker', fte: 1, count: 1 },
    { type: 'remove_posts', workerId: 'W1000' },
    { type: 'convert_agency', team: 'S0L0T1' },
    { type: 'convert_agency', count: 25 },
    { type: 'move_workers', workerIds: ['W200', 'W201', 'W202'], toTeam: 'S0L0T0' },
    { type: 'move_workers', workerIds: ['W500'], toTeam: 'S3L0T0' },
    { type: 'move_team', team: 'S1L1T5', toParent: 'S1L0' },
    { type: 'split_team', team: 'S2L2T2', newTeam: { teamId: 'S2L2T2B', name: 'Team 2.2.2 B' }, workerIds: [], managers: [{ role: 'team_manager' }, { role: 'practice_manager' }] },
    { type: 'add_posts', team: 'S2L2T2B', role: 'social_worker', fte: 1, count: 6, startDate: '2026-02-01' },
    { type: 'split_team', team: 'S3L1T3', newTeam: { teamId: 'S3L1T3B', name: 'Team 3.1.3 B' }, workerIds: [], managers: [{ role: 'team_manager' }] },
    { type: 'demand', team: 'S0L2T4', factor: 1.1 },
    { type: 'demand', team: 'S1L1T0', factor: 0.9 },
    { type: 'demand', team: 'S3L0T2', factor: 1.25 },
    { type: 'set_profile', profile: 'good-15-18' },
  ],
};

const COST_MODEL = {
  name: 'Regional pay 2025-26',
  laCode: '999',
  grades: {
    social_worker: { grade: 'Grade 10, SCP 30', annualSalaryPence: 4_200_000 },
    senior_practitioner: { grade: 'Grade 11, SCP 34', annualSalaryPence: 4_650_000 },
    advanced_practitioner: { grade: 'Grade 12, SCP 38', annualSalaryPence: 5_050_000 },
    team_manager: { grade: 'Grade 13, SCP 42', annualSalaryPence: 5_600_000 },
    practice_manager: { grade: 'Grade 12, SCP 39', annualSalaryPence: 5_150_000 },
    iro: { grade: 'Grade 12, SCP 37', annualSalaryPence: 4_950_000 },
    personal_adviser: { grade: 'Grade 8, SCP 22', annualSalaryPence: 3_200_000 },
    family_worker: { grade: 'Grade 7, SCP 17', annualSalaryPence: 2_850_000 },
  },
  asyeGrade: { grade: 'Grade 9, SCP 25', annualSalaryPence: 3_700_000 },
  onCostsPercent: 30,
  agency: { basis: 'premium', premiumPercent: 55 },
  recruitment: { incentivePence: 200_000, retentionPence: 150_000 },
  vacancyFactorPercent: 3,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Times a 20-change scenario, its posts needed, redistribution, comparison and costs against a 2,000-worker regional pool. */
export async function run(): Promise<{ name: string; target: string; figures: Record<string, number | string> }> {
  const input = generate(20_251_001);
  const model = parseCostModel(COST_MODEL);
  if (!model.ok) throw new Error(model.errors.map((error) => error.message).join('\n'));
  const open = input.allocations.filter((a) => a.startDate <= AS_OF && (a.endDate === null || a.endDate > AS_OF)).length;

  const evaluate = (baseline: ReturnType<typeof evaluateBaseline>) => {
    const result = applyScenario(input, SCENARIO);
    if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
    const needed = postsNeeded(result);
    const shares = redistribute(result);
    const comparison = compareScenarios(baseline, [result]);
    const cost = scenarioCost(baseline, result, model.value);
    if (!cost.ok || !comparison.ok) throw new Error('costing failed');
    return { result, needed, shares, cost: cost.value };
  };

  const baseline = evaluateBaseline(input);
  const first = evaluate(baseline);
  const scenarioMs: number[] = [];
  const withBaselineMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let started = performance.now();
    evaluate(baseline);
    scenarioMs.push(performance.now() - started);
    started = performance.now();
    evaluate(evaluateBaseline(input));
    withBaselineMs.push(performance.now() - started);
  }
  const pounds = (pence: number) => Math.round(pence / 100);
  return {
    name: 'scenario',
    target: 'scenario evaluation for a 2,000-worker pool under 500 ms',
    figures: {
      workers: input.workers.length,
      allocations: input.allocations.length,
      'allocations open at the date': open,
      changes: SCENARIO.changes.length,
      'new posts': first.result.newPosts.length,
      'children per FTE before, after': `${baseline.snapshot.totals.averagePerFte ?? '-'}, ${first.result.snapshot.totals.averagePerFte ?? '-'}`,
      'children after the changes': first.result.snapshot.totals.children,
      'FTE to max after (sum of teams)': first.needed.total.fteToMax,
      'workers over max when shared evenly': first.shares.workersOverMax,
      'full-year pressure (£)': pounds(first.cost.total.pressurePence),
      'in-year pressure 2025-26 (£)': pounds(first.cost.total.inYearPence),
      'agency spend avoided (£)': pounds(first.cost.agency.total.agencyPence),
      'scenario + outputs + costs, median (ms)': Math.round(median(scenarioMs)),
      'scenario + outputs + costs, max (ms)': Math.round(Math.max(...scenarioMs)),
      'the same with the baseline snapshot, median (ms)': Math.round(median(withBaselineMs)),
    },
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
