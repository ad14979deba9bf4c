import type { Kysely } from 'kysely';
import { listChildHistories } from '../db/forecast.repository.ts';
import type { Database } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import { forecast, MEASURE_LABELS, type ForecastResult, type Measure } from '../domain/forecast/index.ts';
import { planWorkforce, type WorkforceAssumptions, type WorkforcePlan } from '../domain/forecast/workforce-plan.ts';
import { fullYearCost } from '../domain/planning/costs.ts';
import type { CostModel } from '../domain/planning/cost-model.ts';
import { AppError, isAppError } from '../errors.ts';
import type { BusinessCaseForecast } from '../reports/business-case/model.ts';
import type { CaseloadService } from './caseload.service.ts';
import { councilCache, COUNCILS_KEPT, dataVersion, ResultCache } from './result-cache.ts';

export interface ForecastRequest {
  origin?: IsoDate | undefined;
  months: number;
  window: 'auto' | number;
}

export interface ForecastRun {
  forecast: ForecastResult;
  workforce: WorkforcePlan;
}

/** Months from deciding to recruit a social worker to them holding cases, when the council has not said. */
export const DEFAULT_RECRUITMENT_LEAD_MONTHS = 4;
/** Share of new posts filled by ASYEs when the council's in-post staff show none. */
export const DEFAULT_ASYE_SHARE_PERCENT = 20;

/**
 * The demand forecast and the workforce plan it implies, from the LA's event tables (Annex A
 * now; the 903 and CIN census when imported into the same tables), its caseloads on the origin,
 * its workforce census (turnover) and its cost model.
 */
