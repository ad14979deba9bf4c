import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { insertBenchmarkDataset, latestBenchmarkDataset, latestBenchmarkDatasetId } from '../db/benchmark.repository.ts';
import type { Database } from '../db/schema.ts';
import { laBenchmarks, latestYear, rankingOf, type LaBenchmarks, type YearRanking } from '../domain/benchmarks/compare.ts';
import { orderedMeasures, type BenchmarkDataset, type DatasetMeasure } from '../domain/benchmarks/dataset.ts';
import { withDemoshire } from '../demo/benchmarks.ts';
import { AppError } from '../errors.ts';
import { buildFromFolder, type FolderBuild } from './benchmark-folder.ts';
import { COUNCILS_KEPT, dataVersion, ResultCache } from './result-cache.ts';
import type { CaseloadService } from './caseload.service.ts';
import type { KpiService } from './kpi.service.ts';
import type { KpiId } from '../domain/flow/kpi.ts';
import { benchmarkTable, type BenchmarkTable } from '../reports/common/benchmark-table.ts';
import { formatFigure } from '../reports/performance/format.ts';
import type { PerformanceReport } from '../reports/performance/model.ts';

/** The council's own indicators that measure the same thing as a published benchmark. */
export const LIVE_KPIS: ReadonlyArray<[KpiId, string]> = [
  ['rereferrals_12m', 'rereferral_percent'],
  ['cp_second_or_subsequent', 'cpp_subsequent_percent'],
  ['cp_open_2y_plus', 'cpp_2years_plus_percent'],
  ['cla_per_10k', 'cla_rate_per_10000'],
  ['cla_3plus_placements', 'placements_3plus_percent'],
];

const SHIPPED = new URL('../../data/benchmarks/dataset.json', import.meta.url);

/** The shipped dataset, read once per process. */
let shipped: Promise<BenchmarkDataset> | null = null;
function readShipped(): Promise<BenchmarkDataset> {
  shipped ??= readFile(SHIPPED, 'utf8').then((text) => JSON.parse(text) as BenchmarkDataset);
  return shipped;
}

export interface DatasetInfo {
  version: string;
  published: string | null;
  builtAt: string;
  origin: 'shipped' | 'imported';
  importedBy: string | null;
  importedAt: string | null;
  licence: string;
  neighbourModel: string;
  sources: BenchmarkDataset['sources'];
}

interface Loaded {
  id: number | null;
  /** When the database was last asked for the newest import (ms since epoch). */
  checkedAt: number;
  dataset: BenchmarkDataset;
  info: DatasetInfo;
  rankings: Map<string, YearRanking>;
  trends: Map<string, TrendPoint[]>;
  results: Map<string, LaBenchmarks>;
}

export interface TrendPoint {
  year: number;
  value: number | null;
  england: number | null;
  region: number | null;
  neighboursAverage: number | null;
}

/**
 * How long a process trusts its copy before asking the database whether another process has
 * imported a newer one. An import in this process takes effect at once.
 */
const RECHECK_MS = 10_000;

export interface LiveFigure {
  id: string;
  label: string;
  value: number | null;
  /** What the live figure covers, e.g. "caseloads at 2025-03-31" or "2024-25". */
  period: string;
  publishedYear: number | null;
  publishedValue: number | null;
  england: number | null;
  region: number | null;
  neighboursAverage: number | null;
}

/**
 * Published benchmarks: the dataset Headroom ships (data/benchmarks), or the newest one a
 * council imported. The dataset is loaded once per process and rankings are worked out once
 * per measure and year; an import elsewhere is noticed by the id of the newest stored copy.
 */
