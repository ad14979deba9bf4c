import type { Kysely } from 'kysely';
import {
  earliestReferralDate,
  latestPopulationUpTo,
  listAssessments,
  listCareLeaversAt,
  listCinEpisodes,
  listClaEpisodes,
  listContacts,
  listCpPlans,
  listReferrals,
  listS47s,
} from '../db/flow.repository.ts';
import type { Database } from '../db/schema.ts';
import { isFinancialYear, isQuarter, parsePeriod, twelveMonthsTo, type Period } from '../domain/calendar/periods.ts';
import { listCoverage } from '../db/source-coverage.repository.ts';
import { CoverageIndex, type CoverageFamily } from '../domain/coverage/coverage.ts';
import { computeCoveredKpis } from '../domain/coverage/covered-kpis.ts';
import { comparisonPeriod, kpiCoverage, runningPeriod } from '../domain/coverage/kpi-coverage.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { FlowData } from '../domain/flow/events.ts';
import type { FlowOptions } from '../domain/flow/indicators.ts';
import { withPrevious, type KpiId, type KpiWithPrevious } from '../domain/flow/kpi.ts';
import { rollingSeriesMany } from '../domain/flow/rolling-series.ts';
import { monthEnd, addDays } from '../domain/dates.ts';
import { AppError } from '../errors.ts';
import { councilCache, COUNCILS_KEPT } from './result-cache.ts';
import { indexFlowData } from '../domain/flow/flow-index.ts';
import { withStatutoryReturns } from './returns-flow.ts';
import { getLaSetting } from '../db/la-setting.repository.ts';
import { buildPerformanceReport, type PerformanceReport } from '../reports/performance/model.ts';
import type { Quarter } from '../domain/calendar/periods.ts';
import type { RiskRegisterPart } from '../reports/performance/risk-register.ts';

/** The Annex A lists the indicators are built from: their coverage decides the data's first and last dates. */
const FLOW_FAMILIES: readonly CoverageFamily[] = ['contacts', 'referrals', 'assessments', 's47', 'cin', 'cp', 'cla', 'care_leavers'];

export interface KpiResult {
  laCode: string;
  /** `running` when the period had not ended at the data's last date: it is cut there and labelled "to DATE". */
  period: { label: string; start: IsoDate; end: IsoDate; running: boolean };
  /** The previous period, or for a running period the same part of it. */
  previousPeriod: { label: string; start: IsoDate; end: IsoDate };
  /** The first and last dates any indicator's data covers; null when nothing is loaded. */
  dataCovers: { from: IsoDate; to: IsoDate } | null;
  population: { year: number; children: number } | null;
  kpis: KpiWithPrevious[];
}

/**
 * Indicators from the child-level events loaded for an LA. The population of a period is the
 * ONS mid-year estimate for the year the financial year starts in (mid-2024 for 2024-25), or
 * the latest earlier one when that is not loaded yet. Re-referrals use the referral history
 * from the earliest referral loaded; before that, the Annex A count (see docs/kpi-definitions.md).
 */
