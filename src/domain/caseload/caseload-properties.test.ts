import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, monthEnds } from '../dates.ts';
import type { IsoDate } from '../dates.ts';
import { getPreset } from '../standards/presets.ts';
import { CASE_TYPES, ROLES } from '../workforce/types.ts';
import type { Allocation, Team, Worker } from '../workforce/types.ts';
import { computeCaseloadSeries } from './caseload-series.ts';
import { computeCaseloadSnapshot } from './caseload-snapshot.ts';
import type { CaseloadSnapshot } from './caseload-snapshot.ts';
import type { UnitFigures } from './unit-figures.ts';

const profile = getPreset('local-18-20');
const BASE: IsoDate = '2024-01-01';

/** Dates within about a year, so allocations, leavers and month ends often coincide. */
const dateArb = fc.integer({ min: 0, max: 400 }).map((days) => addDays(BASE, days));
const asOfArb = fc.constantFrom(...monthEnds(BASE, '2025-01-31'), '2024-03-15', '2024-07-01');
const fteArb = fc.constantFrom(1, 0.8, 0.6, 0.5, 0.1, 0.2, 0);

/** Two services, each with two localities of two teams: T0..T7. */
const TEAMS: Team[] = [0, 1].flatMap((s) => [
  { teamId: `S${s}`, name: `Service ${s}`, parentId: null, kind: 'service' as const },
  ...[0, 1].flatMap((l) => [
    { teamId: `S${s}L${l}`, name: `Locality ${s}.${l}`, parentId: `S${s}`, kind: 'locality' as const },
    ...[0, 1].map((t) => ({ teamId: `T${s * 4 + l * 2 + t}`, name: `Team ${s}.${l}.${t}`, parentId: `S${s}L${l}`, kind: 'team' as const })),
  ]),
]);
const TEAM_IDS = TEAMS.filter((t) => t.kind === 'team').map((t) => t.teamId);

const workerArb = (workerId: string) =>
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

const workersArb = fc.integer({ min: 1, max: 12 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => workerArb(`W${i}`))));

interface Dataset {
  workers: Worker[];
  allocations: Allocation[];
}

/**
 * Disjoint teams: each child's allocations stay in one team (its team-only rows and its
 * workers are all in that team), so a team's children are not shared with any other team.
 */
const disjointArb: fc.Arbitrary<Dataset> = workersArb.chain((workers) => {
  const allocationArb = fc
    .record({
      child: fc.integer({ min: 0, max: 30 }),
      worker: fc.option(fc.constantFrom(...workers)),
      caseType: fc.constantFrom(...CASE_TYPES),
      startDate: dateArb,
      endDate: fc.option(dateArb),
    })
    .map(({ child, worker, caseType, startDate, endDate }): Allocation => {
      const teamId = worker?.teamId ?? TEAM_IDS[child % TEAM_IDS.length] ?? 'T0';
      return { childId: `${teamId}-c${child}`, workerId: worker?.workerId ?? null, teamId, caseType, startDate, endDate };
    });
  return fc.record({ workers: fc.constant(workers), allocations: fc.array(allocationArb, { maxLength: 60 }) });
});

/** Anything goes: children across teams, allocations to unknown workers or teams, empty periods. */
const messyArb: fc.Arbitrary<Dataset> = workersArb.chain((workers) => {
  const allocationArb = fc.record({
    childId: fc.integer({ min: 0, max: 20 }).map((n) => `c${n}`),
    workerId: fc.option(fc.constantFrom(...workers.map((w) => w.workerId), 'ghost')),
    teamId: fc.option(fc.constantFrom(...TEAM_IDS, 'S0L1', 'nowhere')),
    caseType: fc.constantFrom(...CASE_TYPES),
    startDate: dateArb,
    endDate: fc.option(dateArb),
  });
  return fc.record({ workers: fc.constant(workers), allocations: fc.array(allocationArb, { maxLength: 60 }) });
});