export function forecastService(deps: { db: Kysely<Database>; caseloads: CaseloadService; costModel: (laCode: string) => Promise<{ model: CostModel } | null> }) {
  const cached = councilCache(deps.db, 8);
  const runs = new ResultCache(COUNCILS_KEPT);
  const summaries = councilCache(deps.db, COUNCILS_KEPT);

  async function histories(laCode: string) {
    return cached(laCode, 'histories', () => listChildHistories(deps.db, laCode));
  }

  async function turnover(laCode: string): Promise<{ percent: number; source: string }> {
    const census = await deps.db.selectFrom('csww_census').select(['census_year', 'summary']).where('la_code', '=', laCode).orderBy('census_year', 'desc').limit(1).executeTakeFirst();
    const summary = typeof census?.summary === 'string' ? (JSON.parse(census.summary) as { turnoverRatePercent?: number | null }) : (census?.summary as { turnoverRatePercent?: number | null } | undefined);
    const rate = summary?.turnoverRatePercent;
    if (census && typeof rate === 'number') return { percent: rate, source: `the council's workforce census ${census.census_year} (turnover ${rate}%)` };
    return { percent: 0, source: 'no workforce census loaded: no turnover assumed (import one with headroom import csww)' };
  }

  const service = {
    async run(laCode: string, request: ForecastRequest): Promise<ForecastRun> {
      const [version, rate, saved] = await Promise.all([dataVersion(deps.db, laCode), turnover(laCode), deps.costModel(laCode)]);
      // A forecast with its backtest takes tens of milliseconds: a page shown to many people at
      // once computes it once per council, request, data and assumptions (the result is shared,
      // so never changed by its readers).
      const key = [laCode, 'run', version, request.origin ?? '', request.months, request.window, rate.percent, JSON.stringify(saved?.model ?? null)].join('|');
      return runs.get(key, async () => {
        const history = await histories(laCode);
        if (history === null || history.children.length === 0) throw new AppError('input_rejected', `There are no referrals or episodes for LA ${laCode} to forecast from. Import Annex A extracts (or the 903 and CIN census) first.`);
        const outcome = forecast(history, { origin: request.origin, months: request.months, window: request.window });
        if (!outcome.ok) throw new AppError('input_rejected', outcome.message);
        const result = outcome.value;
        const input = await deps.caseloads.input(laCode, result.origin);
        const caseHolders = input.workers.filter((w) => input.profile.roles[w.role] !== undefined && (w.startDate === null || w.startDate <= result.origin) && (w.endDate === null || w.endDate > result.origin));
        const asyeFte = caseHolders.filter((w) => w.asye).reduce((a, w) => a + w.fte, 0);
        const allFte = caseHolders.reduce((a, w) => a + w.fte, 0);
        const assumptions: WorkforceAssumptions = {
          turnoverPercent: rate.percent,
          turnoverSource: rate.source,
          recruitmentLeadMonths: DEFAULT_RECRUITMENT_LEAD_MONTHS,
          asyeSharePercent: allFte > 0 && asyeFte > 0 ? Math.round((asyeFte / allFte) * 100) : DEFAULT_ASYE_SHARE_PERCENT,
          costPerFte: saved === null ? null : costs(saved.model),
        };
        return { forecast: result, workforce: planWorkforce(result.origin, result.families, input, assumptions) };
      });
    },

    /** The forecast as the business case shows it: 12 months ahead with the interval, and the 3- and 6-month track record; null without enough history. */
    async businessCaseSummary(laCode: string): Promise<BusinessCaseForecast | null> {
      let run: ForecastRun;
      try {
        run = await service.run(laCode, { months: 12, window: 'auto' });
      } catch (error) {
        if (isAppError(error) && error.code === 'input_rejected') return null;
        throw error;
      }
      const f = run.forecast;
      const measures: Measure[] = ['cla', 'cp', 'cin', 'referrals'];
      const lines = measures.map((m) => {
        const last = f.points.filter((p) => p.measure === m).at(-1);
        const today = m === 'referrals' ? (f.observed.filter((o) => o.measure === 'referrals').at(-1)?.value ?? 0) : f.stockAtOrigin[m];
        return { label: MEASURE_LABELS[m], today, date: last?.date ?? f.origin, forecast: last?.forecast ?? 0, lower: last?.lower ?? 0, upper: last?.upper ?? 0 };
      });
      const trackRecord = f.backtest
        .filter((r) => measures.includes(r.measure) && (r.horizonMonths === 3 || r.horizonMonths === 6))
        .map((r) => ({ label: MEASURE_LABELS[r.measure], horizonMonths: r.horizonMonths, mape: r.mape === null ? null : Math.round(r.mape * 10) / 10, persistenceMape: r.persistenceMape === null ? null : Math.round(r.persistenceMape * 10) / 10, coverage: r.coverage }));
      return { origin: f.origin, windowMonths: f.referenceWindow.months, lines, trackRecord, notes: f.notes };
    },

    /**
     * The business-case summary (12 months ahead), kept for the council's current data so that
     * a regional pool's page reads each council's forecast from memory after the first visit.
     */
    async latest(laCode: string): Promise<BusinessCaseForecast | null> {
      return summaries(laCode, 'summary', () => service.businessCaseSummary(laCode));
    },

    /** The team's forecast children `months` ahead ÷ its children on the origin (1 when it holds none today). */
    async teamFactor(laCode: string, teamId: string, months: number): Promise<number> {
      const { workforce } = await service.run(laCode, { months, window: 'auto' });
      const rows = workforce.rows.filter((r) => r.teamId === teamId);
      const today = rows.find((r) => r.date === workforce.origin)?.children ?? 0;
      const ahead = rows.at(-1)?.children ?? 0;
      return today > 0 ? ahead / today : 1;
    },
  };
  return service;
}

function costs(model: CostModel): WorkforceAssumptions['costPerFte'] {
  const permanent = fullYearCost({ role: 'social_worker', fte: 1, asye: false, agency: false }, model);
  const asye = fullYearCost({ role: 'social_worker', fte: 1, asye: true, agency: false }, model);
  const agency = fullYearCost({ role: 'social_worker', fte: 1, asye: false, agency: true }, model);
  if (!permanent.ok || !asye.ok || !agency.ok) return null;
  return { permanent: permanent.value, asye: asye.value, agency: agency.value };
}

export type ForecastService = ReturnType<typeof forecastService>;
