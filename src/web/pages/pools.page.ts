import type { Services } from '../../app.ts';
import { canManagePools, canSeePool } from '../../domain/access/pools.ts';
import { suppressesSmallCounts, type Principal } from '../../domain/access/roles.ts';
import { suppressCount } from '../../domain/disclosure/index.ts';
import type { KpiUnit } from '../../domain/flow/kpi.ts';
import { caseloadTotals, indicatorTotals, overSharePercent, type CouncilCaseloads, type CouncilIndicator, type PublishedPoolRow } from '../../domain/pools/compare.ts';
import { AppError } from '../../errors.ts';
import { POOL_KPI_IDS, type PoolComparison } from '../../services/pool.service.ts';
import { formatDate, formatNumber } from '../render.ts';
import type { Cell } from './caseload-view.ts';
import { averageWithheld } from './caseload-view.ts';

const NO_DATA = 'No data';
const WITHHELD = 'c';

const text = (t: string, numeric = false): Cell => (numeric ? { text: t, format: 'numeric' } : { text: t });
const noData = (): Cell => ({ text: NO_DATA });

/** The sentence under a total: how many of the pool's councils it covers, and on what period. */
function coversText(covers: number, of: number, period: string): string {
  if (covers === of) return `All ${of} ${of === 1 ? 'council' : 'councils'}, ${period}.`;
  return `Covers ${covers} of ${of} councils: those with figures ${period}. The others’ figures cover other periods (or none), so they are shown but not added in.`;
}

function kpiText(unit: KpiUnit | 'ratio', value: number | null): string {
  if (value === null) return '–';
  return unit === 'percent' ? `${formatNumber(value, 1)}%` : unit === 'count' ? formatNumber(value, 0) : formatNumber(value, 1);
}

/** An indicator as a regional analyst or viewer may see it: counts of 1 to 5 (and figures made from them) withheld. */
function indicatorCell(k: Pick<CouncilIndicator, 'unit' | 'numerator' | 'denominator' | 'value'> & { coverage?: CouncilIndicator['coverage'] }, withhold: boolean): Cell {
  if (k.coverage === 'none') return noData();
  const small = (n: number | null) => n !== null && suppressCount(n) === WITHHELD;
  const hidden = withhold && (small(k.numerator) || (k.unit === 'percent' && small(k.denominator)));
  const shown = hidden ? WITHHELD : kpiText(k.unit, k.value);
  return text(k.coverage === 'partial' ? `${shown} (part of the period)` : shown, true);
}

function caseloadCells(c: Pick<CouncilCaseloads, 'children' | 'heldChildren' | 'caseHoldingWorkers' | 'averagePerFte' | 'overWorkers'>, withhold: boolean): Cell[] {
  const children = withhold ? suppressCount(c.children) : c.children;
  const average = withhold && averageWithheld(c) ? WITHHELD : formatNumber(c.averagePerFte, 1);
  const shareHidden = withhold && (suppressCount(c.overWorkers) === WITHHELD || suppressCount(c.caseHoldingWorkers) === WITHHELD);
  const share = overSharePercent(c.overWorkers, c.caseHoldingWorkers);
  return [
    text(typeof children === 'number' ? formatNumber(children, 0) : children, true),
    text(average, true),
    text(shareHidden ? WITHHELD : share === null ? '–' : `${formatNumber(share, 0)}%`, true),
  ];
}

function publishedText(row: Pick<PublishedPoolRow, 'unit' | 'decimals'>, value: number | null): string {
  if (value === null) return NO_DATA;
  return `${formatNumber(value, row.decimals)}${row.unit === 'percent' ? '%' : ''}`;
}

/** The list of pools a principal may open (the Pools section). */
export async function poolsPage(services: Services, principal: Principal) {
  const pools = (await services.pools.list()).filter((p) => canSeePool(principal, p.id));
  return {
    pageTitle: 'Regional pools',
    canManage: canManagePools(principal),
    pools: pools.map((p) => ({ href: `/pools/${p.id}`, name: p.name, councils: p.members.length })),
  };
}

/**
 * A pool's page: its consenting councils side by side (caseloads, key indicators, latest
 * forecast) and the pool against England in the published benchmarks. Each figure carries its
 * period; totals are only over councils sharing one (see src/domain/pools/compare.ts). Figures
 * come from each council's cached results; small counts are withheld as on a viewer's pages.
 */
export async function poolPage(services: Services, principal: Principal, query: { poolId: number }) {
  if (!canSeePool(principal, query.poolId)) throw new AppError('not_found', 'There is no such pool.');
  const comparison = await services.pools.comparison(query.poolId);
  if (!comparison) throw new AppError('not_found', 'There is no such pool.');
  const withhold = suppressesSmallCounts(principal.role);
  // The service keeps one comparison object while no member's data changes: its formatted
  // tables (a thousand numbers for a London-sized pool) are kept with it, once per disclosure level.
  const kept = formatted.get(comparison) ?? new Map<boolean, PoolPageModel>();
  formatted.set(comparison, kept);
  const hit = kept.get(withhold);
  if (hit) return hit;
  const model = poolPageModel(comparison, withhold);
  kept.set(withhold, model);
  return model;
}

