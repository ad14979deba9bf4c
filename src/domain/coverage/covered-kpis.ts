import type { Period } from '../calendar/periods.ts';
import { rangePeriod } from '../calendar/periods.ts';
import type { FlowData } from '../flow/events.ts';
import type { FlowIndex } from '../flow/flow-index.ts';
import { indexFlowData } from '../flow/flow-index.ts';
import { computeKpi, computeKpis, type FlowOptions } from '../flow/indicators.ts';
import { KPI_IDS, type FigureCoverage, type Kpi, type KpiId } from '../flow/kpi.ts';
import type { CoverageIndex } from './coverage.ts';
import { kpiCoverage } from './kpi-coverage.ts';

/**
 * The indicators for a period as far as the loaded data covers it: a fully covered indicator
 * over the whole period; a partly covered one over the covered part only (its `covers`); one
 * with no coverage as no data (value null, numerator 0, never shown as 0).
 */
export function computeCoveredKpis(
  data: FlowData | FlowIndex,
  period: Period,
  opts: FlowOptions | undefined,
  index: CoverageIndex,
  ids: readonly KpiId[] = KPI_IDS,
): { kpis: Kpi[]; coverage: Map<KpiId, FigureCoverage> } {
  const ix = indexFlowData(data);
  const whole = computeKpis(ix, period, opts, ids);
  const coverage = new Map<KpiId, FigureCoverage>();
  const kpis = whole.map((kpi) => {
    const c = kpiCoverage(index, kpi.id, period);
    if (c.coverage === 'full') {
      coverage.set(kpi.id, { coverage: 'full', covers: null });
      return kpi;
    }
    if (c.coverage === 'partial' && c.covered) {
      coverage.set(kpi.id, { coverage: 'partial', covers: c.covered });
      return computeKpi(kpi.id, ix, rangePeriod(c.covered.from, c.covered.to), opts);
    }
    coverage.set(kpi.id, { coverage: 'none', covers: null });
    return noData(kpi);
  });
  return { kpis, coverage };
}

function noData(kpi: Kpi): Kpi {
  return { ...kpi, numerator: 0, denominator: null, value: null };
}
