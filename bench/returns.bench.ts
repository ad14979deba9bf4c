import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addDays } from '../src/domain/dates.ts';
import { writeCinCensus, type CinCensusChildInput } from '../src/formats/cin-census/write.ts';
import { writeSsda903Table } from '../src/formats/ssda903/write.ts';
import { createLogger } from '../src/logger.ts';
import { cinCensusImporter } from '../src/services/cin-census.importer.ts';
import { runImport } from '../src/services/import-runner.ts';
import { ssda903Importer } from '../src/services/ssda903.importer.ts';

/** A large county: five 903 returns of about 12,000 episodes each, and a CIN census of 40,000 children. */
const RETURNS = [2021, 2022, 2023, 2024, 2025];
const EPISODES_PER_RETURN = 12_000;
const CENSUS_CHILDREN = 40_000;

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function return903(year: number, r: () => number): Buffer {
  const from = `${year - 1}-04-01`;
  const episodes: Array<Record<string, string | null>> = [];
  const header: Array<Record<string, string | null>> = [];
  for (let c = 0; episodes.length < EPISODES_PER_RETURN; c++) {
    const child = `Y${year}C${c}`;
    header.push({ CHILD: child, SEX: r() < 0.5 ? '1' : '2', DOB: '2010-05-01', ETHNIC: 'WBRI' });
    let start = addDays(from, Math.floor(r() * 200));
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      const end = i < n - 1 ? addDays(start, 30 + Math.floor(r() * 60)) : r() < 0.5 ? null : addDays(start, 40);
      episodes.push({ CHILD: child, DECOM: start, RNE: i === 0 ? 'S' : 'P', LS: 'C2', CIN: 'N1', PLACE: 'U1', PLACE_PROVIDER: 'PR1', DEC: end, REC: end ? (i < n - 1 ? 'X1' : 'E11') : null });
      if (!end) break;
      start = end;
    }
  }
  return Buffer.from(
    zipSync({
      'episodes.csv': Buffer.from(writeSsda903Table('episodes', episodes, { ukDates: true })),
      'header.csv': Buffer.from(writeSsda903Table('header', header, { ukDates: true })),
    }),
  );
}

function census(r: () => number): Buffer {
  const children: CinCensusChildInput[] = [];
  for (let c = 0; c < CENSUS_CHILDREN; c++) {
    const referral = addDays('2024-04-01', Math.floor(r() * 300));
    const cp = r() < 0.15;
    children.push({
      childId: `K${c}`,
      sex: 'M',
      dateOfBirth: '2012-01-01',
      ethnicity: 'WBRI',
      details: [
        {
          referralDate: referral,
          closureDate: r() < 0.5 ? addDays(referral, 90) : null,
          nfa: r() < 0.1,
          assessments: [{ startDate: addDays(referral, 1), authorisedDate: addDays(referral, 30) }],
          ...(cp ? { s47s: [{ startDate: addDays(referral, 2), icpcDate: addDays(referral, 15) }], cpPlans: [{ startDate: addDays(referral, 15), endDate: null, category: 'NEG', previousPlans: 0 }] } : {}),
        },
      ],
    });
  }
  return Buffer.from(writeCinCensus({ laCode: '999', referenceDate: '2025-03-31', children }));
}

export async function run() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-returns-'));
  const r = rng(7);
  const files = RETURNS.map((y) => ({ year: y, bytes: return903(y, r) }));
  const cin = census(r);
  const handle = await openDatabase({ dataDir: path.join(dir, 'data') });
  const deps = { db: handle.db, clock: () => new Date('2025-06-01T00:00:00Z'), logger: createLogger({ level: 'silent' }) };
  try {
    await migrateToLatest(handle.db);
    const times: number[] = [];
    let episodes = 0;
    for (const f of files) {
      const t0 = Date.now();
      const result = await runImport(deps, ssda903Importer(), { laCode: '999', fileName: `903-${f.year}.zip`, bytes: f.bytes, loadedBy: 'bench', returnYear: f.year });
      times.push(Date.now() - t0);
      episodes += result.lists.find((l) => l.sheet.startsWith('episodes'))?.loaded ?? 0;
    }
    const t1 = Date.now();
    const census = await runImport(deps, cinCensusImporter(), { laCode: '999', fileName: 'cin.xml', bytes: cin, loadedBy: 'bench' });
    const cinMs = Date.now() - t1;
    return {
      name: 'returns',
      target: 'each 903 return (of five, about 60,000 episodes) and a CIN census of 40,000 children into PGlite in under 15 s, under 1 GB peak memory',
      figures: {
        '903 episodes loaded (five returns)': episodes,
        'slowest 903 return (s)': (Math.max(...times) / 1000).toFixed(1),
        'all five 903 returns (s)': (times.reduce((a, b) => a + b, 0) / 1000).toFixed(1),
        'census children loaded': census.lists.find((l) => l.sheet === 'Child')?.loaded ?? 0,
        'census file size (MB)': (cin.length / 1024 / 1024).toFixed(1),
        'CIN census import (s)': (cinMs / 1000).toFixed(1),
        'machine load average at the end': (await import('node:os')).loadavg()[0]!.toFixed(1),
      },
    };
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
