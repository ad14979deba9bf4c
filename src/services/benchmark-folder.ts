import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NEIGHBOUR_MODEL_PATTERN, SOURCES, valueColumnsOf } from '../domain/benchmarks/catalogue.ts';
import { buildDataset, type ParsedNeighbourModel, type ParsedSource } from '../domain/benchmarks/build.ts';
import type { BenchmarkDataset } from '../domain/benchmarks/dataset.ts';
import { AppError } from '../errors.ts';
import { parseDfeTidy, parseNeighbourModel } from '../formats/dfe-benchmarks/dfe-tidy.ts';
import type { ImportIssue } from '../formats/issue.ts';

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export interface FolderBuild {
  dataset: BenchmarkDataset;
  /** Files read, with the table each was recognised as. */
  files: Array<{ file: string; source: string; rowsRead: number; rowsLoaded: number }>;
  /** Files in the folder that are not a table Headroom reads. */
  ignored: string[];
  issues: ImportIssue[];
}

/**
 * Reads every DfE/ONS table Headroom knows from a folder of published CSVs and builds the
 * compact dataset. A recognised file that cannot be used (a column renamed or missing) stops
 * the whole import with input_rejected naming the file and the column: nothing is half-loaded.
 */
export async function buildFromFolder(folder: string, options: { previous: BenchmarkDataset | null; builtAt: string; published: string | null }): Promise<FolderBuild> {
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    const why = code === 'ENOENT' ? 'no such file or folder' : code === 'ENOTDIR' ? 'is a file, not a folder' : 'could not be read';
    throw new AppError('input_rejected', `${folder}: ${why}. Give the folder holding the DfE CSV files. Nothing was loaded.`, { cause: err });
  }
  const parsed: ParsedSource[] = [];
  let model: ParsedNeighbourModel | null = null;
  const files: FolderBuild['files'] = [];
  const ignored: string[] = [];
  const issues: ImportIssue[] = [];
  for (const name of names) {
    const source = SOURCES.find((s) => s.filePattern.test(name));
    const modelMatch = NEIGHBOUR_MODEL_PATTERN.exec(name);
    if (!source && !modelMatch) {
      ignored.push(name);
      continue;
    }
    const bytes = await readFile(path.join(folder, name));
    if (source) {
      const result = parseDfeTidy(bytes, name, { valueColumns: valueColumnsOf(source), categoryColumns: source.categoryColumns ?? [] });
      if (result.fatal) throw new AppError('input_rejected', result.fatal.message);
      issues.push(...result.issues);
      parsed.push({ source, file: name, sha256: sha256(bytes), rows: result.rows });
      files.push({ file: name, source: source.id, rowsRead: result.rowsRead, rowsLoaded: result.rows.length });
    } else if (modelMatch) {
      const result = parseNeighbourModel(bytes, name);
      if (result.fatal) throw new AppError('input_rejected', result.fatal.message);
      issues.push(...result.issues);
      model = { model: `${modelMatch[1]} model`, file: name, sha256: sha256(bytes), rows: result.rows };
      files.push({ file: name, source: 'neighbours', rowsRead: result.rowsRead, rowsLoaded: result.rows.length });
    }
  }
  if (files.length === 0) {
    throw new AppError('input_rejected', `No DfE table Headroom reads was found in ${folder}. It reads files named like ${SOURCES.map((s) => s.filePattern.source.replace(/^\^|\.\*\\\.csv\$$/g, '')).slice(0, 3).join(', ')}… and sn_model_2025_wide.csv (see docs/benchmarks.md).`);
  }
  const dataset = buildDataset({ sources: parsed, neighbourModel: model, previous: options.previous, builtAt: options.builtAt, published: options.published, hash: sha256 });
  return { dataset, files, ignored, issues };
}