export function benchmarksService(deps: { db: Kysely<Database>; clock: () => Date; caseloads: Pick<CaseloadService, 'defaultDate' | 'snapshot'>; kpis: Pick<KpiService, 'years' | 'kpis'> }) {
  let loaded: Loaded | null = null;
  const liveCache = new ResultCache(COUNCILS_KEPT);

  async function load(): Promise<Loaded> {
    const now = Date.now();
    if (loaded && now - loaded.checkedAt < RECHECK_MS) return loaded;
    const id = await latestBenchmarkDatasetId(deps.db);
    if (loaded && loaded.id === id) {
      loaded.checkedAt = now;
      return loaded;
    }
    const stored = id === null ? undefined : await latestBenchmarkDataset(deps.db);
    const base = stored ? (JSON.parse(stored.content) as BenchmarkDataset) : await readShipped();
    const dataset = withDemoshire(base);
    loaded = {
      id,
      checkedAt: now,
      dataset,
      rankings: new Map(),
      trends: new Map(),
      results: new Map(),
      info: {
        version: dataset.version,
        published: dataset.published,
        builtAt: dataset.builtAt,
        origin: stored ? 'imported' : 'shipped',
        importedBy: stored?.importedBy ?? null,
        importedAt: stored ? stored.importedAt.toISOString() : null,
        licence: dataset.licence,
        neighbourModel: dataset.neighbours.model,
        sources: dataset.sources,
      },
    };
    return loaded;
  }

  function ranking(l: Loaded, m: DatasetMeasure, year: number): YearRanking {
    const key = `${m.id}|${year}`;
    let r = l.rankings.get(key);
    if (!r) {
      r = rankingOf(m, year);
      l.rankings.set(key, r);
    }
    return r;
  }

  function unknownLa(laCode: string): AppError {
    return new AppError('input_rejected', `LA ${laCode} is not in the published benchmarks. Use the DfE three-digit LA number; \`headroom benchmarks las\` lists them all (the Benchmarks page has the same list).`);
  }

  async function forLa(laCode: string, year?: number): Promise<LaBenchmarks> {
    const l = await load();
    const key = `${laCode}|${year ?? ''}`;
    const hit = l.results.get(key);
    if (hit) return hit;
    const result = laBenchmarks(l.dataset, laCode, year, (m, y) => ranking(l, m, y));
    if (!result) throw unknownLa(laCode);
    // Bounded by the LAs and years that exist; a few hundred entries at most.
    l.results.set(key, result);
    return result;
  }

  async function computeLive(laCode: string): Promise<LiveFigure[]> {
    const published = await forLa(laCode);
    const latest = (id: string) => published.measures.find((m) => m.id === id);
    const out: LiveFigure[] = [];
    const asOf = await deps.caseloads.defaultDate(laCode);
    const snapshot = await deps.caseloads.snapshot(laCode, asOf);
    const caseload = latest('caseload_fte');
    if (caseload && snapshot.basis !== 'none') {
      out.push({ id: 'caseload_fte', label: caseload.label, value: snapshot.totals.averagePerFte, period: `caseloads at ${asOf}`, publishedYear: caseload.year, publishedValue: caseload.value, england: caseload.england, region: caseload.region, neighboursAverage: caseload.neighboursAverage });
    }
    const year = (await deps.kpis.years(laCode))[0];
    if (year) {
      const kpis = await deps.kpis.kpis(laCode, year);
      for (const [kpiId, measureId] of LIVE_KPIS) {
        const k = kpis.kpis.find((x) => x.id === kpiId);
        const m = latest(measureId);
        if (!k || !m) continue;
        out.push({ id: measureId, label: m.label, value: k.value, period: kpis.period.label, publishedYear: m.year, publishedValue: m.value, england: m.england, region: m.region, neighboursAverage: m.neighboursAverage });
      }
    }
    return out;
  }

  return {
    async info(): Promise<DatasetInfo> {
      return (await load()).info;
    },

    async dataset(): Promise<BenchmarkDataset> {
      return (await load()).dataset;
    },

    /** Every LA in the dataset, with its region, by code. */
    async las(): Promise<Array<{ laCode: string; name: string; region: string; synthetic: boolean }>> {
      const { dataset } = await load();
      const real = Object.entries(dataset.las).map(([laCode, la]) => ({ laCode, name: la.name, region: dataset.regions[la.region] ?? la.region, synthetic: false }));
      const made = Object.entries(dataset.synthetic ?? {}).map(([laCode, la]) => ({ laCode, name: la.name, region: dataset.regions[la.region] ?? la.region, synthetic: true }));
      return [...real, ...made].sort((a, b) => a.laCode.localeCompare(b.laCode));
    },

    async isKnown(laCode: string): Promise<boolean> {
      const { dataset } = await load();
      return dataset.las[laCode] !== undefined || dataset.synthetic?.[laCode] !== undefined;
    },

    /** Every measure for an LA: `year` as the DfE labels it, or each measure's latest published year. */
    forLa,

    /**
     * One measure over every published year for an LA, with England, its region and its
     * neighbours' average: the trend lines of the Benchmarks page.
     */
    async trend(laCode: string, measureId: string): Promise<TrendPoint[]> {
      const l = await load();
      const key = `${laCode}|${measureId}`;
      const hit = l.trends.get(key);
      if (hit) return hit;
      const m = l.dataset.measures.find((x) => x.id === measureId);
      if (!m) return [];
      const one = { ...l.dataset, measures: [m] };
      const points = Object.keys(m.values)
        .map(Number)
        .sort((a, b) => a - b)
        .map((y) => {
          const r = laBenchmarks(one, laCode, y, (mm, yy) => ranking(l, mm, yy))?.measures[0];
          return { year: y, value: r?.value ?? null, england: r?.england ?? null, region: r?.region ?? null, neighboursAverage: r?.neighboursAverage ?? null };
        });
      l.trends.set(key, points);
      return points;
    },

    /** Latest published year of a measure, for labelling a comparison. */
    async latestYearOf(measureId: string): Promise<number | null> {
      const { dataset } = await load();
      const m = dataset.measures.find((x) => x.id === measureId);
      return m ? latestYear(m) : null;
    },

    /**
     * The council's own live figures (caseload per FTE from its loaded data, its indicators for
     * the latest financial year with data) beside the latest published year of the same
     * measure. Provisional: the council's data is not the DfE's validated return.
     */
    async live(laCode: string): Promise<LiveFigure[]> {
      const version = `${(await load()).info.version}|${await dataVersion(deps.db, laCode)}`;
      return liveCache.get(`${laCode}|${version}`, () => computeLive(laCode));
    },

    /** The "how we compare" table of the quarterly performance (Cabinet) report. */
    async performanceTable(report: PerformanceReport): Promise<BenchmarkTable | null> {
      if (!(await this.isKnown(report.laCode))) return null;
      const rows = new Map(report.sections.flatMap((s) => s.rows).map((r) => [r.id as string, r]));
      const result = await forLa(report.laCode);
      return benchmarkTable(
        result,
        `This council, ${report.periodLabel} (provisional)`,
        LIVE_KPIS.map(([kpi, measureId]) => {
          const row = rows.get(kpi);
          return { measureId, own: row ? formatFigure(row.current.value, row.unit) : null };
        }),
      );
    },

    /** The "how we compare" table of the business case: the workforce measures. */
    async workforceTable(laCode: string, ownCaseloadPerFte: number | null, asOf: string): Promise<BenchmarkTable | null> {
      if (!(await this.isKnown(laCode))) return null;
      const result = await forLa(laCode);
      return benchmarkTable(result, `This council at ${asOf} (provisional)`, [
        { measureId: 'caseload_fte', own: ownCaseloadPerFte === null ? null : ownCaseloadPerFte.toFixed(1) },
        { measureId: 'turnover_rate_fte', own: null },
        { measureId: 'agency_rate_fte', own: null },
        { measureId: 'vacancy_rate_fte', own: null },
        { measureId: 'absence_rate_fte', own: null },
      ]);
    },

    async measures(): Promise<DatasetMeasure[]> {
      return orderedMeasures((await load()).dataset);
    },

    /**
     * Refreshes the benchmarks from a folder of newly published DfE files. Tables not in the
     * folder keep their current figures. A file with a renamed or missing column is refused
     * (input_rejected, naming the file and the column) and nothing is stored.
     */
    async importFolder(folder: string, options: { actor: string; published: string | null }): Promise<FolderBuild & { info: DatasetInfo }> {
      const current = await load();
      const previous: BenchmarkDataset = { ...current.dataset };
      delete previous.synthetic;
      const build = await buildFromFolder(folder, { previous, builtAt: deps.clock().toISOString().slice(0, 10), published: options.published });
      await insertBenchmarkDataset(deps.db, { version: build.dataset.version, published: build.dataset.published, content: JSON.stringify(build.dataset), importedBy: options.actor });
      loaded = null;
      return { ...build, info: (await load()).info };
    },
  };
}
export type BenchmarksService = ReturnType<typeof benchmarksService>;
