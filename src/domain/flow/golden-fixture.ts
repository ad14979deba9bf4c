import { addWorkingDays } from '../calendar/working-days.ts';
import type { Period } from '../calendar/periods.ts';
import { parsePeriod } from '../calendar/periods.ts';
import type { IsoDate } from '../dates.ts';
import { addDays } from '../dates.ts';
import type { Assessment, CareLeaver, CinEpisode, ClaEpisode, Contact, CpPlan, FlowData, Referral, S47 } from './events.ts';
import type { FlowOptions } from './indicators.ts';
import type { KpiId } from './kpi.ts';

/**
 * Child-level events that reproduce one council's published performance table for a year
 * (placed here in financial year 2023-24, whose 366 days include 29 February), for golden tests of the indicators and of the reports built
 * on them. Boundary cases sit around the figures without changing them: events on the day
 * before and after the year, assessments of exactly 45 and 46 working days, plans of exactly
 * 730 and 729 days, a plan ending on 31 March (not open) and one ending on 1 April (open).
 */
export const GOLDEN_YEAR = '2023-24';
export const GOLDEN_PERIOD: Period = parsePeriod(GOLDEN_YEAR);
/** The fixture holds the full referral history from 1 April 2021. */
export const GOLDEN_OPTIONS: FlowOptions = { referralHistoryFrom: '2021-04-01' };

/** The published figures: numerator, denominator (null for counts) and value as published. */
export const GOLDEN_PUBLISHED: readonly { id: KpiId; numerator: number; denominator: number | null; value: number }[] = [
  { id: 'contacts', numerator: 6859, denominator: null, value: 6859 },
  { id: 'referrals', numerator: 2336, denominator: null, value: 2336 },
  { id: 'rereferrals_12m', numerator: 353, denominator: 2336, value: 15.1 },
  { id: 'assessments_completed', numerator: 2201, denominator: null, value: 2201 },
  { id: 'assessments_within_45wd', numerator: 943, denominator: 2201, value: 42.8 },
  { id: 'cp_plans_started', numerator: 404, denominator: null, value: 404 },
  { id: 'cp_second_or_subsequent', numerator: 24, denominator: 404, value: 5.9 },
  { id: 'cp_open_at_end', numerator: 306, denominator: null, value: 306 },
  { id: 'cp_open_2y_plus', numerator: 9, denominator: 306, value: 2.9 },
  { id: 'care_leavers_suitable_accommodation', numerator: 29, denominator: 31, value: 93.5 },
];

const YEAR_START: IsoDate = GOLDEN_PERIOD.start;
const YEAR_DAYS = 366;
const DAY_BEFORE: IsoDate = '2023-03-31';
const DAY_AFTER: IsoDate = '2024-04-01';

/** The k-th of n dates spread evenly over the year. */
function spread(k: number, n: number): IsoDate {
  return addDays(YEAR_START, Math.floor((k * YEAR_DAYS) / n));
}

/** True for exactly `take` of the indices 0..n-1, spread evenly. */
function picked(k: number, take: number, n: number): boolean {
  return Math.floor(((k + 1) * take) / n) > Math.floor((k * take) / n);
}

export function buildGoldenFlowData(): FlowData {
  return {
    contacts: contacts(),
    referrals: referrals(),
    assessments: assessments(),
    s47s: s47s(),
    cinEpisodes: cinEpisodes(),
    cpPlans: cpPlans(),
    claEpisodes: claEpisodes(),
    careLeavers: careLeavers(),
    population: 52_000,
  };
}

function contacts(): Contact[] {
  const out: Contact[] = [];
  for (let k = 0; k < 6859; k++) out.push({ childId: `C${k}`, contactDate: spread(k, 6859) });
  for (let k = 0; k < 25; k++) {
    out.push({ childId: `CB${k}`, contactDate: DAY_BEFORE }, { childId: `CA${k}`, contactDate: DAY_AFTER });
  }
  return out;
}

function referrals(): Referral[] {
  const out: Referral[] = [];
  for (let k = 0; k < 2336; k++) {
    const date = spread(k, 2336);
    const childId = `R${k}`;
    // Every fifth of the first 1,765 referrals (353 of them) follows one 300 days earlier.
    const rereferral = k % 5 === 0 && k < 1765;
    if (rereferral) out.push({ childId, referralDate: addDays(date, -300), nfa: false, referralsInLast12Months: 0 });
    else if (k % 7 === 3) out.push({ childId, referralDate: addDays(date, -400), nfa: true, referralsInLast12Months: 0 });
    out.push({
      childId,
      referralDate: date,
      nfa: k % 50 === 7 ? null : k % 9 === 4,
      referralsInLast12Months: rereferral ? 1 : 0,
    });
  }
  for (let k = 0; k < 10; k++) {
    out.push(
      { childId: `RB${k}`, referralDate: DAY_BEFORE, nfa: false, referralsInLast12Months: 0 },
      { childId: `RA${k}`, referralDate: DAY_AFTER, nfa: false, referralsInLast12Months: 1 },
    );
  }
  return out;
}

