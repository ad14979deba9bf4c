import { addWorkingDays, isWorkingDay } from '../domain/calendar/working-days.ts';
import { monthEnds, type IsoDate } from '../domain/dates.ts';
import type { Allocation, CaseType, Worker } from '../domain/workforce/types.ts';
import type { Workforce } from './council.ts';
import { plusDays } from './days.ts';
import type { Random } from './random.ts';

/** One child's record in the simulated council. */
export interface Child {
  childId: string;
  sex: 'M' | 'F';
  dateOfBirth: IsoDate;
  ethnicity: 'WBRI' | 'WOTH' | 'MWBC' | 'AIND' | 'APKN' | 'BAFR' | 'BCRB' | 'OOTH' | 'CHNE';
  disability: boolean;
}

export interface SimReferral {
  childId: string;
  date: IsoDate;
  source: '1A' | '2A' | '3A' | '5A' | '6' | '8';
  nfa: boolean;
  previousIn12Months: number;
}
export interface SimAssessment {
  childId: string;
  start: IsoDate;
  authorised: IsoDate;
  childSeen: boolean;
}
export interface SimS47 {
  childId: string;
  strategy: IsoDate;
  icpcRequired: boolean;
  icpc: IsoDate | null;
  plan: boolean;
}
export interface SimEpisode {
  childId: string;
  start: IsoDate;
  end: IsoDate;
}
export interface SimCp extends SimEpisode {
  previousPlans: number;
  category: 'NEG' | 'EMO' | 'PHY' | 'SAB' | 'MUL';
}
export interface SimCla extends SimEpisode {
  placements12m: number;
  legalStatus: 'C2' | 'V2' | 'C1' | 'E1' | 'J2';
  placementType: 'U1' | 'U4' | 'U6' | 'R1' | 'K2';
  reasonCeased: 'E11' | 'E13' | 'E41' | 'E12' | 'E8';
}
export interface SimCareLeaver extends SimEpisode {
  suitable: boolean | null;
  activity: 'F1' | 'F2' | 'P1' | 'G4' | 'G5';
  accommodation: 'B' | 'C' | 'D' | 'S' | 'T' | 'U';
  inTouch: 'YES' | 'NO';
}
export interface SimAdoption extends SimEpisode {
  placementOrder: IsoDate | null;
  placed: IsoDate | null;
  order: IsoDate | null;
}

export interface Simulation {
  start: IsoDate;
  end: IsoDate;
  children: Map<string, Child>;
  contacts: Array<{ childId: string; date: IsoDate; source: SimReferral['source'] }>;
  earlyHelp: SimEpisode[];
  referrals: SimReferral[];
  assessments: SimAssessment[];
  s47s: SimS47[];
  cin: SimEpisode[];
  cp: SimCp[];
  cla: SimCla[];
  careLeavers: SimCareLeaver[];
  adoptions: SimAdoption[];
  adopters: Array<{ adopterId: string; enquiry: IsoDate; approved: IsoDate | null; left: IsoDate | null }>;
  allocations: Allocation[];
}

/** Open-ended episodes run to this date; anything after the simulation's end is not yet known. */
export const FOREVER: IsoDate = '9999-12-31';

/** Monthly multipliers on contacts: referral peaks in September and January, a dip in August and December. */
const SEASON = [1.12, 1.0, 1.02, 0.95, 1.0, 0.98, 0.96, 0.82, 1.18, 1.05, 1.02, 0.88];

/**
 * Where new work of each kind goes: teams, their shares, and the chance it stays with the team
 * without a worker. Assessment Team 3 and CIN South get more than their staff can hold: two of
 * the planted pressures (docs/demo-data.md).
 */
