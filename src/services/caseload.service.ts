import type { Kysely } from 'kysely';
import { listCoverage } from '../db/source-coverage.repository.ts';
import { CoverageIndex } from '../domain/coverage/coverage.ts';
import { capacityOfInferred } from '../domain/coverage/inferred-workers.ts';
import { countAllocationsBySource, listAllocationsBetween, listSnapshotAllocations, listSnapshotDates, listTeams, listWorkers } from '../db/workforce.repository.ts';
import type { Database } from '../db/schema.ts';
import { computeCaseloadSeries, type CaseloadSeries } from '../domain/caseload/caseload-series.ts';
import { computeCaseloadSnapshot, type CaseloadInput, type CaseloadSnapshot } from '../domain/caseload/caseload-snapshot.ts';
import { addDays, isIsoDate, type IsoDate } from '../domain/dates.ts';
import type { Allocation } from '../domain/workforce/types.ts';
import { AppError } from '../errors.ts';
import { councilCache, COUNCILS_KEPT } from './result-cache.ts';
import type { StandardsService } from './standards.service.ts';

export type AllocationBasis = 'allocations' | 'ssd' | 'annex_a' | 'ssda903' | 'none';

/**
 * Caseloads for an LA at a date or over months. Which allocations count:
 * - the allocations import when the LA has one (it carries real start and end dates);
 * - otherwise the involvements of the latest SSD extract (real start and end dates too);
 * - otherwise the Annex A snapshots, each taken to hold from its extract date until the next
 *   extract (an Annex A list says only who held each case on the day it was extracted);
 * - otherwise the SSDA903 social worker episodes (looked-after children only).
 */
