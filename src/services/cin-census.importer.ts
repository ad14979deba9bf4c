import { upsertChildren } from '../db/annex-a.repository.ts';
import { deleteCinCensusBatch, insertCinCensusEvents } from '../db/returns.repository.ts';
import { parseCinCensus, type CinCensusParseResult } from '../formats/cin-census/parse.ts';
import type { CoverageFamily } from '../domain/coverage/coverage.ts';
import type { Importer, Loaded, Parsed } from './import-runner.ts';

/** The coverage families a census vouches for over its collection year (1 April to its 31 March reference date). */
const FAMILIES: readonly CoverageFamily[] = ['referrals', 'assessments', 'cin', 's47', 'cp'];

/**
 * CIN census XML. Each batch is one census (its reference date), kept apart from the others:
 * re-importing a census replaces it, and a module held by several censuses (child, referral
 * date, start date) takes the latest census's values.
 */
export function cinCensusImporter(): Importer<CinCensusParseResult> {
  return {
    source: 'cin-census',
    snapshots: true,

    async parse(request): Promise<Parsed<CinCensusParseResult>> {
      const result = parseCinCensus(request.bytes, { fileName: request.fileName, laCode: request.laCode });
      const lists = result.modules.map((m) => ({ list: null, sheet: m.module, rowsRead: m.rowsRead, loaded: m.loaded, rejected: m.rejected }));
      if (result.fatal || result.referenceDate === null) return { fatal: result.fatal ?? { message: 'The census year is unknown.' }, lists, issues: result.issues, payload: result };
      const to = result.referenceDate;
      const from = `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
      const fromNext = new Date(Date.parse(`${from}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      return { lists, issues: result.issues, latestDate: to, coverage: FAMILIES.map((family) => ({ family, from: fromNext, to })), payload: result };
    },

    async remove(tx, laCode, batchId) {
      await deleteCinCensusBatch(tx, laCode, batchId);
    },

    async load(tx, context, parsed): Promise<Loaded> {
      const year = Number((parsed.payload.referenceDate ?? '').slice(0, 4));
      await insertCinCensusEvents(tx, context.laCode, year, context.batchId, parsed.payload.events);
      await upsertChildren(tx, context.laCode, context.batchId, parsed.payload.children);
      return { lists: parsed.lists, issues: [] };
    },
  };
}
