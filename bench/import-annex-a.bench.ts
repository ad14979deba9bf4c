import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addDays } from '../src/domain/dates.ts';
import { writeAnnexAWorkbook, type AnnexAListsInput } from '../src/formats/annex-a/write.ts';
import type { AnnexARowData } from '../src/formats/annex-a/types.ts';
import { createLogger } from '../src/logger.ts';
import { annexAImporter } from '../src/services/annex-a.importer.ts';
import { runImport } from '../src/services/import-runner.ts';

/** A large county's Annex A over several years: 200,000 rows across the event lists 1-7, where the volume is. */
const SIZES = { 1: 66_000, 2: 9_000, 3: 44_000, 4: 38_000, 5: 13_000, 6: 21_000, 7: 9_000 } as const;

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildLists(): AnnexAListsInput {
  const r = rng(42);
  const day = () => addDays('2020-04-01', Math.floor(r() * 1800));
  const child = (i: number) => ({ childId: `C${(i % 90_000).toString().padStart(6, '0')}`, sex: r() < 0.5 ? ('F' as const) : ('M' as const), ethnicity: 'WBRI' as const, dateOfBirth: '2012-05-01', age: 11 });
  const team = () => `Team ${1 + Math.floor(r() * 20)}`;
  const worker = () => `Worker ${1 + Math.floor(r() * 300)}`;
  const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
  const lists: AnnexAListsInput = {
    1: times(SIZES[1], (i): AnnexARowData<1> => ({ ...child(i), contactDate: day(), contactSource: '6' })),
    2: times(SIZES[2], (i): AnnexARowData<2> => ({ ...child(i), startDate: day(), completionDate: null, organisation: 'Early Help' })),
    3: times(SIZES[3], (i): AnnexARowData<3> => ({ ...child(i), referralDate: day(), referralSource: '2A', nfa: r() < 0.1, referralsInLast12Months: Math.floor(r() * 3), allocatedTeam: team(), allocatedWorker: worker() })),
    4: times(SIZES[4], (i): AnnexARowData<4> => {
      const start = day();
      return { ...child(i), disability: false, startDate: start, childSeen: true, authorisedDate: r() < 0.9 ? addDays(start, 30) : null, requiresSupport: true, allocatedTeam: team(), allocatedWorker: worker() };
    }),
    5: times(SIZES[5], (i): AnnexARowData<5> => ({ ...child(i), disability: false, strategyDate: day(), icpcRequired: true, icpcDate: null, icpcOutcomeCpPlan: null, s47sInLast12Months: 0, icpcsInLast12Months: 0, allocatedTeam: team(), allocatedWorker: worker() })),
    6: times(SIZES[6], (i): AnnexARowData<6> => ({ ...child(i), disability: false, startDate: day(), primaryNeed: 'N1', lastSeenDate: null, closureDate: null, closureReason: null, caseStatus: 'CIN', allocatedTeam: team(), allocatedWorker: worker() })),
    7: times(SIZES[7], (i): AnnexARowData<7> => ({ ...child(i), disability: false, startDate: day(), initialCategory: 'NEG', latestCategory: 'NEG', lastVisitDate: null, seenAlone: true, lastReviewDate: null, endDate: null, emergencyProtectionLast6Months: false, previousPlans: 0, allocatedTeam: team(), allocatedWorker: worker() })),
  };
  return lists;
}

/** Builds the workbook in a child process, so this process's peak memory is the import's own. */
function buildWorkbookFile(dir: string): { file: string; writeMs: number } {
  const file = path.join(dir, 'bench.xlsx');
  const t0 = Date.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), file], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('building the benchmark workbook failed');
  return { file, writeMs: Date.now() - t0 };
}

if (process.argv[2] && process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(process.argv[2], await writeAnnexAWorkbook(buildLists()));
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-annex-'));
  const { file, writeMs } = buildWorkbookFile(dir);
  const bytes = readFileSync(file);
  const rows = Object.values(SIZES).reduce((n, v) => n + v, 0);
  const handle = await openDatabase({ dataDir: path.join(dir, 'data') });
  try {
    await migrateToLatest(handle.db);
    const importer = annexAImporter();
    // The parse (read and check every row) timed on its own; on a busy machine CPU seconds say more than the clock.
    let parseMs = 0;
    let parseCpu = 0;
    const timed = {
      ...importer,
      async parse(request: Parameters<typeof importer.parse>[0]) {
        const t0 = Date.now();
        const c0 = process.cpuUsage();
        const parsed = await importer.parse(request);
        parseMs = Date.now() - t0;
        const c = process.cpuUsage(c0);
        parseCpu = (c.user + c.system) / 1e6;
        return parsed;
      },
    };
    const start = Date.now();
    const cpu0 = process.cpuUsage();
    const result = await runImport({ db: handle.db, clock: () => new Date('2025-06-01T00:00:00Z'), logger: createLogger({ level: 'silent' }) }, timed, {
      laCode: '999',
      fileName: 'bench.xlsx',
      bytes,
      loadedBy: 'bench',
      extractDate: '2025-03-31',
    });
    const ms = Date.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const loaded = result.lists.reduce((n, l) => n + l.loaded, 0);
    return {
      name: 'import-annex-a',
      target: 'under 20 s and under 1 GB peak memory for 200,000 rows into PGlite',
      figures: {
        'rows in workbook': rows,
        'rows loaded': loaded,
        'workbook size (MB)': (bytes.length / 1024 / 1024).toFixed(1),
        'import time (s)': (ms / 1000).toFixed(1),
        'rows per second': Math.round(rows / (ms / 1000)),
        'of which reading and checking the workbook (s)': (parseMs / 1000).toFixed(1),
        'import CPU time, all threads of this process (s)': cpuS.toFixed(1),
        'of which reading and checking the workbook (CPU s)': parseCpu.toFixed(1),
        'machine load average at the end': (await import('node:os')).loadavg()[0]!.toFixed(1),
        'workbook build time in a separate process (s, not part of the import)': (writeMs / 1000).toFixed(1),
      },
    };
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