function assessments(): Assessment[] {
  const out: Assessment[] = [];
  for (let k = 0; k < 2201; k++) {
    const authorised = spread(k, 2201);
    // 943 within 45 working days (1-45, so some exactly 45); the rest take 46-85.
    const workingDays = picked(k, 943, 2201) ? 1 + (k % 45) : 46 + (k % 40);
    out.push({
      childId: `A${k}`,
      startDate: addWorkingDays(authorised, -workingDays),
      authorisedDate: authorised,
      childSeen: k % 40 === 0 ? null : k % 20 !== 10,
    });
  }
  for (let k = 0; k < 30; k++) {
    out.push(
      { childId: `AB${k}`, startDate: addWorkingDays(DAY_BEFORE, -20), authorisedDate: DAY_BEFORE, childSeen: true },
      { childId: `AA${k}`, startDate: addWorkingDays(DAY_AFTER, -20), authorisedDate: DAY_AFTER, childSeen: true },
      { childId: `AO${k}`, startDate: addDays('2024-02-01', k), authorisedDate: null, childSeen: null },
    );
  }
  return out;
}

function s47s(): S47[] {
  const out: S47[] = [];
  for (let k = 0; k < 600; k++) {
    const strategyDate = spread(k, 600);
    const icpc = k % 3 === 0;
    out.push({
      childId: `S${k}`,
      strategyDate,
      icpcRequired: icpc,
      icpcDate: icpc ? addWorkingDays(strategyDate, 5 + (k % 15)) : null,
      icpcCpPlan: icpc ? k % 4 !== 1 : null,
    });
  }
  return out;
}

function cpPlans(): CpPlan[] {
  const out: CpPlan[] = [];
  // 404 plans start in the year; 24 (every 17th) are second or subsequent plans. The first 174
  // end within the year (the 174th on 31 March itself), the other 230 are open at the end.
  for (let k = 0; k < 404; k++) {
    const startDate = spread(k, 404);
    const endDate = k < 173 ? addDays(startDate, 120) : k === 173 ? GOLDEN_PERIOD.end : null;
    out.push({ childId: `P${k}`, startDate, endDate, previousPlans: k % 17 === 0 ? 1 + (k % 2) : k % 11 === 5 ? null : 0 });
  }
  // 76 plans from before the year are open at its end; 9 of them started 730 days or more before
  // 31 March 2024 (on or before 1 April 2022, one exactly then); one started 729 days before;
  // one ends on 1 April 2024 and so is still open on 31 March.
  for (let k = 0; k < 76; k++) {
    const startDate = k < 9 ? addDays('2022-04-01', -k * 20) : addDays('2022-04-02', (k - 9) * 5);
    out.push({ childId: `PO${k}`, startDate, endDate: k === 40 ? DAY_AFTER : null, previousPlans: 0 });
  }
  // Plans from earlier years that ended in the year after 700-749 days (20 of them 730 or more).
  for (let k = 0; k < 50; k++) {
    const endDate = addDays('2023-05-01', k * 6);
    out.push({ childId: `PE${k}`, startDate: addDays(endDate, -(700 + k)), endDate, previousPlans: 0 });
  }
  out.push({ childId: 'PA0', startDate: DAY_AFTER, endDate: null, previousPlans: 1 });
  return out;
}

function cinEpisodes(): CinEpisode[] {
  const out: CinEpisode[] = [];
  for (let k = 0; k < 900; k++) {
    const startDate = addDays('2022-10-01', k);
    out.push({ childId: `N${k}`, startDate, closureDate: k % 2 === 0 ? addDays(startDate, 180) : null });
  }
  // Children on a plan or looked after are also children in need.
  for (let k = 200; k < 260; k++) out.push({ childId: `P${k}`, startDate: addDays(spread(k, 404), -30), closureDate: null });
  return out;
}

function claEpisodes(): ClaEpisode[] {
  const out: ClaEpisode[] = [];
  for (let k = 0; k < 300; k++) {
    const startDate = addDays('2020-01-01', k * 5);
    out.push({
      childId: `L${k}`,
      startDate,
      endDate: k % 3 === 0 ? addDays(startDate, 400 + k) : null,
      placementsLast12Months: 1 + (k % 4),
    });
  }
  for (let k = 0; k < 40; k++) {
    out.push({ childId: `LN${k}`, startDate: spread(k * 9, 366), endDate: null, placementsLast12Months: 1 });
  }
  return out;
}

function careLeavers(): CareLeaver[] {
  const activities = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'G4', 'G5', 'G6', '0'];
  const out: CareLeaver[] = [];
  for (let k = 0; k < 31; k++) {
    out.push({ childId: `CL${k}`, accommodationSuitable: k % 15 !== 7, activity: activities[k % activities.length] ?? null });
  }
  return out;
}