export function kpiService(deps: {
  db: Kysely<Database>;
  clock: () => Date;
  /** The council's risk register for the Cabinet report, with linked figures at a date. */
  riskRegister?: ((laCode: string, asOf: IsoDate, suppress: boolean) => Promise<RiskRegisterPart | undefined>) | undefined;
}) {
  // A council's events (tens of MB) for a few councils; its indicators (a few KB) for every council.
  const cached = councilCache(deps.db, 32);
  const cachedResult = councilCache(deps.db, COUNCILS_KEPT * 4);

  async function coverage(laCode: string): Promise<CoverageIndex> {
    return cached(laCode, 'coverage', async () => new CoverageIndex(await listCoverage(deps.db, laCode)));
  }

  async function flowData(laCode: string, asAt: IsoDate, populationYear: number) {
    return cached(laCode, `flow|${asAt}|${populationYear}`, () => loadFlowData(laCode, asAt, populationYear));
  }

  async function loadFlowData(laCode: string, asAt: IsoDate, populationYear: number): Promise<{ data: FlowData; options: FlowOptions; population: { year: number; children: number } | null }> {
    const [contacts, referrals, assessments, s47s, cinEpisodes, cpPlans, claEpisodes, careLeavers, population, historyFrom] = await Promise.all([
      listContacts(deps.db, laCode),
      listReferrals(deps.db, laCode),
      listAssessments(deps.db, laCode),
      listS47s(deps.db, laCode),
      listCinEpisodes(deps.db, laCode),
      listCpPlans(deps.db, laCode),
      listClaEpisodes(deps.db, laCode),
      listCareLeaversAt(deps.db, laCode, asAt),
      latestPopulationUpTo(deps.db, laCode, populationYear),
      earliestReferralDate(deps.db, laCode),
    ]);
    const annexA: FlowData = { contacts, referrals, assessments, s47s, cinEpisodes, cpPlans, claEpisodes, careLeavers, population: population?.children ?? null };
    const { data, options } = await withStatutoryReturns(deps.db, laCode, asAt, annexA, { referralHistoryFrom: historyFrom });
    // The index is built once per data set (the indicators accept it in place of the data).
    indexFlowData(data);
    return { data, options, population };
  }

  function period(year: string, quarter?: string): Period {
    if (!isFinancialYear(year)) throw new AppError('bad_usage', `The year must be a financial year written like 2024-25, not "${year}".`);
    if (quarter !== undefined && !isQuarter(quarter)) throw new AppError('bad_usage', `The quarter must be Q1, Q2, Q3 or Q4, not "${quarter}".`);
    return parsePeriod(year, quarter);
  }

  async function computeKpiResult(laCode: string, year: string, full: Period): Promise<KpiResult> {
    const index = await coverage(laCode);
    const dataCovers = index.span(FLOW_FAMILIES);
    const { period: p, running } = runningPeriod(full, dataCovers?.to ?? null);
    const prev = comparisonPeriod(full, p, running, 'previous');
    const populationYear = Number(year.slice(0, 4));
    const current = await flowData(laCode, p.end, populationYear);
    const before = await flowData(laCode, prev.end, Number((prev.financialYear ?? prev.start).slice(0, 4)));
    const now = computeCoveredKpis(current.data, p, current.options, index);
    const then = computeCoveredKpis(before.data, prev, before.options, index);
    const kpis = withPrevious(now.kpis, then.kpis, { current: now.coverage, previous: then.coverage });
    return {
      laCode,
      period: { label: p.label, start: p.start, end: p.end, running },
      previousPeriod: { label: prev.label, start: prev.start, end: prev.end },
      dataCovers,
      population: current.population,
      kpis,
    };
  }

  /**
   * Only months whose whole 12-month window (for counts of events) or whose month end (for
   * children open on the day) the data covers are given a value; months after the data's last
   * date are not listed at all.
   */
  async function computeRolling(laCode: string, ids: readonly KpiId[], to: IsoDate, months: number): Promise<RollingPoint[]> {
    const index = await coverage(laCode);
    const last = index.span(FLOW_FAMILIES)?.to ?? null;
    if (last === null) return [];
    const capped = to < last ? to : last;
    const end = capped === monthEnd(capped) ? capped : monthEnd(addDays(capped.slice(0, 8) + '01', -1));
    const from = monthEnd(addDays(end, -Math.round(30.44 * (months - 1))));
    const { data, options } = await flowData(laCode, end, Number(end.slice(0, 4)));
    return rollingSeriesMany(data, ids, { from, to: end }, options).map((p) => {
      const window = twelveMonthsTo(p.monthEnd);
      const covered = ids.map((id) => kpiCoverage(index, id, window).coverage === 'full');
      return { monthEnd: p.monthEnd, values: p.kpis.map((k, i) => (covered[i] ? k.value : null)), covered };
    });
  }

  return {
    period,
    flowData,

    /** Every indicator for the period, with the previous period's value and the direction of travel. */
    async kpis(laCode: string, year: string, quarter?: string): Promise<KpiResult> {
      const p = period(year, quarter);
      return cachedResult(laCode, `kpis|${year}|${quarter ?? ''}`, () => computeKpiResult(laCode, year, p));
    },

    /** Indicators over the rolling 12 months to each month end, for the trend charts. */
    async rolling(laCode: string, ids: readonly KpiId[], to: IsoDate, months = 24): Promise<RollingPoint[]> {
      return cachedResult(laCode, `rolling|${ids.join(',')}|${to}|${months}`, () => computeRolling(laCode, ids, to, months));
    },





    /** The activity and performance report for Cabinet: disclosure control on unless `suppress` is false. */
    async report(laCode: string, year: string, quarter: string | undefined, suppress: boolean): Promise<PerformanceReport> {
      const p = period(year, quarter);
      const index = await coverage(laCode);
      const dataEnd = index.span(FLOW_FAMILIES)?.to ?? null;
      const asAt = dataEnd !== null && dataEnd < p.end && dataEnd >= p.start ? dataEnd : p.end;
      const { data, options } = await flowData(laCode, asAt, Number(year.slice(0, 4)));
      const setting = await getLaSetting(deps.db, laCode);
      const riskRegister = await deps.riskRegister?.(laCode, p.end, suppress);
      const report = buildPerformanceReport({
        laCode,
        laName: setting?.laName ?? `LA ${laCode}`,
        year,
        quarter: (p.quarter ?? undefined) as Quarter | undefined,
        data,
        options,
        suppress,
        generatedOn: deps.clock().toISOString().slice(0, 10),
        coverage: index,
        dataEnd,
      });
      return riskRegister ? { ...report, riskRegister } : report;
    },

    coverage,

    /** The financial years the loaded data covers any part of, newest first. */
    async years(laCode: string): Promise<string[]> {
      const span = (await coverage(laCode)).span(FLOW_FAMILIES);
      const earliest = span?.from ?? null;
      const latest = span?.to ?? null;
      if (!earliest || !latest) return [];
      const out: string[] = [];
      for (let y = fyStart(latest); y >= fyStart(earliest); y--) out.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
      return out;
    },
  };
}
export type KpiService = ReturnType<typeof kpiService>;

/** One month of the trend charts: a value per indicator (null when not covered or not computable) and whether the month is covered. */
export interface RollingPoint {
  monthEnd: IsoDate;
  values: Array<number | null>;
  covered: boolean[];
}

function fyStart(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? y : y - 1;
}
