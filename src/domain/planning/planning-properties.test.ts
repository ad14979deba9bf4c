import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseloadInput } from '../caseload/caseload-snapshot.ts';
import { addDays } from '../dates.ts';
import { CASE_TYPES, ROLES } from '../workforce/types.ts';
import type { Allocation, Team, Worker } from '../workforce/types.ts';
import { applyScenario } from './apply-scenario.ts';
import { parseCostModel } from './cost-model.ts';
import type { CostModel } from './cost-model.ts';
import { establishmentCost, fullYearCost, partYearCost, scenarioCost } from './costs.ts';
import { largestRemainder } from './demand.ts';
import { evaluateBaseline, postsInPost } from './plan-state.ts';
import { redistribute } from './redistribution.ts';
import { AS_OF, baseline } from '../../../test/support/planning.fixtures.ts';

const TEAMS: Team[] = [
  { teamId: 'L0', name: 'Locality', parentId: null, kind: 'locality' },
  ...[0, 1, 2, 3].map((t) => ({ teamId: `T${t}`, name: `Team ${t}`, parentId: 'L0', kind: 'team' as const })),
];
const TEAM_IDS = ['T0', 'T1', 'T2', 'T3'];
const dateArb = fc.integer({ min: -400, max: 400 }).map((days) => addDays(AS_OF, days));
const fteArb = fc.constantFrom(1, 0.8, 0.6, 0.5, 0.3, 0.1);

const workerArb = (workerId: string): fc.Arbitrary<Worker> =>
  fc.record({
    workerId: fc.constant(workerId),
    name: fc.constant(workerId),
    teamId: fc.constantFrom(...TEAM_IDS),
    role: fc.constantFrom(...ROLES),
    fte: fteArb,
    asye: fc.boolean(),
    agency: fc.boolean(),
    startDate: fc.option(dateArb),
    endDate: fc.option(dateArb),
    managerId: fc.option(fc.constantFrom('W0', 'W1', 'W2')),
  });

const baselineArb: fc.Arbitrary<CaseloadInput> = fc.integer({ min: 1, max: 14 }).chain((count) =>
  fc.tuple(...Array.from({ length: count }, (_, i) => workerArb(`W${i}`))).chain((workers) =>
    fc
      .array(
        fc.record({
          child: fc.integer({ min: 0, max: 60 }),
          worker: fc.option(fc.constantFrom(...workers)),
          team: fc.constantFrom(...TEAM_IDS),
          caseType: fc.constantFrom(...CASE_TYPES),
          start: dateArb,
          end: fc.option(dateArb),
        }),
        { maxLength: 80 },
      )
      .map((rows) => {
        const allocations: Allocation[] = rows.map((row) => ({
          childId: `C${row.child}`,
          workerId: row.worker?.workerId ?? null,
          teamId: row.worker?.teamId ?? row.team,
          caseType: row.caseType,
          startDate: row.start,
          endDate: row.end,
        }));
        return baseline(TEAMS, workers, allocations);
      }),
  ),
);

const addPostsArb = fc.record({
  type: fc.constant('add_posts'),
  team: fc.constantFrom(...TEAM_IDS),
  role: fc.constantFrom(...ROLES),
  fte: fteArb,
  count: fc.integer({ min: 1, max: 3 }),
  asye: fc.boolean(),
  agency: fc.boolean(),
  supernumerary: fc.boolean(),
  startDate: dateArb,
});

