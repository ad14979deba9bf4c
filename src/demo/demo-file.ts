import type { IsoDate } from '../domain/dates.ts';

/** The kinds of file the generator writes, each loaded by the importer of that name. */
export type DemoFileKind = 'annex-a' | 'roster' | 'teams' | 'allocations' | 'csww' | 'population' | 'ssda903' | 'cin-census' | 'plan' | 'audits' | 'risks';

/** One file the generator wrote, in the order it must be imported. */
export interface DemoFile {
  kind: DemoFileKind;
  path: string;
  extractDate?: IsoDate | undefined;
  /** A statutory return's collection year (ending 31 March), for the 903 and census imports. */
  returnYear?: number | undefined;
}

/** Writes one synthetic council's files into outDir (in this thread or on a worker thread). */
export interface DemoGenerator {
  (opts: { outDir: string; seed: number; endDate: IsoDate; laCode: string; laName: string; children?: number; onProgress?: (msg: string) => void }): Promise<{ files: DemoFile[] }>;
}
