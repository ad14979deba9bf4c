import type { DfeTidyRow, NeighbourModelRow } from './published.ts';
import type { SourceDef } from './catalogue.ts';
import { OGL_ATTRIBUTION, type BenchmarkDataset, type Cell, type DatasetMeasure, type DatasetSource } from './dataset.ts';

export interface ParsedSource {
  source: SourceDef;
  file: string;
  sha256: string;
  rows: DfeTidyRow[];
}

export interface ParsedNeighbourModel {
  model: string;
  file: string;
  sha256: string;
  rows: NeighbourModelRow[];
}

/**
 * Builds the compact dataset from parsed files. Sources not given are carried over from
 * `previous` (a council refreshing one table keeps the others). Pure: the caller passes the
 * clock's reading and the content hash function.
 */
export function buildDataset(input: {
  sources: readonly ParsedSource[];
  neighbourModel: ParsedNeighbourModel | null;
  previous: BenchmarkDataset | null;
  builtAt: string;
  published: string | null;
  hash: (text: string) => string;
}): BenchmarkDataset {
  const prev = input.previous;
  const measures = new Map<string, DatasetMeasure>(prev?.measures.map((m) => [m.id, m]) ?? []);
  const sources = new Map<string, DatasetSource>(prev?.sources.map((s) => [s.id, s]) ?? []);
  const regions: Record<string, string> = { ...(prev?.regions ?? {}) };
  const las: Record<string, { name: string; region: string; year: number }> = {};
  for (const [code, la] of Object.entries(prev?.las ?? {})) las[code] = { ...la, year: 0 };

  for (const parsed of input.sources) {
    const years = parsed.rows.map((r) => r.year);
    sources.set(parsed.source.id, {
      id: parsed.source.id,
      title: parsed.source.title,
      publication: parsed.source.publication,
      file: parsed.file,
      sha256: parsed.sha256,
      rows: parsed.rows.length,
      firstYear: years.length ? Math.min(...years) : null,
      lastYear: years.length ? Math.max(...years) : null,
    });
    for (const row of parsed.rows) {
      if (row.level === 'regional') regions[row.code] = row.name;
      if (row.level === 'la') {
        const known = las[row.code];
        // The latest year names the LA and its region (LAs have been renamed and re-organised).
        if (!known || row.year >= known.year) las[row.code] = { name: row.name, region: row.regionCode, year: row.year };
      }
    }
    for (const def of parsed.source.measures) {
      const values: Record<string, Record<string, Cell>> = {};
      for (const row of parsed.rows) {
        if (def.where && !Object.entries(def.where).every(([col, want]) => (row.categories[col] ?? '').trim() === want)) continue;
        const v = row.values[def.column];
        if (v === undefined) continue;
        const year = (values[String(row.year)] ??= {});
        year[row.code] = typeof v === 'number' ? v : v.symbol;
      }
      measures.set(def.id, { id: def.id, label: def.label, unit: def.unit, decimals: def.decimals, betterWhen: def.betterWhen, source: parsed.source.id, definition: def.definition, values });
    }
  }

  const neighbours = input.neighbourModel
    ? { model: input.neighbourModel.model, byLa: Object.fromEntries(input.neighbourModel.rows.map((r) => [r.laCode, r.neighbours])) }
    : (prev?.neighbours ?? { model: 'none', byLa: {} });
  if (input.neighbourModel) {
    sources.set('neighbours', {
      id: 'neighbours',
      title: `DfE children’s services statistical neighbour model (${input.neighbourModel.model})`,
      publication: 'DfE, Children’s services statistical neighbour benchmarking tool',
      file: input.neighbourModel.file,
      sha256: input.neighbourModel.sha256,
      rows: input.neighbourModel.rows.length,
      firstYear: null,
      lastYear: null,
    });
    for (const r of input.neighbourModel.rows) if (!las[r.laCode]) las[r.laCode] = { name: r.laName, region: '', year: 0 };
  }

  const sortedMeasures = [...measures.values()].map((m) => ({ ...m, values: sortKeys(m.values) }));
  const body = { sources: [...sources.values()].sort((a, b) => a.id.localeCompare(b.id)), regions: sortKeys(regions), las: sortKeys(Object.fromEntries(Object.entries(las).map(([code, la]) => [code, { name: la.name, region: la.region }]))), neighbours, measures: sortedMeasures };
  const lastYear = Math.max(0, ...body.sources.map((s) => s.lastYear ?? 0));
  return {
    format: 1,
    version: `${lastYear}-${input.hash(JSON.stringify(body)).slice(0, 8)}`,
    builtAt: input.builtAt,
    published: input.published ?? prev?.published ?? null,
    licence: OGL_ATTRIBUTION,
    ...body,
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
