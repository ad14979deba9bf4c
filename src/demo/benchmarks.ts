import { roundTo } from '../domain/benchmarks/compare.ts';
import type { BenchmarkDataset, Cell } from '../domain/benchmarks/dataset.ts';

export const DEMOSHIRE = '999';
/** Demoshire borrows the statistical neighbours of a real shire county of about its size. */
const MODEL_COUNTY = '855';

/**
 * Adds Demoshire (LA 999) to a dataset as a synthetic council: its neighbours are the DfE
 * neighbours of a real shire county (Leicestershire, 855) and each of its "published" figures
 * is the mean of those neighbours' real figures for that year, at the published precision.
 * Nothing here is a real council's figure, and Demoshire never enters a real council's rank.
 * Returns the dataset unchanged when the model county is missing (a refreshed dataset without it).
 */
export function withDemoshire(dataset: BenchmarkDataset): BenchmarkDataset {
  const model = dataset.las[MODEL_COUNTY];
  const neighbours = dataset.neighbours.byLa[MODEL_COUNTY];
  if (!model || !neighbours || dataset.las[DEMOSHIRE]) return dataset;
  const values: Record<string, Record<string, Cell>> = {};
  for (const m of dataset.measures) {
    const byYear: Record<string, Cell> = {};
    for (const [year, cells] of Object.entries(m.values)) {
      const nums = neighbours.map((n) => cells[n]).filter((v): v is number => typeof v === 'number');
      byYear[year] = nums.length ? roundTo(nums.reduce((a, b) => a + b, 0) / nums.length, m.decimals) : 'x';
    }
    values[m.id] = byYear;
  }
  return { ...dataset, synthetic: { ...dataset.synthetic, [DEMOSHIRE]: { name: 'Demoshire (synthetic)', region: model.region, neighbours, values } } };
}