function snapshotOf(data: Dataset, asOf: IsoDate): CaseloadSnapshot {
  return computeCaseloadSnapshot({ laCode: '855', asOf, profile, teams: TEAMS, ...data });
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;

function expectSumsTo(parts: UnitFigures[], whole: UnitFigures): void {
  expect(sum(parts.map((p) => p.children))).toBe(whole.children);
  expect(sum(parts.map((p) => p.unallocated))).toBe(whole.unallocated);
  expect(sum(parts.map((p) => p.caseHoldingWorkers))).toBe(whole.caseHoldingWorkers);
  expect(close(sum(parts.map((p) => p.caseHoldingFte)), whole.caseHoldingFte)).toBe(true);
  expect(close(sum(parts.map((p) => p.capacity)), whole.capacity)).toBe(true);
}

describe('caseload properties', () => {
  it('totals equal the sum of their parts when teams are disjoint', () => {
    fc.assert(
      fc.property(disjointArb, asOfArb, (data, asOf) => {
        const result = snapshotOf(data, asOf);
        expectSumsTo(result.teams, result.totals);
        expectSumsTo(result.localities, result.totals);
        expectSumsTo(result.services, result.totals);
        for (const locality of result.localities) {
          expectSumsTo(result.teams.filter((t) => t.parent === locality.teamId), locality);
        }
        // Every child and worker is in a team: the roll-ups' shortfalls are the sums of the teams'.
        const addsUp = (whole: UnitFigures, parts: UnitFigures[]): void => {
          expect(whole.casesOverCapacity).toBe(sum(parts.map((m) => m.casesOverCapacity)));
          expect(close(whole.fteRequiredToMax, sum(parts.map((m) => m.fteRequiredToMax)))).toBe(true);
        };
        for (const locality of result.localities) addsUp(locality, result.teams.filter((t) => t.parent === locality.teamId));
        for (const service of result.services) addsUp(service, result.localities.filter((l) => l.parent === service.teamId));
        addsUp(result.totals, result.services);
        expect(result.totals.casesOverCapacity).toBe(sum(result.teams.map((t) => t.casesOverCapacity)));
      }),
    );
  });

  it('adding an allocation never lowers a caseload or a team’s children', () => {
    const extraArb = fc.record({
      childId: fc.integer({ min: 0, max: 25 }).map((n) => `c${n}`),
      workerId: fc.option(fc.constantFrom('W0', 'W1', 'W2', 'W3')),
      teamId: fc.option(fc.constantFrom(...TEAM_IDS)),
      caseType: fc.constantFrom(...CASE_TYPES),
      startDate: dateArb,
      endDate: fc.option(dateArb),
    });
    fc.assert(
      fc.property(messyArb, extraArb, asOfArb, (data, extra, asOf) => {
        const before = snapshotOf(data, asOf);
        const after = snapshotOf({ ...data, allocations: [...data.allocations, extra] }, asOf);
        for (const row of before.workers) {
          const later = after.workers.find((w) => w.workerId === row.workerId);
          expect(later?.caseload ?? -1).toBeGreaterThanOrEqual(row.caseload);
          expect(later?.weightedCaseload ?? -1).toBeGreaterThanOrEqual(row.weightedCaseload);
        }
        const units = [...before.teams, ...before.localities, ...before.services];
        for (const unit of units) {
          const later = [...after.teams, ...after.localities, ...after.services].find((u) => u.teamId === unit.teamId);
          expect(later?.children ?? -1).toBeGreaterThanOrEqual(unit.children);
        }
        expect(after.totals.children).toBeGreaterThanOrEqual(before.totals.children);
      }),
    );
  });

  it('headroom is capacity minus caseload, for workers and for every unit', () => {
    fc.assert(
      fc.property(messyArb, asOfArb, (data, asOf) => {
        const result = snapshotOf(data, asOf);
        for (const row of result.workers) expect(close(row.headroom, row.capacity - row.caseload)).toBe(true);
        for (const unit of [...result.teams, ...result.localities, ...result.services, result.totals]) {
          expect(close(unit.headroom, unit.capacity - unit.children)).toBe(true);
          // A roll-up adds up its parts' shortfalls, which is never less than its net shortfall.
          expect(unit.casesOverCapacity).toBeGreaterThanOrEqual(Math.max(0, -unit.headroom) - 1e-6);
          expect(unit.unallocated).toBeLessThanOrEqual(unit.children);
          expect(unit.heldChildren + unit.unallocated).toBeLessThanOrEqual(unit.children);
          if (unit.caseHoldingFte > 0) expect(unit.averagePerFte).toBe(Math.round((unit.heldChildren / unit.caseHoldingFte) * 10 + 1e-9) / 10);
        }
        for (const team of result.teams) expect(team.casesOverCapacity).toBe(Math.max(0, -team.headroom));
      }),
    );
  });

  it('the monthly series matches a snapshot at every month end', () => {
    fc.assert(
      fc.property(messyArb, (data) => {
        const series = computeCaseloadSeries({ profile, teams: TEAMS, ...data, from: BASE, to: '2025-01-31' });
        series.dates.forEach((date, index) => {
          const snap = snapshotOf(data, date);
          expect(series.totals[index]).toEqual(snap.totals);
          for (const [rows, snapRows] of [
            [series.teams, snap.teams],
            [series.localities, snap.localities],
            [series.services, snap.services],
          ] as const) {
            rows.forEach((row, position) => {
              const { teamId, name, parent, ...figures } = snapRows[position] ?? { teamId: '', name: '', parent: null };
              expect({ teamId: row.teamId, name: row.name, parent: row.parent, figures: row.figures[index] }).toEqual({ teamId, name, parent, figures });
            });
          }
          for (const row of snap.workers) {
            const worker = series.workers.find((w) => w.workerId === row.workerId);
            expect(worker?.caseload[index]).toBe(row.caseload);
            expect(worker?.capacity[index]).toBe(row.capacity);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
