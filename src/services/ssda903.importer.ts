import type { Transaction } from 'kysely';
import { upsertChildren } from '../db/annex-a.repository.ts';
import type { Database } from '../db/schema.ts';
import { deleteSsda903Batch, insertSsda903Episodes, insertSsda903Records, listOtherReturnEpisodes } from '../db/returns.repository.ts';
import { deleteAllocationsOfBatch, insertAllocations } from '../db/workforce.repository.ts';
import { bufferSource, extractEntry, readZipDirectory } from '../formats/annex-a/zip.ts';
import { collectionYear, parseSsda903, type Ssda903Episode, type Ssda903File, type Ssda903ParseResult } from '../formats/ssda903/parse.ts';
import type { Importer, Loaded, Parsed, ReturnChanges } from './import-runner.ts';

/** Largest CSV read out of a 903 zip: far above any real return, low enough to refuse a zip bomb. */
const MAX_ENTRY_BYTES = 200 * 1024 * 1024;

/** The fields compared to decide whether a later return changed an episode. */
function episodeSignature(e: { endDate: string | null; reasonNewEpisode: string | null; legalStatus: string | null; cinCategory: string | null; placementType: string | null; placementProvider: string | null; reasonCeased: string | null; reasonPlaceChange: string | null; urn: string | null }): string {
  return [e.endDate, e.reasonNewEpisode, e.legalStatus, e.cinCategory, e.placementType, e.placementProvider, e.reasonCeased, e.reasonPlaceChange, e.urn].map((v) => v ?? '').join('|');
}

/** The files of a request: one CSV, or the CSVs of a zip (what the CLI makes of a folder or several paths). */
async function filesOf(fileName: string, bytes: Buffer): Promise<Ssda903File[] | { message: string }> {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    const src = bufferSource(bytes);
    const dir = await readZipDirectory(src);
    if (!dir.ok) return { message: `The zip file could not be read (${dir.reason.replace('_', ' ')}).` };
    const files: Ssda903File[] = [];
    for (const entry of dir.entries) {
      if (entry.name.endsWith('/') || !entry.name.toLowerCase().endsWith('.csv')) continue;
      if (entry.size > MAX_ENTRY_BYTES) return { message: `${entry.name} is larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MB.` };
      try {
        files.push({ fileName: entry.name.split('/').pop() ?? entry.name, bytes: Buffer.from(await extractEntry(src, entry)) });
      } catch {
        return { message: `${entry.name} in the zip file is damaged.` };
      }
    }
    if (files.length === 0) return { message: 'The zip file holds no CSV files.' };
    return files;
  }
  return [{ fileName, bytes }];
}

export interface Ssda903Payload {
  year: number;
  result: Ssda903ParseResult;
}

/**
 * SSDA903 returns. Each batch is one collection year (`--year`), kept apart from the others:
 * re-importing a year replaces that year only, and where several returns hold an episode
 * (LA + child + start date) the latest collection year's values are used.
 */
export function ssda903Importer(): Importer<Ssda903Payload> {
  return {
    source: 'ssda903',
    snapshots: true,

    async parse(request): Promise<Parsed<Ssda903Payload>> {
      const year = request.returnYear ?? Number.NaN;
      const empty = { lists: [], issues: [], payload: { year, result: { files: [], episodes: [], records: [], children: [], issues: [] } } };
      if (!Number.isInteger(year) || year < 2000 || year > 2100) return { ...empty, fatal: { message: 'The collection year (--year YYYY, the year ending 31 March) is required.' } };
      const files = await filesOf(request.fileName, request.bytes);
      if (!Array.isArray(files)) return { ...empty, fatal: files };
      const result = parseSsda903(files, year);
      if (result.fatal) return { ...empty, fatal: result.fatal };
      const period = collectionYear(year);
      const has = (t: string) => result.files.some((f) => f.table === t);
      // The coverage family each table vouches for: UASC and missing episodes are part of the looked-after
      // record; social worker episodes are allocations to workers.
      const families = [...new Set(([
        ['episodes', 'cla'],
        ['uasc', 'cla'],
        ['missing', 'cla'],
        ['sw_episodes', 'allocations'],
        ['oc3', 'care_leavers'],
      ] as const).filter(([t]) => has(t)).map(([, family]) => family))];
      return {
        lists: result.files.map((f) => ({ list: null, sheet: `${f.fileName} (${f.title})`, rowsRead: f.rowsRead, loaded: f.loaded, rejected: f.rejected })),
        issues: result.issues,
        latestDate: period.to,
        coverage: families.map((family) => ({ family, ...period })),
        payload: { year, result },
      };
    },

    async remove(tx, laCode, batchId) {
      await deleteSsda903Batch(tx, laCode, batchId);
      await deleteAllocationsOfBatch(tx, laCode, batchId);
    },

    async load(tx: Transaction<Database>, context, parsed): Promise<Loaded> {
      const { year, result } = parsed.payload;
      const changes = await compare(tx, context.laCode, year, result.episodes);
      await insertSsda903Episodes(tx, context.laCode, year, context.batchId, result.episodes);
      await insertSsda903Records(tx, context.laCode, year, context.batchId, result.records);
      await upsertChildren(tx, context.laCode, context.batchId, result.children.map((c) => ({ ...c, disability: null })));
      // Social worker episodes are allocations of looked-after children to their social worker.
      const sw = result.records.filter((r) => r.table === 'sw_episodes' && r.code !== null && r.startDate !== null);
      await insertAllocations(
        tx,
        context.laCode,
        context.batchId,
        'ssda903',
        sw.map((r) => ({ childId: r.childId, workerId: r.code as string, teamId: null, caseType: 'cla', startDate: r.startDate as string, endDate: r.endDate })),
      );
      return { lists: parsed.lists, issues: [], changes };
    },
  };
}

async function compare(tx: Transaction<Database>, laCode: string, year: number, episodes: readonly Ssda903Episode[]): Promise<ReturnChanges> {
  const others = await listOtherReturnEpisodes(tx, laCode, year);
  const earlier = new Map<string, { year: number; signature: string }>();
  const later = new Set<string>();
  for (const o of others) {
    const key = `${o.childId}|${o.startDate}`;
    if (o.returnYear > year) later.add(key);
    else if ((earlier.get(key)?.year ?? -1) < o.returnYear) earlier.set(key, { year: o.returnYear, signature: episodeSignature(o) });
  }
  const changes: ReturnChanges = { added: 0, replaced: 0, unchanged: 0, superseded: 0 };
  for (const e of episodes) {
    const key = `${e.childId}|${e.startDate}`;
    if (later.has(key)) changes.superseded += 1;
    else {
      const before = earlier.get(key);
      if (!before) changes.added += 1;
      else if (before.signature === episodeSignature(e)) changes.unchanged += 1;
      else changes.replaced += 1;
    }
  }
  return changes;
}
