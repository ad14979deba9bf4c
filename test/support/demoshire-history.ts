import { buildWorkforce } from '../../src/demo/council.ts';
import { plusDays } from '../../src/demo/days.ts';
import { Random } from '../../src/demo/random.ts';
import { FOREVER, simulate, type Simulation } from '../../src/demo/simulate.ts';
import type { IsoDate } from '../../src/domain/dates.ts';
import type { ChildHistory, Episode, HistorySet } from '../../src/domain/forecast/types.ts';

/** Simulates Demoshire in memory (no files, no database): the same model `headroom demo` writes out. */
export function simulateDemoshire(seed: number, endDate: IsoDate, children = 140_000): Simulation {
  const rng = new Random(seed);
  const start = plusDays(endDate, -5 * 365);
  return simulate(rng, buildWorkforce(rng, start, endDate), start, endDate, children / 140_000);
}

/**
 * The simulation as histories. `visibleFrom` is the first day the loaded data show everything
 * (Annex A: the first extract's six-month look-back); episodes closed before it are left out,
 * as twelve monthly Annex A extracts would leave them out.
 */
export function demoshireHistory(sim: Simulation, visibleFrom: IsoDate = sim.start, laCode = '999'): HistorySet {
  const byChild = new Map<string, ChildHistory>();
  const child = (id: string) => {
    let h = byChild.get(id);
    if (h === undefined) {
      byChild.set(id, (h = { childId: id, dateOfBirth: sim.children.get(id)?.dateOfBirth ?? null, episodes: [], referrals: [] }));
    }
    return h;
  };
  const known = (d: IsoDate) => (d === FOREVER || d > sim.end ? null : d);
  const add = (id: string, e: Episode) => {
    if (e.start > sim.end) return;
    if (e.end !== null && e.end <= visibleFrom) return;
    child(id).episodes.push(e);
  };
  for (const r of sim.referrals) if (r.date > visibleFrom && r.date <= sim.end) child(r.childId).referrals.push(r.date);
  for (const a of sim.assessments) add(a.childId, { kind: 'assessment', start: a.start, end: known(a.authorised) });
  for (const e of sim.cin) add(e.childId, { kind: 'cin', start: e.start, end: known(e.end) });
  for (const e of sim.cp) add(e.childId, { kind: 'cp', start: e.start, end: known(e.end) });
  for (const e of sim.cla) add(e.childId, { kind: 'cla', start: e.start, end: known(e.end), placementType: e.placementType, legalStatus: e.legalStatus });
  for (const e of sim.careLeavers) add(e.childId, { kind: 'care_leaver', start: e.start, end: known(e.end) });
  return { laCode, from: visibleFrom, to: sim.end, children: [...byChild.values()], sources: ['Demoshire simulation'] };
}
