import { parsePeriod, quartersOf } from '../src/domain/calendar/periods.ts';
import { addDays } from '../src/domain/dates.ts';
import type { Assessment, CareLeaver, CinEpisode, ClaEpisode, Contact, CpPlan, FlowData, Referral, S47 } from '../src/domain/flow/events.ts';
import { indexFlowData } from '../src/domain/flow/flow-index.ts';
import { computeKpis } from '../src/domain/flow/indicators.ts';
import { KPI_IDS } from '../src/domain/flow/kpi.ts';
import { rollingSeriesMany } from '../src/domain/flow/rolling-series.ts';

const FIRST_DAY = '2020-04-01';
const DAYS = 5 * 365 + 1;
const YEAR = '2023-24';

/** mulberry32: a small seeded generator, so every run times the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** About 500,000 events over five financial years for one large authority. */
export function generate(seed = 42): FlowData {
  const rnd = random(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const day = () => addDays(FIRST_DAY, int(DAYS));
  const child = () => `K${int(120_000)}`;
  const maybeEnd = (start: string, p: number, span: number) => (rnd() < p ? addDays(start, 1 + int(span)) : null);
  const contacts: Contact[] = Array.from({ length: 280_000 }, () => ({ childId: child(), contactDate: day() }));
  const referrals: Referral[] = Array.from({ length: 95_000 }, () => ({
    childId: child(),
    referralDate: day(),
    nfa: rnd() < 0.1,
    referralsInLast12Months: int(3),
  }));
  const assessments: Assessment[] = Array.from({ length: 85_000 }, () => {
    const startDate = day();
    return { childId: child(), startDate, authorisedDate: maybeEnd(startDate, 0.95, 90), childSeen: rnd() < 0.9 };
  });
  const s47s: S47[] = Array.from({ length: 20_000 }, () => {
    const strategyDate = day();
    const icpc = rnd() < 0.35;
    return {
      childId: child(),
      strategyDate,
      icpcRequired: icpc,
      icpcDate: icpc ? addDays(strategyDate, 5 + int(25)) : null,
      icpcCpPlan: icpc ? rnd() < 0.8 : null,
    };
  });
  const cinEpisodes: CinEpisode[] = Array.from({ length: 12_000 }, () => {
    const startDate = day();
    return { childId: child(), startDate, closureDate: maybeEnd(startDate, 0.8, 500) };
  });
  const cpPlans: CpPlan[] = Array.from({ length: 4_000 }, () => {
    const startDate = day();
    return { childId: child(), startDate, endDate: maybeEnd(startDate, 0.85, 900), previousPlans: rnd() < 0.2 ? 1 : 0 };
  });
  const claEpisodes: ClaEpisode[] = Array.from({ length: 3_000 }, () => {
    const startDate = day();
    return { childId: child(), startDate, endDate: maybeEnd(startDate, 0.5, 1500), placementsLast12Months: 1 + int(4) };
  });
  const careLeavers: CareLeaver[] = Array.from({ length: 1_000 }, (_, k) => ({
    childId: `CL${k}`,
    accommodationSuitable: rnd() < 0.9,
    activity: rnd() < 0.6 ? 'F2' : 'G6',
  }));
  return { contacts, referrals, assessments, s47s, cinEpisodes, cpPlans, claEpisodes, careLeavers, population: 250_000 };
}

function count(data: FlowData): number {
  return (
    data.contacts.length +
    data.referrals.length +
    data.assessments.length +
    data.s47s.length +
    data.cinEpisodes.length +
    data.cpPlans.length +
    data.claEpisodes.length +
    data.careLeavers.length
  );
}

export async function run(): Promise<{ name: string; figures: Record<string, number | string> }> {
  let t = performance.now();
  const data = generate();
  const generateMs = performance.now() - t;
  const options = { referralHistoryFrom: FIRST_DAY };
  const periods = [parsePeriod(YEAR), ...quartersOf(YEAR)];

  t = performance.now();
  const index = indexFlowData(data);
  const indexMs = performance.now() - t;

  t = performance.now();
  const kpis = periods.flatMap((p) => computeKpis(index, p, options));
  const periodsMs = performance.now() - t;

  t = performance.now();
  const series = rollingSeriesMany(index, KPI_IDS, { from: '2021-03-31', to: '2025-03-31' }, options);
  const rollingMs = performance.now() - t;

  return {
    name: 'kpis',
    figures: {
      events: count(data),
      generate_ms: Math.round(generateMs),
      index_ms: Math.round(indexMs),
      year_and_4_quarters_ms: Math.round(periodsMs),
      index_plus_year_and_quarters_ms: Math.round(indexMs + periodsMs),
      indicators_computed: kpis.length,
      rolling_49_month_ends_all_kpis_ms: Math.round(rollingMs),
      rolling_points: series.length,
    },
  };
}