export function caseloadService(deps: { db: Kysely<Database>; clock: () => Date; standards: StandardsService }) {
  // Allocation lists for a few councils; the figures pages show for every council.
  const cached = councilCache(deps.db, 64);
  const cachedResult = councilCache(deps.db, COUNCILS_KEPT * 6);

  async function basis(laCode: string): Promise<AllocationBasis> {
    return cachedResult(laCode, 'basis', async () => {
      const counts = await countAllocationsBySource(deps.db, laCode);
      if ((counts.allocations ?? 0) > 0) return 'allocations';
      if ((counts.ssd ?? 0) > 0) return 'ssd';
      if ((counts.annex_a ?? 0) > 0) return 'annex_a';
      if ((counts.ssda903 ?? 0) > 0) return 'ssda903';
      return 'none';
    });
  }

  async function allocationsBetween(laCode: string, b: AllocationBasis, from: IsoDate, to: IsoDate): Promise<Allocation[]> {
    if (b === 'allocations' || b === 'ssd' || b === 'ssda903') return listAllocationsBetween(deps.db, laCode, from, to, b);
    if (b === 'none') return [];
    const dates = await listSnapshotDates(deps.db, laCode);
    const firstNeeded = [...dates].reverse().find((d) => d <= from) ?? dates[0] ?? from;
    const rows = await listSnapshotAllocations(deps.db, laCode, firstNeeded, to);
    const next = new Map(dates.map((d, i) => [d, dates[i + 1] ?? null]));
    return rows.map((r) => ({ childId: r.childId, workerId: r.workerId, teamId: r.teamId, caseType: r.caseType, startDate: r.snapshotDate, endDate: next.get(r.snapshotDate) ?? null }));
  }

  /** Workers as capacity counts them: those named only in an Annex A extract are not a roster (see capacityOfInferred). */
  async function capacityWorkers(laCode: string, asOf: IsoDate) {
    const [workers, windows] = await Promise.all([listWorkers(deps.db, laCode), listCoverage(deps.db, laCode)]);
    const coverage = new CoverageIndex(windows);
    return capacityOfInferred(workers, { hasRoster: coverage.ranges('roster').length > 0, coverage, asOf });
  }

  async function inputAt(laCode: string, asOf: IsoDate): Promise<CaseloadInput> {
    const b = await basis(laCode);
    const [profile, teams, workers, allocations] = await Promise.all([
      deps.standards.active(laCode),
      listTeams(deps.db, laCode),
      capacityWorkers(laCode, asOf),
      allocationsBetween(laCode, b, asOf, asOf),
    ]);
    return { laCode, asOf, profile, teams, workers, allocations };
  }

  async function computeSnapshot(laCode: string, asOf: IsoDate): Promise<CaseloadSnapshot & { basis: AllocationBasis }> {
    return { ...computeCaseloadSnapshot(await inputAt(laCode, asOf)), basis: await basis(laCode) };
  }

  async function computeSeries(laCode: string, from: IsoDate, to: IsoDate): Promise<CaseloadSeries> {
    const b = await basis(laCode);
    const [profile, teams, workers, allocations] = await Promise.all([
      deps.standards.active(laCode),
      listTeams(deps.db, laCode),
      capacityWorkers(laCode, to),
      allocationsBetween(laCode, b, from, addDays(to, 31)),
    ]);
    return computeCaseloadSeries({ profile, teams, workers, allocations, from, to });
  }

  return {
    basis,

    /** The date caseloads are shown at by default: the latest Annex A extract, else today. */
    async defaultDate(laCode: string): Promise<IsoDate> {
      const today = deps.clock().toISOString().slice(0, 10);
      return cachedResult(laCode, `default-date|${today}`, async () => {
        const latest = (await listSnapshotDates(deps.db, laCode)).at(-1);
        if ((await basis(laCode)) === 'allocations') return latest && latest <= today ? latest : today;
        return latest ?? today;
      });
    },

    async snapshot(laCode: string, asOf: IsoDate): Promise<CaseloadSnapshot & { basis: AllocationBasis }> {
      if (!isIsoDate(asOf)) throw new AppError('bad_usage', `"${asOf}" is not a date written YYYY-MM-DD.`);
      return cachedResult(laCode, `snapshot|${asOf}`, () => computeSnapshot(laCode, asOf));
    },

    /** What the caseloads at a date are computed from: the planning service starts its scenarios here. */
    async input(laCode: string, asOf: IsoDate): Promise<CaseloadInput> {
      if (!isIsoDate(asOf)) throw new AppError('bad_usage', `"${asOf}" is not a date written YYYY-MM-DD.`);
      return cached(laCode, `input|${asOf}`, () => inputAt(laCode, asOf));
    },

    /** Caseloads at each month end from the month of `from` to the month of `to`. */
    async series(laCode: string, from: IsoDate, to: IsoDate): Promise<CaseloadSeries> {
      return cachedResult(laCode, `series|${from}|${to}`, () => computeSeries(laCode, from, to));
    },

    /** The children open to one worker at a date, and the worker's allocations over the year before. */
    async workerCases(laCode: string, workerId: string, asOf: IsoDate): Promise<{ open: Allocation[]; history: Allocation[] }> {
      const b = await basis(laCode);
      const yearBefore = addDays(asOf, -365);
      const year = await cached(laCode, `year-allocations|${asOf}`, () => allocationsBetween(laCode, b, yearBefore, asOf));
      const all = year.filter((a) => a.workerId === workerId);
      const open = all.filter((a) => a.startDate <= asOf && (a.endDate === null || a.endDate > asOf));
      return { open: dedupeByChild(open), history: all };
    },

    /** Children open to a team with no worker allocated, at a date. */
    async unallocated(laCode: string, teamId: string, asOf: IsoDate): Promise<Allocation[]> {
      const b = await basis(laCode);
      const open = (await cached(laCode, `allocations|${asOf}`, () => allocationsBetween(laCode, b, asOf, asOf))).filter((a) => a.startDate <= asOf && (a.endDate === null || a.endDate > asOf));
      const withWorker = new Set(open.filter((a) => a.workerId !== null).map((a) => a.childId));
      return dedupeByChild(open.filter((a) => a.teamId === teamId && a.workerId === null && !withWorker.has(a.childId)));
    },
  };
}
export type CaseloadService = ReturnType<typeof caseloadService>;

function dedupeByChild(allocations: Allocation[]): Allocation[] {
  const byChild = new Map<string, Allocation>();
  for (const a of [...allocations].sort((x, y) => (x.startDate < y.startDate ? -1 : 1))) if (!byChild.has(a.childId)) byChild.set(a.childId, a);
  return [...byChild.values()].sort((a, b) => (a.childId < b.childId ? -1 : 1));
}
