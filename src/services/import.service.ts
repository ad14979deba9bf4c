import { AppError } from '../errors.ts';
import { runImport, type ImportDeps, type Importer, type ImportRequest, type ImportResult, type ImportSource } from './import-runner.ts';

export type ImporterRegistry = Partial<Record<ImportSource, Importer<unknown>>>;

/** One entry point for every file import, used by the CLI and the web upload page. */
export function importService(deps: ImportDeps, importers: ImporterRegistry) {
  return {
    sources(): ImportSource[] {
      return Object.keys(importers) as ImportSource[];
    },
    async run(source: ImportSource, request: ImportRequest): Promise<ImportResult> {
      const importer = importers[source];
      if (!importer) throw new AppError('bad_usage', `Headroom cannot import "${source}" files yet.`);
      return runImport(deps, importer, request);
    },
  };
}
export type ImportService = ReturnType<typeof importService>;