const penceArb = fc.integer({ min: 0, max: 12_000_000 });
const percentArb = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((hundredths) => hundredths / 100);
const modelArb: fc.Arbitrary<CostModel> = fc
  .record({
    salaries: fc.tuple(...ROLES.map(() => penceArb)),
    dayRates: fc.tuple(...ROLES.map(() => fc.integer({ min: 0, max: 120_000 }))),
    onCostsPercent: percentArb(40),
    premium: fc.option(percentArb(100)),
    workingDaysPerYear: fc.integer({ min: 180, max: 260 }),
    vacancyFactorPercent: percentArb(15),
    incentivePence: penceArb,
  })
  .map((m) => {
    const parsed = parseCostModel({
      grades: Object.fromEntries(ROLES.map((role, i) => [role, { annualSalaryPence: m.salaries[i] }])),
      asyeGrade: { annualSalaryPence: m.salaries[0] },
      onCostsPercent: m.onCostsPercent,
      agency:
        m.premium === null
          ? { basis: 'day_rate', dayRatePence: Object.fromEntries(ROLES.map((role, i) => [role, m.dayRates[i]])), workingDaysPerYear: m.workingDaysPerYear }
          : { basis: 'premium', premiumPercent: m.premium },
      recruitment: { incentivePence: m.incentivePence },
      vacancyFactorPercent: m.vacancyFactorPercent,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.value;
  });

describe('adding a post', () => {
  it('never raises any caseload under redistribution, nor any team average', () => {
    fc.assert(
      fc.property(baselineArb, addPostsArb, (input, change) => {
        const before = evaluateBaseline(input);
        const after = applyScenario(input, { name: 'add', changes: [change] });
        expect(after.errors).toEqual([]);
        const beforeTeams = new Map(before.snapshot.teams.map((t) => [t.teamId, t]));
        for (const team of after.snapshot.teams) {
          const was = beforeTeams.get(team.teamId)?.averagePerFte ?? null;
          if (was !== null) expect(team.averagePerFte ?? 0).toBeLessThanOrEqual(was);
        }
        const shares = new Map(redistribute(before).teams.flatMap((t) => t.workers.map((w) => [w.workerId, w.evenShare] as const)));
        const redistributed = redistribute(after);
        for (const team of redistributed.teams) {
          for (const w of team.workers) {
            const was = shares.get(w.workerId);
            if (was !== undefined) expect(w.evenShare).toBeLessThanOrEqual(was);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('costs', () => {
  it('add up across teams: the whole establishment costs the sum of any split of its teams', () => {
    fc.assert(
      fc.property(baselineArb, modelArb, fc.subarray(TEAM_IDS), (input, model, someTeams) => {
        const whole = establishmentCost(evaluateBaseline(input), model);
        const part = (keep: boolean) =>
          establishmentCost(evaluateBaseline({ ...input, workers: input.workers.filter((w) => someTeams.includes(w.teamId ?? '') === keep) }), model);
        const a = part(true);
        const b = part(false);
        if (!whole.ok || !a.ok || !b.ok) throw new Error('complete model refused');
        expect(whole.value.total.totalPence).toBe(a.value.total.totalPence + b.value.total.totalPence);
        expect(whole.value.total.totalPence).toBe(whole.value.teams.reduce((acc, t) => acc + t.totalPence, 0));
        const perPost = (agency: boolean) =>
          postsInPost(evaluateBaseline(input))
            .filter((w) => w.agency === agency)
            .reduce((acc, w) => {
              const cost = fullYearCost(w, model);
              return acc + (cost.ok ? cost.value : Number.NaN);
            }, 0);
        expect(whole.value.total.agencyPence).toBe(perPost(true));
        expect(whole.value.total.permanentPence).toBe(perPost(false));
      }),
      { numRuns: 150 },
    );
  });

  it('part-year cost is never more than the full-year cost, and never negative', () => {
    const postArb = fc.record({ role: fc.constantFrom(...ROLES), fte: fteArb, asye: fc.boolean(), agency: fc.boolean() });
    fc.assert(
      fc.property(postArb, modelArb, fc.integer({ min: 0, max: 3_000 }).map((days) => addDays('2023-01-01', days)), (post, model, start) => {
        const full = fullYearCost(post, model);
        const part = partYearCost(post, model, start);
        if (!full.ok || !part.ok) throw new Error('complete model refused');
        expect(part.value).toBeGreaterThanOrEqual(0);
        expect(part.value).toBeLessThanOrEqual(full.value);
      }),
    );
  });

  it('are always whole pence, and scenario totals are the sums of their team rows', () => {
    const changeArb = fc.oneof(
      addPostsArb,
      fc.record({ type: fc.constant('remove_posts'), workerId: fc.constantFrom('W0', 'W1') }),
      fc.record({ type: fc.constant('move_workers'), workerIds: fc.constant(['W0']), toTeam: fc.constantFrom(...TEAM_IDS) }),
      fc.record({ type: fc.constant('convert_agency'), workerIds: fc.constant(['W1']) }),
      fc.record({ type: fc.constant('demand'), team: fc.constantFrom(...TEAM_IDS), factor: fc.constantFrom(0, 0.5, 1.1, 2) }),
    );
    fc.assert(
      fc.property(baselineArb, modelArb, fc.array(changeArb, { maxLength: 4 }), fc.option(dateArb), (input, model, changes, asOf) => {
        const result = applyScenario(input, { name: 'mixed', changes, ...(asOf === null ? {} : { asOf }) });
        fc.pre(result.ok);
        const cost = scenarioCost(evaluateBaseline(input), result, model);
        if (!cost.ok) throw new Error(JSON.stringify(cost.errors));
        const walk = (value: unknown, key: string): void => {
          if (typeof value === 'number' && key.endsWith('Pence')) expect(Number.isSafeInteger(value), `${key} = ${value}`).toBe(true);
          else if (Array.isArray(value)) value.forEach((item) => walk(item, key));
          else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, k);
        };
        const { value } = cost;
        walk(value, '');
        const sum = (pick: (t: (typeof value.teams)[number]) => number) => value.teams.reduce((acc, t) => acc + pick(t), 0);
        expect(value.total.pressurePence).toBe(sum((t) => t.pressurePence));
        expect(value.total.inYearPence).toBe(sum((t) => t.inYearPence));
        expect(value.total.pressurePence).toBe(value.scenario.total.totalPence - value.baseline.total.totalPence);
      }),
      { numRuns: 150 },
    );
  });
});

describe('largestRemainder', () => {
  it('shares out exactly the total, each share within one of its exact quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const shares = largestRemainder(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(sum === 0 ? 0 : total);
        shares.forEach((share, i) => {
          if (sum > 0) expect(Math.abs(share - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1);
        });
      }),
    );
  });
});
