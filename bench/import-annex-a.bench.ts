import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.ts';
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

interface Timed {
  loaded: number;
  ms: number;
  cpuS: number;
  parseMs: number;
  parseCpuS: number;
  /** Writing the checked rows: the bulk loads, and the little else an import writes. */
  loadMs: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};

/** Imports the workbook, timing reading and checking it, and writing its rows, on their own; on a busy machine CPU seconds say more than the clock. */
async function timedImport(db: DatabaseHandle['db'], bytes: Buffer): Promise<Timed> {
  const importer = annexAImporter();
  let parseMs = 0;
  let parseCpuS = 0;
  let loadMs = 0;
  const timed: typeof importer = {
    ...importer,
    async parse(request) {
      const t0 = Date.now();
      const c0 = process.cpuUsage();
      const parsed = await importer.parse(request);
      parseMs = Date.now() - t0;
      parseCpuS = cpuSeconds(c0);
      return parsed;
    },
    async load(tx, context, parsed) {
      const t0 = Date.now();
      const loaded = await importer.load(tx, context, parsed);
      loadMs = Date.now() - t0;
      return loaded;
    },
  };
  const start = Date.now();
  const cpu0 = process.cpuUsage();
  const result = await runImport({ db, clock: () => new Date('2025-06-01T00:00:00Z'), logger: createLogger({ level: 'silent' }) }, timed, {
    laCode: '999',
    fileName: 'bench.xlsx',
    bytes,
    loadedBy: 'bench',
    extractDate: '2025-03-31',
  });
  const ms = Date.now() - start;
  return { loaded: result.lists.reduce((n, l) => n + l.loaded, 0), ms, cpuS: cpuSeconds(cpu0), parseMs, parseCpuS, loadMs };
}

/**
 * CPU seconds used so far by each server process (backend) serving this database, read from
 * /proc: the server's own work on the import, apart from anything else the machine runs. Null
 * when the server runs elsewhere.
 */
async function backendCpuSeconds(db: DatabaseHandle['db']): Promise<Map<number, number> | null> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl('postgres')).hostname)) return null;
  const backends = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`.execute(db);
  const cpu = new Map<number, number>();
  for (const { pid } of backends.rows) {
    try {
      // Fields after the command name: state, ppid, ... utime and stime (the 14th and 15th of the line).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The backend ended between the query and the read.
    }
  }
  return cpu;
}

/** CPU used between two readings; a backend that ended in between is not counted, one that started counts from nothing. */
function cpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): string {
  if (!before || !after) return '–';
  let s = 0;
  for (const [pid, t] of after) s += t - (before.get(pid) ?? 0);
  return s.toFixed(1);
}

const BENCH_DATABASE = 'headroom_bench_import';

/** The PostgreSQL server to import into (BENCH_DATABASE_URL, else the local one), as a URL for one of its databases. */
function serverUrl(database: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432');
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The same import into a fresh PostgreSQL database, in a process of its own so that its peak memory is its own. */
async function importIntoPostgres(file: string): Promise<Record<string, number | string>> {
  await admin(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await admin(`create database ${BENCH_DATABASE}`);
  try {
    const handle = await openDatabase({ databaseUrl: serverUrl(BENCH_DATABASE) });
    try {
      await migrateToLatest(handle.db);
      const bytes = readFileSync(file);
      const server0 = await backendCpuSeconds(handle.db);
      const t = await timedImport(handle.db, bytes);
      const server1 = await backendCpuSeconds(handle.db);
      return {
        'PostgreSQL: rows loaded': t.loaded,
        'PostgreSQL: import time (s)': (t.ms / 1000).toFixed(1),
        'PostgreSQL: of which reading and checking the workbook (s)': (t.parseMs / 1000).toFixed(1),
        'PostgreSQL: of which writing the rows (s)': (t.loadMs / 1000).toFixed(1),
        'PostgreSQL: import CPU time of this process (s)': t.cpuS.toFixed(1),
        'PostgreSQL: server CPU time of the backends serving the import (s)': cpuBetween(server0, server1),
        'PostgreSQL: peak RSS of the importing process (MB)': Math.round(process.resourceUsage().maxRSS / 1024),
      };
    } finally {
      await handle.close();
    }
  } finally {
    await admin(`drop database if exists ${BENCH_DATABASE} with (force)`);
  }
}

const self = process.argv[1] === fileURLToPath(import.meta.url);
if (self && process.argv[2] === '--postgres' && process.argv[3]) {
  process.stdout.write(`POSTGRES ${JSON.stringify(await importIntoPostgres(process.argv[3]))}\n`);
} else if (self && process.argv[2]) {
  writeFileSync(process.argv[2], await writeAnnexAWorkbook(buildLists()));
}

function postgresFigures(file: string): Record<string, number | string> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--postgres', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('POSTGRES '));
  if (child.status !== 0 || !line) return { 'PostgreSQL: import time (s)': `not run (exit ${child.status}; is PostgreSQL at ${serverUrl('postgres')}?)` };
  return JSON.parse(line.slice('POSTGRES '.length)) as Record<string, number | string>;
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-annex-'));
  try {
    const { file, writeMs } = buildWorkbookFile(dir);
    const bytes = readFileSync(file);
    const rows = Object.values(SIZES).reduce((n, v) => n + v, 0);
    const handle = await openDatabase({ dataDir: path.join(dir, 'data') });
    let t: Timed;
    try {
      await migrateToLatest(handle.db);
      t = await timedImport(handle.db, bytes);
    } finally {
      await handle.close();
    }
    const loadAtEnd = loadavg()[0]!.toFixed(1);
    return {
      name: 'import-annex-a',
      target: 'under 20 s and under 1 GB peak memory for 200,000 rows into PGlite',
      figures: {
        'rows in workbook': rows,
        'rows loaded': t.loaded,
        'workbook size (MB)': (bytes.length / 1024 / 1024).toFixed(1),
        'import time (s)': (t.ms / 1000).toFixed(1),
        'rows per second': Math.round(rows / (t.ms / 1000)),
        'of which reading and checking the workbook (s)': (t.parseMs / 1000).toFixed(1),
        'of which writing the rows (s)': (t.loadMs / 1000).toFixed(1),
        'import CPU time, all threads of this process (s)': t.cpuS.toFixed(1),
        'of which reading and checking the workbook (CPU s)': t.parseCpuS.toFixed(1),
        'machine load average at the end': loadAtEnd,
        'workbook build time in a separate process (s, not part of the import)': (writeMs / 1000).toFixed(1),
        ...postgresFigures(file),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
