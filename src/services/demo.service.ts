import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { upsertLaSetting } from '../db/la-setting.repository.ts';
import type { Database } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { ImportSource } from './import-runner.ts';
import type { ImportService } from './import.service.ts';
import type { DemoFile } from '../demo/demo-file.ts';

export type { DemoFile } from '../demo/demo-file.ts';

export interface DemoGenerator {
  (opts: { outDir: string; seed: number; endDate: IsoDate; laCode: string; laName: string; children?: number; onProgress?: (msg: string) => void }): Promise<{ files: DemoFile[] }>;
}

/** Fictional councils for demo pools; Demoshire is always first and takes LA code 999. */
const DEMO_COUNCILS = ['Demoshire', 'Sampleshire', 'Modelbury', 'Specimen Vale', 'Prototon', 'Fixtureford', 'Mockingham', 'Trialby', 'Pilotshire', 'Testmoor', 'Draftwick', 'Examplecombe'];

export interface DemoOptions {
  seed: number;
  children?: number | undefined;
  las: number;
  endDate: IsoDate;
  onProgress?: ((msg: string) => void) | undefined;
}

export interface DemoSummary {
  councils: Array<{ laCode: string; laName: string; files: number; rowsLoaded: number; errors: number }>;
  generateMs: number;
  importMs: number;
}

/**
 * Generates synthetic councils and loads them through the same import services as a
 * council's own files. Each is marked synthetic, which is what lets a loopback demo
 * sign visitors in automatically.
 */
export function demoService(deps: { db: Kysely<Database>; imports: ImportService; generate: DemoGenerator }) {
  return {
    councilFor(index: number): { laCode: string; laName: string } {
      const name = DEMO_COUNCILS[index % DEMO_COUNCILS.length] ?? 'Demoshire';
      const round = Math.floor(index / DEMO_COUNCILS.length);
      return { laCode: String(999 - index), laName: round === 0 ? name : `${name} ${round + 1}` };
    },

    async load(options: DemoOptions): Promise<DemoSummary> {
      const summary: DemoSummary = { councils: [], generateMs: 0, importMs: 0 };
      for (let i = 0; i < options.las; i++) {
        const { laCode, laName } = this.councilFor(i);
        const dir = await mkdtemp(path.join(tmpdir(), `headroom-demo-${laCode}-`));
        try {
          const t0 = Date.now();
          options.onProgress?.(`Generating ${laName} (LA ${laCode})…`);
          const manifest = await deps.generate({ outDir: dir, seed: options.seed + i, endDate: options.endDate, laCode, laName, children: options.children, onProgress: options.onProgress });
          const t1 = Date.now();
          summary.generateMs += t1 - t0;
          await upsertLaSetting(deps.db, laCode, { laName, synthetic: true });
          let rowsLoaded = 0;
          let errors = 0;
          for (const file of manifest.files) {
            options.onProgress?.(`Importing ${laName}: ${path.basename(file.path)}`);
            const result = await deps.imports.run(file.kind, {
              laCode,
              fileName: path.basename(file.path),
              bytes: await readFile(file.path),
              loadedBy: 'demo',
              extractDate: file.extractDate,
            });
            rowsLoaded += result.lists.reduce((n, l) => n + l.loaded, 0);
            errors += result.issues.filter((x) => x.severity === 'error').length;
          }
          summary.importMs += Date.now() - t1;
          summary.councils.push({ laCode, laName, files: manifest.files.length, rowsLoaded, errors });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
      return summary;
    },
  };
}
export type DemoService = ReturnType<typeof demoService>;

/** The last month end strictly before `today`: the default end of the demo's five years. */
export function lastMonthEndBefore(today: IsoDate): IsoDate {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}
