import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { upsertLaSetting } from '../db/la-setting.repository.ts';
import type { Database } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { ImportSource } from './import-runner.ts';
import type { ImportService } from './import.service.ts';
import type { DemoFile, DemoGenerator } from '../demo/demo-file.ts';

export type { DemoFile, DemoGenerator } from '../demo/demo-file.ts';

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
  /** Time spent generating and importing, each summed over the councils: the two overlap. */
  generateMs: number;
  importMs: number;
  /** Wall-clock time of the whole load. */
  elapsedMs: number;
}

/** A council whose files are written, waiting to be imported. */
interface Generated {
  laCode: string;
  laName: string;
  dir: string;
  files: DemoFile[];
  ms: number;
}

/**
 * Generates synthetic councils and loads them through the same import services as a
 * council's own files. Each is marked synthetic, which is what lets a loopback demo
 * sign visitors in automatically.
 */
export function demoService(deps: { db: Kysely<Database>; imports: ImportService; generate: DemoGenerator }) {
  const importCouncil = async (council: Generated, onProgress: ((msg: string) => void) | undefined, summary: DemoSummary): Promise<DemoSummary['councils'][number]> => {
    const t0 = Date.now();
    await upsertLaSetting(deps.db, council.laCode, { laName: council.laName, synthetic: true });
    let rowsLoaded = 0;
    let errors = 0;
    for (const file of council.files) {
      onProgress?.(`Importing ${council.laName}: ${path.basename(file.path)}`);
      const result = await deps.imports.run(file.kind, {
        laCode: council.laCode,
        fileName: path.basename(file.path),
        bytes: await readFile(file.path),
        loadedBy: 'demo',
        extractDate: file.extractDate,
        returnYear: file.returnYear,
      });
      rowsLoaded += result.lists.reduce((n, l) => n + l.loaded, 0);
      errors += result.issues.filter((x) => x.severity === 'error').length;
    }
    summary.importMs += Date.now() - t0;
    return { laCode: council.laCode, laName: council.laName, files: council.files.length, rowsLoaded, errors };
  };

  return {
    councilFor(index: number): { laCode: string; laName: string } {
      const name = DEMO_COUNCILS[index % DEMO_COUNCILS.length] ?? 'Demoshire';
      const round = Math.floor(index / DEMO_COUNCILS.length);
      return { laCode: String(999 - index), laName: round === 0 ? name : `${name} ${round + 1}` };
    },

    async load(options: DemoOptions): Promise<DemoSummary> {
      const started = Date.now();
      const summary: DemoSummary = { councils: [], generateMs: 0, importMs: 0, elapsedMs: 0 };
      const generate = async (index: number): Promise<Generated> => {
        const { laCode, laName } = this.councilFor(index);
        const dir = await mkdtemp(path.join(tmpdir(), `headroom-demo-${laCode}-`));
        try {
          const t0 = Date.now();
          options.onProgress?.(`Generating ${laName} (LA ${laCode})…`);
          const manifest = await deps.generate({ outDir: dir, seed: options.seed + index, endDate: options.endDate, laCode, laName, children: options.children, onProgress: options.onProgress });
          return { laCode, laName, dir, files: manifest.files, ms: Date.now() - t0 };
        } catch (error) {
          await rm(dir, { recursive: true, force: true });
          throw error;
        }
      };
      // One council ahead: council k+1 is generated (on a worker thread, as the app wires it)
      // while council k imports. Its failure is reported when the loop reaches it.
      const ahead = (index: number): Promise<Generated> | null => {
        if (index >= options.las) return null;
        const p = generate(index);
        p.catch(() => undefined);
        return p;
      };
      let next = ahead(0);
      try {
        for (let i = 0; next !== null; i++) {
          const council = await next;
          next = ahead(i + 1);
          summary.generateMs += council.ms;
          try {
            summary.councils.push(await importCouncil(council, options.onProgress, summary));
          } finally {
            await rm(council.dir, { recursive: true, force: true });
          }
        }
      } catch (error) {
        // A generation still running cleans up after itself before the first error is reported.
        if (next !== null) await next.then((c) => rm(c.dir, { recursive: true, force: true }), () => undefined);
        throw error;
      }
      summary.elapsedMs = Date.now() - started;
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
