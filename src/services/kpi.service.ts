import type { Kysely } from 'kysely';
import {
  earliestEventDate,
  earliestReferralDate,
  latestEventDate,
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
import { isFinancialYear, isQuarter, parsePeriod, previousPeriod, type Period } from '../domain/calendar/periods.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { FlowData } from '../domain/flow/events.ts';
import { computeKpis, type FlowOptions } from '../domain/flow/indicators.ts';
import { withPrevious, type KpiId, type KpiWithPrevious } from '../domain/flow/kpi.ts';
import { rollingSeriesMany } from '../domain/flow/rolling-series.ts';
import { monthEnd, addDays } from '../domain/dates.ts';
import { AppError } from '../errors.ts';
import { dataVersion, ResultCache } from './result-cache.ts';
import { indexFlowData } from '../domain/flow/flow-index.ts';
import { getLaSetting } from '../db/la-setting.repository.ts';
import { buildPerformanceReport, type PerformanceReport } from '../reports/performance/model.ts';
import type { Quarter } from '../domain/calendar/periods.ts';
import type { RiskRegisterPart } from '../reports/performance/risk-register.ts';

export interface KpiResult {
  laCode: string;
  period: { label: string; start: IsoDate; end: IsoDate };
  previousPeriod: { label: string; start: IsoDate; end: IsoDate };
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
  const cache = new ResultCache(32);
  const cached = async <T>(laCode: string, what: string, compute: () => Promise<T>): Promise<T> => cache.get(`${laCode}|${what}|${await dataVersion(deps.db, laCode)}`, compute);

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
    const data: FlowData = { contacts, referrals, assessments, s47s, cinEpisodes, cpPlans, claEpisodes, careLeavers, population: population?.children ?? null };
    // The index is built once per data set (the indicators accept it in place of the data).
    indexFlowData(data);
    return {
      data,
      options: { referralHistoryFrom: historyFrom },
      population,
    };
  }

  function period(year: string, quarter?: string): Period {
    if (!isFinancialYear(year)) throw new AppError('bad_usage', `The year must be a financial year written like 2024-25, not "${year}".`);
    if (quarter !== undefined && !isQuarter(quarter)) throw new AppError('bad_usage', `The quarter must be Q1, Q2, Q3 or Q4, not "${quarter}".`);
    return parsePeriod(year, quarter);
  }

  async function computeKpiResult(laCode: string, year: string, p: Period): Promise<KpiResult> {
    const prev = previousPeriod(p);
    const populationYear = Number(year.slice(0, 4));
    const current = await flowData(laCode, p.end, populationYear);
    const before = await flowData(laCode, prev.end, Number((prev.financialYear ?? prev.start).slice(0, 4)));
    const kpis = withPrevious(computeKpis(current.data, p, current.options), computeKpis(before.data, prev, before.options));
    return {
      laCode,
      period: { label: p.label, start: p.start, end: p.end },
      previousPeriod: { label: prev.label, start: prev.start, end: prev.end },
      population: current.population,
      kpis,
    };
  }

  async function computeRolling(laCode: string, ids: readonly KpiId[], to: IsoDate, months: number): Promise<Array<{ monthEnd: IsoDate; values: Array<number | null> }>> {
    const end = monthEnd(to);
    const from = monthEnd(addDays(end, -Math.round(30.44 * (months - 1))));
    const { data, options } = await flowData(laCode, end, Number(end.slice(0, 4)));
    return rollingSeriesMany(data, ids, { from, to: end }, options).map((p) => ({ monthEnd: p.monthEnd, values: p.kpis.map((k) => k.value) }));
  }

  return {
    period,
    flowData,

    /** Every indicator for the period, with the previous period's value and the direction of travel. */
    async kpis(laCode: string, year: string, quarter?: string): Promise<KpiResult> {
      const p = period(year, quarter);
      return cached(laCode, `kpis|${year}|${quarter ?? ''}`, () => computeKpiResult(laCode, year, p));
    },

    /** Indicators over the rolling 12 months to each month end, for the trend charts. */
    async rolling(laCode: string, ids: readonly KpiId[], to: IsoDate, months = 24): Promise<Array<{ monthEnd: IsoDate; values: Array<number | null> }>> {
      return cached(laCode, `rolling|${ids.join(',')}|${to}|${months}`, () => computeRolling(laCode, ids, to, months));
    },





    /** The activity and performance report for Cabinet: disclosure control on unless `suppress` is false. */
    async report(laCode: string, year: string, quarter: string | undefined, suppress: boolean): Promise<PerformanceReport> {
      const p = period(year, quarter);
      const { data, options } = await flowData(laCode, p.end, Number(year.slice(0, 4)));
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
      });
      return riskRegister ? { ...report, riskRegister } : report;
    },

    /** The financial years with any event loaded, newest first. */
    async years(laCode: string): Promise<string[]> {
      const earliest = await earliestEventDate(deps.db, laCode);
      const latest = await latestEventDate(deps.db, laCode);
      if (!earliest || !latest) return [];
      const out: string[] = [];
      for (let y = fyStart(latest); y >= fyStart(earliest); y--) out.push(`${y}-${String((y + 1) % 100).padStart(2, '0')}`);
      return out;
    },
  };
}
export type KpiService = ReturnType<typeof kpiService>;

function fyStart(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? y : y - 1;
}