const ROUTE = {
  assessment: { teams: ['T-ASS1', 'T-ASS2', 'T-ASS3', 'T-ASS4', 'T-ASS5'], weights: [0.18, 0.18, 0.28, 0.18, 0.18], unallocated: [0.01, 0.01, 0.05, 0.01, 0.01] },
  cin: { teams: ['T-CIN-N', 'T-CIN-S', 'T-DC'], weights: [0.4, 0.44, 0.16], unallocated: [0.02, 0.06, 0.01] },
  cp: { teams: ['T-CP1', 'T-CP2', 'T-CP3', 'T-CP4'], weights: [0.24, 0.3, 0.23, 0.23], unallocated: [0, 0, 0, 0] },
  cla: { teams: ['T-CIC1', 'T-CIC2', 'T-CIC3'], weights: [1, 1, 1], unallocated: [0, 0, 0] },
  care_leaver: { teams: ['T-CL'], weights: [1], unallocated: [0.01] },
  referral: { teams: ['T-MASH'], weights: [1], unallocated: [0] },
} as const;

/** Runs five years of a county's children's social care, scaled by `scale` (1 = 140,000 children). */
export function simulate(rng: Random, workforce: Workforce, start: IsoDate, end: IsoDate, scale: number): Simulation {
  const sim: Simulation = {
    start,
    end,
    children: new Map(),
    contacts: [],
    earlyHelp: [],
    referrals: [],
    assessments: [],
    s47s: [],
    cin: [],
    cp: [],
    cla: [],
    careLeavers: [],
    adoptions: [],
    adopters: [],
    allocations: [],
  };
  const allocator = new Allocator(rng, workforce, sim.allocations);
  let childSeq = 0;
  const newChild = (on: IsoDate, minAge = 0, maxAge = 17): Child => {
    const age = rng.int(minAge * 365, maxAge * 365 + 300);
    const child: Child = {
      childId: `${String(++childSeq).padStart(7, '0')}`,
      sex: rng.chance(0.52) ? 'M' : 'F',
      dateOfBirth: plusDays(on, -age),
      ethnicity: rng.pick(['WBRI', 'WBRI', 'WBRI', 'WBRI', 'WBRI', 'WBRI', 'WOTH', 'MWBC', 'AIND', 'APKN', 'BAFR', 'BCRB', 'OOTH', 'CHNE'] as const),
      disability: rng.chance(0.08),
    };
    sim.children.set(child.childId, child);
    return child;
  };
  const ageOn = (child: Child, on: IsoDate) => (Date.parse(on) - Date.parse(child.dateOfBirth)) / (365.25 * 86_400_000);
  const weekday = (d: IsoDate) => (isWorkingDay(d) ? d : addWorkingDays(d, 1));
  const recentReferrals: SimReferral[] = [];
  let oldest = 0;
  const referralDates = new Map<string, IsoDate[]>();
  const contactDays = new Set<string>();
  const started = new Set<string>();
  /** Annex A keeps one event per child, list and start date: a second one the same day is not generated. */
  const firstOn = (kind: string, childId: string, on: IsoDate) => {
    const key = `${kind}|${childId}|${on}`;
    if (started.has(key)) return false;
    started.add(key);
    return true;
  };

  const startCp = (childId: string, on: IsoDate): SimCp | null => {
    if (!firstOn('cp', childId, on)) return null;
    const r = rng.next();
    const days = r < 0.55 ? rng.int(90, 300) : r < 0.9 ? rng.int(300, 700) : r < 0.98 ? rng.int(700, 900) : rng.int(900, 1100);
    const plan: SimCp = { childId, start: on, end: plusDays(on, days), previousPlans: rng.chance(0.21) ? rng.int(1, 2) : 0, category: rng.pick(['NEG', 'NEG', 'NEG', 'EMO', 'EMO', 'PHY', 'SAB', 'MUL'] as const) };
    sim.cp.push(plan);
    allocator.allocate('cp', childId, plan.start, plan.end);
    allocator.allocateIro(childId, plan.start, plan.end, 'cp');
    return plan;
  };
  const startCin = (childId: string, on: IsoDate) => {
    if (!firstOn('cin', childId, on)) return;
    const ep = { childId, start: on, end: plusDays(on, rng.int(60, 330)) };
    sim.cin.push(ep);
    allocator.allocate('cin', childId, ep.start, ep.end);
  };
  const startCla = (child: Child, on: IsoDate) => {
    if (!firstOn('cla', child.childId, on)) return;
    const age = ageOn(child, on);
    const r = rng.next();
    const toEighteen = Math.max(30, Math.round((18 - age) * 365.25));
    const days = r < 0.33 ? rng.int(60, 365) : r < 0.68 ? rng.int(365, 1100) : toEighteen;
    const ceasesAt18 = days === toEighteen;
    const ep: SimCla = {
      childId: child.childId,
      start: on,
      end: plusDays(on, days),
      placements12m: rng.weighted([0.62, 0.27, 0.08, 0.03]) + 1,
      legalStatus: rng.pick(['C2', 'C2', 'C2', 'V2', 'V2', 'C1', 'E1', 'J2'] as const),
      placementType: rng.pick(['U1', 'U4', 'U4', 'U6', 'U6', 'R1', 'K2'] as const),
      reasonCeased: ceasesAt18 ? 'E8' : rng.pick(['E11', 'E13', 'E41', 'E12'] as const),
    };
    sim.cla.push(ep);
    allocator.allocate('cla', child.childId, ep.start, ep.end);
    allocator.allocateIro(child.childId, ep.start, ep.end, 'cla');
    if (ceasesAt18 && ep.end < end) startCareLeaver(child.childId, ep.end);
    if (age < 4 && rng.chance(0.12)) {
      const decision = plusDays(on, rng.int(120, 300));
      if (firstOn('adoption', child.childId, decision)) sim.adoptions.push({ childId: child.childId, start: decision, end: ep.end, placementOrder: plusDays(decision, rng.int(30, 120)), placed: plusDays(decision, rng.int(150, 300)), order: rng.chance(0.7) ? plusDays(decision, rng.int(330, 500)) : null });
    }
  };
  const startCareLeaver = (childId: string, on: IsoDate) => {
    const known = rng.chance(0.94);
    const cl: SimCareLeaver = {
      childId,
      start: on,
      end: plusDays(on, rng.int(365 * 3, 365 * 7)),
      suitable: known ? rng.chance(0.9) : null,
      activity: rng.pick(['F1', 'F2', 'P1', 'F1', 'P1', 'G4', 'G5', 'G4'] as const),
      accommodation: rng.pick(['B', 'C', 'D', 'S', 'T', 'U'] as const),
      inTouch: rng.chance(0.92) ? 'YES' : 'NO',
    };
    sim.careLeavers.push(cl);
    allocator.allocate('care_leaver', childId, cl.start, cl.end);
  };

  // The stock already open when the five years start: CP plans, children in care and care leavers.
  for (let i = 0; i < Math.round(430 * scale); i++) startCp(newChild(start).childId, plusDays(start, -rng.int(0, 500)));
  for (let i = 0; i < Math.round(580 * scale); i++) {
    const child = newChild(start, 0, 16);
    startCla(child, plusDays(start, -rng.int(0, 1400)));
  }
  for (let i = 0; i < Math.round(230 * scale); i++) startCareLeaver(newChild(start, 18, 20).childId, plusDays(start, -rng.int(0, 1000)));
  for (let i = 0; i < Math.round(620 * scale); i++) startCin(newChild(start).childId, plusDays(start, -rng.int(0, 300)));

  const months = monthEnds(start, end);
  months.forEach((monthEnd, m) => {
    const monthStart = `${monthEnd.slice(0, 8)}01`;
    const days = Number(monthEnd.slice(8, 10));
    const monthsLeft = months.length - 1 - m;
    // Demand grows about 2% a year, with a sharp rise over the last six months.
    const surge = monthsLeft < 6 ? 1 + 0.045 * (6 - monthsLeft) : 1;
    const demand = 1000 * scale * (SEASON[Number(monthEnd.slice(5, 7)) - 1] ?? 1) * (1 + 0.02 * (m / 12)) * surge;
    const contacts = rng.poisson(demand);
    for (let c = 0; c < contacts; c++) {
      const date = weekday(plusDays(monthStart, rng.int(0, days - 1)));
      if (date > end) continue;
      const source = rng.pick(['6', '6', '6', '2A', '2A', '3A', '1A', '5A', '8'] as const);
      const yearAgo = plusDays(date, -365);
      while (oldest < recentReferrals.length && (recentReferrals[oldest]?.date ?? '') < yearAgo) oldest++;
      const rereferral = oldest < recentReferrals.length && rng.chance(0.235);
      const again = rereferral ? sim.children.get(recentReferrals[rng.int(oldest, recentReferrals.length - 1)]?.childId ?? '') : undefined;
      // One contact per child per day: Annex A holds one event per child and date.
      const child = again && !contactDays.has(`${again.childId}|${date}`) ? again : newChild(date);
      contactDays.add(`${child.childId}|${date}`);
      sim.contacts.push({ childId: child.childId, date, source });
      if (!rng.chance(0.65)) {
        const ehStart = plusDays(date, rng.int(3, 20));
        if (rng.chance(0.15) && firstOn('early_help', child.childId, ehStart)) sim.earlyHelp.push({ childId: child.childId, start: ehStart, end: plusDays(date, rng.int(30, 90)) });
        continue;
      }
      const history = referralDates.get(child.childId) ?? [];
      const previous = history.filter((d) => d < date && d >= yearAgo).length;
      if (!firstOn('referral', child.childId, date)) continue;
      const referral: SimReferral = { childId: child.childId, date, source, nfa: rng.chance(0.09), previousIn12Months: previous };
      sim.referrals.push(referral);
      recentReferrals.push(referral);
      history.push(date);
      referralDates.set(child.childId, history);
      if (referral.nfa) continue;
      const assessmentStart = addWorkingDays(date, rng.int(0, 3));
      allocator.allocate('referral', child.childId, date, plusDays(assessmentStart, 1));
      const strategy = addWorkingDays(date, rng.int(0, 2));
      if (rng.chance(0.125) && firstOn('s47', child.childId, strategy)) {
        const icpcRequired = rng.chance(0.55);
        const icpc = icpcRequired ? addWorkingDays(strategy, rng.chance(0.8) ? rng.int(5, 15) : rng.int(16, 28)) : null;
        const plan = icpc !== null && rng.chance(0.86);
        sim.s47s.push({ childId: child.childId, strategy, icpcRequired, icpc, plan });
        const cpPlan = plan && icpc ? startCp(child.childId, icpc) : null;
        if (cpPlan && rng.chance(0.2)) startCla(child, cpPlan.end);
        else if (cpPlan && rng.chance(0.4)) startCin(child.childId, cpPlan.end);
      }
      if (!rng.chance(0.85) || !firstOn('assessment', child.childId, assessmentStart)) continue;
      const workingDays = rng.chance(0.86) ? rng.int(2, 16) + rng.int(0, 22) : rng.int(46, 70);
      const authorised = addWorkingDays(assessmentStart, workingDays);
      sim.assessments.push({ childId: child.childId, start: assessmentStart, authorised, childSeen: rng.chance(0.97) });
      allocator.allocate('assessment', child.childId, assessmentStart, authorised);
      if (rng.chance(0.13)) startCin(child.childId, authorised);
    }
    // Children come into care to hold the looked-after rate near 60 per 10,000, growing about 8% a year.
    const claTarget = 580 * scale * 1.08 ** ((m + 1) / 12);
    const open = sim.cla.filter((e) => e.start <= monthEnd && e.end > monthEnd).length;
    for (let i = 0; i < Math.max(0, Math.round(claTarget - open + rng.gaussian() * 2)); i++) {
      const on = plusDays(monthStart, rng.int(0, days - 1));
      if (on <= end) startCla(newChild(on, 0, 16), on);
    }
    const leaversTarget = 230 * scale * 1.05 ** ((m + 1) / 12);
    const leaversOpen = sim.careLeavers.filter((e) => e.start <= monthEnd && e.end > monthEnd).length;
    for (let i = 0; i < Math.max(0, Math.round(leaversTarget - leaversOpen)); i++) {
      const on = plusDays(monthStart, rng.int(0, days - 1));
      if (on <= end) startCareLeaver(newChild(on, 18, 18).childId, on);
    }
    for (let i = 0; i < rng.poisson(2 * scale); i++) {
      const enquiry = plusDays(monthStart, rng.int(0, days - 1));
      sim.adopters.push({ adopterId: `AD${String(sim.adopters.length + 1).padStart(5, '0')}`, enquiry, approved: rng.chance(0.5) ? plusDays(enquiry, rng.int(150, 240)) : null, left: rng.chance(0.3) ? plusDays(enquiry, rng.int(30, 200)) : null });
    }
  });
  return sim;
}

