import { strToU8, zipSync, type Zippable } from 'fflate';
import type { IsoDate } from '../domain/dates.ts';
import { writeCinCensus, type CinCensusChildInput } from '../formats/cin-census/write.ts';
import { writeSsda903Table, type Ssda903Rows } from '../formats/ssda903/write.ts';
import { plusDays } from './days.ts';
import type { Simulation } from './simulate.ts';

const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** Days after a period of care starts at which its later placements begin (the simulation counts placements, not their dates). */
const PLACEMENT_GAP_DAYS = 60;

/**
 * The SSDA903 return for the collection year ending 31 March `year`, as a .zip of its CSV tables
 * (header, episodes, sw_episodes, oc3), from the simulated children as the council's system would
 * hold them on 31 March: nothing after that day is known. A period of care with n placements
 * is n episodes (a start `S`, then placement changes `P` every 60 days while it lasts); social
 * worker episodes are the looked-after children's allocations to `socialWorkers`; OC3 lists the
 * care leavers open on 31 March.
 */
export function demoSsda903Zip(sim: Simulation, year: number, socialWorkers: ReadonlySet<string>): Uint8Array {
  const from = `${year - 1}-04-01`;
  const to = `${year}-03-31`;
  const known = (d: IsoDate) => (d <= to ? d : null);
  const episodes: Array<Record<string, string | null>> = [];
  const inReturn = new Set<string>();
  for (const p of sim.cla) {
    if (p.start > to || p.end < from) continue;
    const starts = [p.start];
    for (let i = 1; i < p.placements12m; i++) {
      const d = plusDays(p.start, i * PLACEMENT_GAP_DAYS);
      if (d < p.end && d <= to) starts.push(d);
    }
    starts.forEach((start, i) => {
      const next = starts[i + 1] ?? null;
      const end = next ?? known(p.end);
      if (end !== null && end < from) return;
      inReturn.add(p.childId);
      episodes.push({
        CHILD: p.childId,
        DECOM: start,
        RNE: i === 0 ? 'S' : 'P',
        LS: p.legalStatus,
        CIN: 'N1',
        PLACE: p.placementType,
        PLACE_PROVIDER: 'PR1',
        DEC: end,
        REC: next === null && end !== null ? p.reasonCeased : next !== null ? 'X1' : null,
        REASON_PLACE_CHANGE: next !== null ? 'CARPL' : null,
      });
    });
  }
  const leavers = sim.careLeavers.filter((c) => c.start <= to && c.end > to);
  const header: Array<Record<string, string | null>> = [];
  for (const id of new Set([...inReturn, ...leavers.map((l) => l.childId)])) {
    const c = sim.children.get(id);
    if (c) header.push({ CHILD: id, SEX: c.sex === 'M' ? '1' : '2', DOB: c.dateOfBirth, ETHNIC: c.ethnicity });
  }
  const sw = sim.allocations
    .filter((a) => a.caseType === 'cla' && a.workerId !== null && socialWorkers.has(a.workerId) && inReturn.has(a.childId) && a.startDate <= to && (a.endDate === null || a.endDate > from))
    .map((a) => {
      const end = a.endDate === null ? null : known(a.endDate);
      return { CHILD: a.childId, DOB: sim.children.get(a.childId)?.dateOfBirth ?? null, SW_ID: a.workerId, SW_DECOM: a.startDate, SW_DEC: end, SW_REASON: end === null ? null : 'OTHER' };
    });
  const oc3 = leavers.map((l) => ({ CHILD: l.childId, DOB: sim.children.get(l.childId)?.dateOfBirth ?? null, IN_TOUCH: l.inTouch, ACTIV: l.activity, ACCOM: l.suitable === null ? l.accommodation : `${l.accommodation}${l.suitable ? '1' : '2'}` }));
  const entries: Zippable = {};
  const add = (name: string, table: Parameters<typeof writeSsda903Table>[0], rows: Ssda903Rows) => {
    entries[name] = [strToU8(writeSsda903Table(table, rows, { ukDates: true })), { mtime: FIXED_TIME }];
  };
  add('header.csv', 'header', header);
  add('episodes.csv', 'episodes', episodes);
  add('sw_episodes.csv', 'sw_episodes', sw);
  add('oc3.csv', 'oc3', oc3);
  return zipSync(entries);
}

/**
 * The CIN census for the year ending 31 March `year`, as the council would send it: every child
 * with a referral (a CINdetails) open at some point in the year, known as on 31 March. An NFA
 * referral closes the day it is made; any other stays open while the child's assessments, CIN
 * episodes, plans or care that began before the next referral last. Assessments, enquiries and
 * plans belong to the child's latest referral on or before they start.
 */
export function demoCinCensus(sim: Simulation, laCode: string, year: number): string {
  const from = `${year - 1}-04-01`;
  const to = `${year}-03-31`;
  const known = (d: IsoDate | null) => (d !== null && d <= to ? d : null);
  const byChild = <T extends { childId: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.childId) ?? [];
      list.push(r);
      m.set(r.childId, list);
    }
    return m;
  };
  const referrals = byChild(sim.referrals.filter((r) => r.date <= to));
  const assessments = byChild(sim.assessments);
  const s47s = byChild(sim.s47s);
  const plans = byChild(sim.cp);
  const episodes = byChild([...sim.cin, ...sim.cla]);
  const children: CinCensusChildInput[] = [];
  for (const [childId, refs] of referrals) {
    const sorted = [...refs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const details: Array<CinCensusChildInput['details'][number]> = [];
    sorted.forEach((r, i) => {
      const next = sorted[i + 1]?.date ?? '9999-12-31';
      const within = (d: IsoDate) => d >= r.date && d < next && d <= to;
      const ownAssessments = (assessments.get(childId) ?? []).filter((a) => within(a.start));
      const ownS47s = (s47s.get(childId) ?? []).filter((s) => within(s.strategy));
      const ownPlans = (plans.get(childId) ?? []).filter((p) => within(p.start));
      let closure: IsoDate | null = r.date;
      if (!r.nfa) {
        const ends = [
          ...ownAssessments.map((a) => a.authorised),
          ...ownPlans.map((p) => p.end),
          ...(episodes.get(childId) ?? []).filter((e) => within(e.start)).map((e) => e.end),
        ];
        const last = ends.reduce((m, d) => (d > m ? d : m), plusDays(r.date, 1));
        closure = known(last > next ? next : last);
      }
      if (closure !== null && closure < from) return;
      details.push({
        referralDate: r.date,
        referralSource: r.source,
        closureDate: closure,
        reasonForClosure: closure === null ? null : r.nfa ? 'RC8' : 'RC1',
        nfa: r.nfa,
        assessments: ownAssessments.map((a) => ({ startDate: a.start, authorisedDate: known(a.authorised) })),
        s47s: ownS47s.map((s) => ({ startDate: s.strategy, icpcDate: known(s.icpc), icpcNotRequired: !s.icpcRequired })),
        cpPlans: ownPlans.map((p) => ({ startDate: p.start, endDate: known(p.end), category: p.category, previousPlans: p.previousPlans })),
      });
    });
    if (details.length === 0) continue;
    const c = sim.children.get(childId);
    children.push({ childId, sex: year >= 2024 ? (c?.sex ?? 'F') : c?.sex === 'M' ? '1' : '2', dateOfBirth: c?.dateOfBirth ?? null, ethnicity: c?.ethnicity ?? 'NOBT', details });
  }
  return writeCinCensus({ laCode, referenceDate: to, children });
}
