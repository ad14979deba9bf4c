import type { Kysely } from 'kysely';
import { listChildHistories } from '../db/forecast.repository.ts';
import type { Database } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import { forecast, type ForecastResult } from '../domain/forecast/index.ts';
import { planWorkforce, type WorkforceAssumptions, type WorkforcePlan } from '../domain/forecast/workforce-plan.ts';
import { fullYearCost } from '../domain/planning/costs.ts';
import type { CostModel } from '../domain/planning/cost-model.ts';
import { AppError } from '../errors.ts';
import type { CaseloadService } from './caseload.service.ts';
import { dataVersion, ResultCache } from './result-cache.ts';

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
  const cache = new ResultCache(8);

  async function histories(laCode: string) {
    const version = await dataVersion(deps.db, laCode);
    return cache.get(`${laCode}|histories|${version}`, () => listChildHistories(deps.db, laCode));
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
      const history = await histories(laCode);
      if (history === null || history.children.length === 0) throw new AppError('input_rejected', `There are no referrals or episodes for LA ${laCode} to forecast from. Import Annex A extracts (or the 903 and CIN census) first.`);
      const outcome = forecast(history, { origin: request.origin, months: request.months, window: request.window });
      if (!outcome.ok) throw new AppError('input_rejected', outcome.message);
      const result = outcome.value;
      const [input, rate, saved] = await Promise.all([deps.caseloads.input(laCode, result.origin), turnover(laCode), deps.costModel(laCode)]);
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