/**
 * Hands each new piece of work to the in-post case holder of the routed team with the fewest
 * open cases for their capacity (an ASYE counts as three quarters of a post), and hands it on
 * when that worker leaves. Some work stays with the team only: those are the unallocated children.
 */
class Allocator {
  readonly #open = new Map<string, IsoDate[]>();

  constructor(
    private readonly rng: Random,
    private readonly workforce: Workforce,
    private readonly out: Allocation[],
  ) {}

  allocate(caseType: CaseType, childId: string, start: IsoDate, end: IsoDate): void {
    const route = ROUTE[caseType as keyof typeof ROUTE];
    const index = this.rng.weighted(route.weights);
    const teamId = route.teams[index] ?? route.teams[0];
    if (this.rng.chance(route.unallocated[index] ?? 0)) {
      this.out.push({ childId, workerId: null, teamId, caseType, startDate: start, endDate: end });
      return;
    }
    this.handOver(caseType, childId, teamId, start, end);
  }

  /** Every child on a CP plan or in care also has an independent reviewing officer. */
  allocateIro(childId: string, start: IsoDate, end: IsoDate, caseType: 'cp' | 'cla'): void {
    this.handOver(caseType, childId, 'T-IRO', start, end);
  }

  private handOver(caseType: CaseType, childId: string, teamId: string, start: IsoDate, end: IsoDate): void {
    let from = start;
    for (let guard = 0; guard < 20 && from < end; guard++) {
      const worker = this.leastLoaded(teamId, from);
      if (!worker) {
        this.out.push({ childId, workerId: null, teamId, caseType, startDate: from, endDate: end });
        return;
      }
      const until = worker.endDate && worker.endDate < end ? worker.endDate : end;
      this.out.push({ childId, workerId: worker.workerId, teamId, caseType, startDate: from, endDate: until });
      const list = this.#open.get(worker.workerId) ?? [];
      list.push(until);
      this.#open.set(worker.workerId, list);
      from = until;
    }
  }

  private leastLoaded(teamId: string, on: IsoDate): Worker | null {
    let best: Worker | null = null;
    let bestLoad = Infinity;
    for (const w of this.workforce.holdersByTeam.get(teamId) ?? []) {
      if ((w.startDate && w.startDate > on) || (w.endDate && w.endDate <= on)) continue;
      const ends = this.#open.get(w.workerId) ?? [];
      let kept = 0;
      for (const e of ends) if (e > on) ends[kept++] = e;
      ends.length = kept;
      const load = (kept + this.rng.next()) / (w.fte * (w.asye ? 0.75 : 1));
      if (load < bestLoad) {
        best = w;
        bestLoad = load;
      }
    }
    return best;
  }
}