type PoolPageModel = ReturnType<typeof poolPageModel>;
const formatted = new WeakMap<PoolComparison, Map<boolean, PoolPageModel>>();

function poolPageModel(comparison: PoolComparison, withhold: boolean) {
  const { councils } = comparison;
  const nameCell = (c: { laName: string; laCode: string }): Cell => ({ text: `${c.laName} (${c.laCode})` });

  const caseloadRows: Cell[][] = councils.map((c) =>
    c.caseloads ? [nameCell(c), text(formatDate(c.caseloads.asOf)), ...caseloadCells(c.caseloads, withhold), text(`${c.caseloads.standardMax} (${c.caseloads.standardLabel})`)] : [nameCell(c), noData(), noData(), noData(), noData(), noData()],
  );
  const ct = caseloadTotals(councils);
  const caseloadTotal = ct
    ? { cells: [{ text: 'Pool', classes: 'govuk-!-font-weight-bold' }, text(formatDate(ct.key)), ...caseloadCells(ct, withhold), text('Each council’s own')], note: coversText(ct.covers, ct.of, `at ${formatDate(ct.key)}`) }
    : null;

  const kpiHead = POOL_KPI_IDS.map((id) => councils.flatMap((c) => c.indicators?.kpis ?? []).find((k) => k.id === id)?.label ?? id);
  const periodText = (p: { label: string; start: string; end: string }) => `${p.label} (${formatDate(p.start)} to ${formatDate(p.end)})`;
  const indicatorRows: Cell[][] = councils.map((c) => {
    if (!c.indicators) return [nameCell(c), noData(), ...POOL_KPI_IDS.map(noData)];
    const byId = new Map(c.indicators.kpis.map((k) => [k.id, k]));
    return [nameCell(c), text(periodText(c.indicators.period)), ...POOL_KPI_IDS.map((id) => {
      const k = byId.get(id);
      return k ? indicatorCell(k, withhold) : noData();
    })];
  });
  const it = indicatorTotals(councils, POOL_KPI_IDS);
  const indicatorTotal = it
    ? {
        cells: [{ text: 'Pool', classes: 'govuk-!-font-weight-bold' }, text(periodText(it.key)), ...POOL_KPI_IDS.map((id) => {
          const k = it.kpis.find((x) => x.id === id);
          if (!k) return noData();
          return k.whole ? indicatorCell(k, withhold) : text('Not totalled: a council’s data covers only part of the period');
        })],
        note: coversText(it.covers, it.of, `for ${periodText(it.key)}`),
      }
    : null;

  const forecastRows: Cell[][] = councils.map((c) => {
    const line = c.forecast?.lines.find((l) => /looked after/i.test(l.label)) ?? c.forecast?.lines[0];
    if (!c.forecast || !line) return [nameCell(c), noData(), noData(), noData(), noData()];
    const count = (n: number) => {
      const r = Math.round(n);
      return withhold && suppressCount(r) === WITHHELD ? WITHHELD : formatNumber(r, 0);
    };
    return [nameCell(c), text(line.label), text(`${count(line.today)} on ${formatDate(c.forecast.origin)}`, true), text(`${count(line.forecast)} on ${formatDate(line.date)}`, true), text(`${count(line.lower)} to ${count(line.upper)}`, true)];
  });

  const published = comparison.published;
  const combined = published.filter((r) => r.combination !== 'per_council');
  const perCouncil = published.filter((r) => r.combination === 'per_council');
  const publishedRows: Cell[][] = combined.map((r) => [
    { text: r.label },
    text(String(r.year)),
    text(publishedText(r, r.pool), true),
    text(r.pool === null ? `None of ${r.of}` : r.covers === r.of ? `All ${r.of}` : `Covers ${r.covers} of ${r.of} councils`),
    text(publishedText(r, r.england), true),
  ]);
  const perCouncilHead = ['Council', ...perCouncil.map((r) => `${r.label}, ${r.year}`)];
  const perCouncilRows: Cell[][] = [
    ...councils.map((c) => [nameCell(c), ...perCouncil.map((r) => text(publishedText(r, r.councils.find((x) => x.laCode === c.laCode)?.value ?? null), true))]),
    [{ text: 'England', classes: 'govuk-!-font-weight-bold' }, ...perCouncil.map((r) => text(publishedText(r, r.england), true))],
  ];

  return {
    pageTitle: comparison.pool.name,
    pool: comparison.pool,
    withhold,
    councils: councils.map((c) => ({ laCode: c.laCode, laName: c.laName })),
    caseloads: { head: ['Council', 'At', 'Children open', 'Average caseload per FTE', 'Case holders over their standard', 'Standard’s maximum'], rows: caseloadRows, total: caseloadTotal },
    indicators: { head: ['Council', 'Period', ...kpiHead], rows: indicatorRows, total: indicatorTotal },
    forecast: { head: ['Council', 'Measure', 'Now', '12 months ahead', '80% range'], rows: forecastRows, any: councils.some((c) => c.forecast !== null) },
    published: { head: ['Measure', 'Published year', 'Pool', 'Councils in the pool figure', 'England'], rows: publishedRows, perCouncilHead, perCouncilRows },
  };
}
