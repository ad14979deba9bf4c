/**
 * After an import, computes what the Overview, Performance and Forecast pages ask for first
 * (and, for a council in a regional pool, the pool's page with its forecast summary), so that the
 * first visitor after new data is served from the services' caches instead of waiting for the
 * figures (about a second for Demoshire's Performance page). The pages and this module share the
 * arguments below, so the keys warmed are the keys the pages read.
 */
import { addDays, monthEnd, type IsoDate } from '../domain/dates.ts';
import type { KpiId } from '../domain/flow/kpi.ts';
import type { BenchmarksService } from './benchmarks.service.ts';
import { isAppError } from '../errors.ts';
import type { CaseloadService } from './caseload.service.ts';
import type { ForecastRequest, ForecastService } from './forecast.service.ts';
import type { ImportService } from './import.service.ts';
import type { KpiService } from './kpi.service.ts';
import type { PoolService } from './pool.service.ts';

/** The indicators charted on the Performance page, in its order. */
export const PERFORMANCE_TREND_IDS: readonly KpiId[] = ['referrals', 'rereferrals_12m', 'assessments_within_45wd', 'cp_open_at_end', 'cla_open_at_end'];

/** What the Forecast page shows when first opened (the defaults of its route): 24 months ahead, the window chosen by the backtest. */
export const FORECAST_PAGE_DEFAULT: ForecastRequest = { months: 24, window: 'auto' };

/** The month ends of the Overview page's trend: the last twelve to `asOf`. */
export function lastTwelveMonthEnds(asOf: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: monthEnd(addDays(monthEnd(asOf), -340)), to: asOf };
}

export interface PageServices {
  kpis: Pick<KpiService, 'years' | 'kpis' | 'rolling'>;
  caseloads: Pick<CaseloadService, 'defaultDate' | 'snapshot' | 'series'>;
  benchmarks?: Pick<BenchmarksService, 'isKnown' | 'live'> | undefined;
  forecast?: Pick<ForecastService, 'run'> | undefined;
  /** After a council's import, the pages of the regional pools it belongs to. */
  pools?: Pick<PoolService, 'warmPoolPages'> | undefined;
}

/** Fills the caches for a council's Performance page (its latest year), Overview page (its default date) and Forecast page (its default request). */
export async function warmPages(services: PageServices, laCode: string): Promise<void> {
  const years = await services.kpis.years(laCode);
  if (years[0] !== undefined) {
    const result = await services.kpis.kpis(laCode, years[0]);
    await services.kpis.rolling(laCode, PERFORMANCE_TREND_IDS, result.period.end);
  }
  const asOf = await services.caseloads.defaultDate(laCode);
  await services.caseloads.snapshot(laCode, asOf);
  const { from, to } = lastTwelveMonthEnds(asOf);
  await services.caseloads.series(laCode, from, to);
  if (services.benchmarks && (await services.benchmarks.isKnown(laCode))) await services.benchmarks.live(laCode);
  if (services.forecast) {
    // A council without the history to forecast from is told so by the page; nothing to warm.
    await services.forecast.run(laCode, FORECAST_PAGE_DEFAULT).catch((err: unknown) => {
      if (!(isAppError(err) && err.code === 'input_rejected')) throw err;
    });
  }
}

/**
 * Warms the pages of every council in a regional pool, one council at a time, as a server
 * starts: a pool's page reads every member's figures, and computing them all on its first
 * visit would keep that visitor waiting for the whole pool. Returns the councils warmed.
 */
export async function warmPooledCouncils(services: PageServices & { pools: Pick<PoolService, 'pooledLaCodes' | 'warmPoolPages'> }): Promise<string[]> {
  const laCodes = await services.pools.pooledLaCodes();
  for (const laCode of laCodes) await warmPages(services, laCode);
  await services.pools.warmPoolPages();
  return laCodes;
}

/** Warms a council's pages, then its pools' pages, after each of its imports (for a running server; one-shot commands need not). */
export function warmPagesAfterImports(services: PageServices & { imports: Pick<ImportService, 'afterImport'> }): void {
  services.imports.afterImport(async (result) => {
    await warmPages(services, result.laCode);
    await services.pools?.warmPoolPages(result.laCode);
  });
}

/**
 * Warms every council's pages one after another, for a server that has just started: the caches
 * live in the process, so without this the first visitor to each council after a restart would
 * wait for its figures. Runs in the background; a council that fails is reported and skipped.
 */
export async function warmAllPages(services: PageServices, laCodes: readonly string[], onError: (laCode: string, err: unknown) => void): Promise<number> {
  let warmed = 0;
  for (const laCode of laCodes) {
    try {
      await warmPages(services, laCode);
      warmed += 1;
    } catch (err) {
      onError(laCode, err);
    }
  }
  return warmed;
}
