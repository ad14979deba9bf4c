import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { deleteEventsOnlyIn, deleteSnapshotRows, eventKeyColumns, insertSnapshotRows, upsertChildren, upsertEvents, type EventRow, type EventTable } from '../db/annex-a.repository.ts';
import type { Database } from '../db/schema.ts';
import { deleteAllocationsOfBatch, findTeamIdsByName, findWorkerIdsByName, insertAllocations, normaliseName, upsertTeams, upsertWorkers } from '../db/workforce.repository.ts';
import { hasCoverage } from '../db/source-coverage.repository.ts';
import { annexAWindows } from '../domain/coverage/coverage.ts';
import { INFERRED_WORKER_FTE } from '../domain/coverage/inferred-workers.ts';
import type { Allocation, CaseType } from '../domain/workforce/types.ts';
import { parseAnnexA, type AnnexAParseResult } from '../formats/annex-a/parse.ts';
import type { AnnexAListNumber, AnnexALists, AnnexARow } from '../formats/annex-a/types.ts';
import type { ImportIssue } from '../formats/issue.ts';
import type { Importer, ListSummary, LoadContext, Loaded, Parsed, WorkforceEffect } from './import-runner.ts';

const TABLES: Record<AnnexAListNumber, EventTable> = {
  1: 'contact',
  2: 'early_help',
  3: 'referral',
  4: 'assessment',
  5: 's47',
  6: 'cin_episode',
  7: 'cp_plan',
  8: 'cla_episode',
  9: 'care_leaver',
  10: 'adoption',
  11: 'adopter',
};

const LIST_NUMBERS: AnnexAListNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

type Rows = Partial<AnnexALists>;

/** The typed columns of each list's table, from its parsed row (the key comes from `eventKey`). */
function typedColumns(list: AnnexAListNumber, r: AnnexARow): EventRow {
  const row = r as unknown as Record<string, unknown>;
  const v = (k: string) => (row[k] ?? null) as string | number | boolean | null;
  switch (list) {
    case 1:
      return { source: v('contactSource') };
    case 2:
      return { completion_date: v('completionDate'), organisation: v('organisation') };
    case 3:
      return { source: v('referralSource'), nfa: v('nfa'), referrals_last_12m: v('referralsInLast12Months') };
    case 4:
      return { authorised_date: v('authorisedDate'), child_seen: v('childSeen') };
    case 5:
      return { icpc_required: v('icpcRequired'), icpc_date: v('icpcDate'), icpc_cp_plan: v('icpcOutcomeCpPlan') };
    case 6:
      return { closure_date: v('closureDate'), primary_need: v('primaryNeed'), closure_reason: v('closureReason') };
    case 7:
      return { end_date: v('endDate'), initial_category: v('initialCategory'), latest_category: v('latestCategory'), previous_plans: v('previousPlans') };
    case 8:
      return { end_date: v('endDate'), legal_status: v('legalStatus'), placement_type: v('placementType'), placements_last_12m: v('placementsLast12Months'), reason_ceased: v('reasonCeased') };
    case 9:
      return { eligibility: v('eligibility'), in_touch: v('inTouch'), accommodation_type: v('accommodationType'), accommodation_suitable: v('accommodationSuitable'), activity: v('activity') };
    case 10:
      return { placement_order_date: v('placementOrderDate'), placed_date: v('placedDate'), adoption_order_date: v('adoptionOrderDate'), no_longer_placed_date: v('reversalDecisionDate') };
    case 11:
      return { enquiry_date: v('enquiryDate'), approved_date: v('approvalDate'), matched_date: v('matchedDate'), placed_date: v('placedDate'), left_date: v('leftDate') };
  }
}

/** The list's own start date: what makes a row one event across overlapping extracts. */
export function eventDate(list: AnnexAListNumber, r: AnnexARow): string | null {
  const row = r as unknown as Record<string, unknown>;
  const key: Record<AnnexAListNumber, string | null> = {
    1: 'contactDate',
    2: 'startDate',
    3: 'referralDate',
    4: 'startDate',
    5: 'strategyDate',
    6: 'startDate',
    7: 'startDate',
    8: 'startDate',
    9: null,
    10: 'decisionDate',
    11: null,
  };
  const k = key[list];
  return k === null ? null : ((row[k] as string | null) ?? null);
}

function idOf(list: AnnexAListNumber, r: AnnexARow): string {
  const row = r as unknown as Record<string, unknown>;
  return String(list === 11 ? row.adopterId : row.childId);
}

/**
 * Which rows say a case is open at the extract date, and the case type their allocation is:
 * assessments not yet authorised, s47 enquiries awaiting their conference, CIN, CP and care
 * episodes with no end, every care leaver, and adoption cases with no order or reversal yet.
 * Referrals (list 3) are not counted: open work after a referral shows as an assessment.
 */
function openCase(list: AnnexAListNumber, r: AnnexARow): CaseType | null {
  const row = r as unknown as Record<string, unknown>;
  switch (list) {
    case 4:
      return row.authorisedDate ? null : 'assessment';
    case 5:
      return row.icpcRequired === true && !row.icpcDate ? 'other' : null;
    case 6:
      return row.closureDate ? null : 'cin';
    case 7:
      return row.endDate ? null : 'cp';
    case 8:
      return row.endDate ? null : 'cla';
    case 9:
      return 'care_leaver';
    case 10:
      return row.adoptionOrderDate || row.reversalDecisionDate ? null : 'cla';
    default:
      return null;
  }
}

function stableId(prefix: string, name: string): string {
  return `${prefix}-${createHash('sha256').update(normaliseName(name)).digest('hex').slice(0, 10)}`;
}

export function annexAImporter(): Importer<Rows> {
  return {
    source: 'annex-a',
    snapshots: true,

    async parse(request): Promise<Parsed<Rows>> {
      const result: AnnexAParseResult = await parseAnnexA({ buffer: request.bytes, fileName: request.fileName }, { onProgress: request.onProgress });
      return {
        fatal: result.fatal ? { message: result.fatal.message } : undefined,
        lists: result.lists.map((l) => ({ list: l.list, sheet: l.sheet, rowsRead: l.rowsRead, loaded: l.loaded, rejected: l.rejected })),
        issues: result.issues,
        missingLists: result.missingLists,
        latestDate: result.latestDate,
        payload: result.rows,
      };
    },

    async remove(tx, laCode, batchId) {
      for (const table of Object.values(TABLES)) await deleteEventsOnlyIn(tx, table, laCode, batchId);
      await deleteSnapshotRows(tx, laCode, batchId);
      await deleteAllocationsOfBatch(tx, laCode, batchId);
    },

    async load(tx, context, parsed): Promise<Loaded> {
      const extractDate = context.extractDate ?? context.today;
      const issues: ImportIssue[] = [];
      const lists: ListSummary[] = parsed.lists.map((l) => ({ ...l }));
      const summaryOf = (list: number) => lists.find((l) => l.list === list);

      await loadChildren(tx, context, parsed.payload);
      const resolve = await nameResolver(tx, context);

      const allocations: Allocation[] = [];
      const snapshot: Array<{ la_code: string; batch_id: number; extract_date: string; list: number; child_id: string; event_date: string | null }> = [];
      for (const list of LIST_NUMBERS) {
        const rows = (parsed.payload[list] ?? []) as AnnexARow[];
        if (rows.length === 0) continue;
        const table = TABLES[list];
        const keyCols = eventKeyColumns(table);
        const byKey = new Map<string, { row: AnnexARow; event: EventRow; teamId: string | null; workerIds: string[] }>();
        for (const row of rows) {
          const id = idOf(list, row);
          const date = eventDate(list, row);
          const key = keyCols.includes('event_date') ? `${id}|${date}` : id;
          const previous = byKey.get(key);
          if (previous) {
            issues.push({
              list,
              sheet: summaryOf(list)?.sheet,
              row: previous.row.rowNumber,
              severity: 'warning',
              message: `The same ${keyCols.includes('event_date') ? 'event' : 'record'} appears again at row ${row.rowNumber}; the later row was loaded and this one was not.`,
            });
            const s = summaryOf(list);
            if (s) {
              s.loaded -= 1;
              s.rejected += 1;
            }
          }
          const { rowNumber: _rowNumber, ...data } = row as AnnexARow & { rowNumber: number };
          const held = list === 11 ? null : allocationOf(resolve, list, row);
          byKey.set(key, {
            row,
            teamId: held?.teamId ?? null,
            workerIds: held?.workerIds ?? [],
            event: {
              la_code: context.laCode,
              ...(list === 11 ? { adopter_id: id } : { child_id: id }),
              ...(keyCols.includes('event_date') ? { event_date: date } : {}),
              ...typedColumns(list, row),
              ...(held ? { allocated_team: held.teamName, allocated_worker: held.workerName } : {}),
              data,
              first_batch_id: context.batchId,
              last_batch_id: context.batchId,
              last_extract_date: extractDate,
            },
          });
        }
        await upsertEvents(tx, table, [...byKey.values()].map((e) => e.event));

        for (const { row, teamId, workerIds } of byKey.values()) {
          const caseType = openCase(list, row);
          if (!caseType || list === 11) continue;
          const childId = idOf(list, row);
          snapshot.push({ la_code: context.laCode, batch_id: context.batchId, extract_date: extractDate, list, child_id: childId, event_date: eventDate(list, row) });
          const start = eventDate(list, row) ?? extractDate;
          if (workerIds.length === 0 && teamId) allocations.push({ childId, workerId: null, teamId, caseType, startDate: start, endDate: null });
          for (const workerId of workerIds) allocations.push({ childId, workerId, teamId: teamId ?? resolve.teamOfWorker(workerId), caseType, startDate: start, endDate: null });
        }
      }
      await insertSnapshotRows(tx, snapshot);
      await insertAllocations(tx, context.laCode, context.batchId, 'annex_a', allocations, extractDate);
      await resolve.flush(tx);
      const held = lists.flatMap((l) => (l.list === null ? [] : [l.list]));
      const coverage = annexAWindows(extractDate, held, context.coversFrom);
      const created = resolve.created();
      const workforce = created.workers + created.teams > 0 ? workforceEffect(created, await hasCoverage(tx, context.laCode, 'roster'), extractDate) : undefined;
      return { lists, issues, coverage, workforce };
    },
  };
}

async function loadChildren(tx: Transaction<Database>, context: LoadContext, payload: Rows): Promise<void> {
  const children = new Map<string, { childId: string; sex: string | null; ethnicity: string | null; dateOfBirth: string | null; disability: string | null }>();
  for (const list of LIST_NUMBERS) {
    if (list === 11) continue;
    for (const r of (payload[list] ?? []) as AnnexARow[]) {
      const row = r as unknown as Record<string, unknown>;
      const childId = String(row.childId);
      const before = children.get(childId);
      const disability = typeof row.disability === 'boolean' ? (row.disability ? 'yes' : 'no') : null;
      children.set(childId, {
        childId,
        sex: (row.sex as string | null) ?? before?.sex ?? null,
        ethnicity: (row.ethnicity as string | null) ?? before?.ethnicity ?? null,
        dateOfBirth: (row.dateOfBirth as string | null) ?? before?.dateOfBirth ?? null,
        disability: disability ?? before?.disability ?? null,
      });
    }
  }
  await upsertChildren(tx, context.laCode, context.batchId, [...children.values()]);
}

interface NameResolver {
  team(name: string): string;
  worker(name: string, teamId: string | null, role: 'social_worker' | 'personal_adviser'): string;
  teamOfWorker(workerId: string): string | null;
  flush(tx: Transaction<Database>): Promise<void>;
  /** How many workers and teams this extract named that Headroom did not know. */
  created(): { workers: number; teams: number };
}

/**
 * What the validation report says about workers and teams named only in the extract: they are
 * not a roster, so they add no capacity where the council has one; otherwise each is assumed to
 * be one full-time worker, and only on the dates the extract covers.
 */
function workforceEffect(created: { workers: number; teams: number }, hasRoster: boolean, extractDate: string): WorkforceEffect {
  const named = `${plural(created.workers, 'worker')} and ${plural(created.teams, 'team')} named in the Allocated Worker and Allocated Team columns are not in the roster or teams file; they were added, marked as inferred from Annex A.`;
  const effect = hasRoster
    ? ` Because the council has a roster, they add no capacity: today's capacity and average caseloads are unchanged, and the children they hold count against their team. Import an updated roster to confirm them.`
    : ` There is no roster, so each is assumed to be one full-time (${INFERRED_WORKER_FTE.toFixed(1)} FTE) social worker, counted only on the dates the extract's caseload lists cover (to ${extractDate}): capacity on those dates rises by up to ${created.workers.toFixed(1)} FTE. Import a roster to replace the assumption.`;
  return { inferredWorkers: created.workers, inferredTeams: created.teams, hasRoster, message: named + effect };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Annex A names teams and workers; rosters number them. A name matches a known team or worker
 * of the LA by normalised name; an unknown one is created and flagged "seen only in Annex A"
 * until a roster or teams file confirms it.
 */
async function nameResolver(tx: Transaction<Database>, context: LoadContext): Promise<NameResolver> {
  const teams = await findTeamIdsByName(tx, context.laCode);
  const workers = await findWorkerIdsByName(tx, context.laCode);
  const newTeams = new Map<string, { teamId: string; name: string }>();
  const newWorkers = new Map<string, { workerId: string; name: string; teamId: string | null; role: 'social_worker' | 'personal_adviser' }>();
  return {
    team(name) {
      const key = normaliseName(name);
      const known = teams.get(key) ?? newTeams.get(key)?.teamId;
      if (known) return known;
      const teamId = stableId('AA-T', name);
      newTeams.set(key, { teamId, name: name.trim() });
      return teamId;
    },
    worker(name, teamId, role) {
      const key = normaliseName(name);
      const known = workers.get(key)?.workerId ?? newWorkers.get(key)?.workerId;
      if (known) return known;
      const workerId = stableId('AA-W', name);
      newWorkers.set(key, { workerId, name: name.trim(), teamId, role });
      return workerId;
    },
    created() {
      return { workers: newWorkers.size, teams: newTeams.size };
    },
    teamOfWorker(workerId) {
      for (const w of workers.values()) if (w.workerId === workerId) return w.teamId;
      for (const w of newWorkers.values()) if (w.workerId === workerId) return w.teamId;
      return null;
    },
    async flush(t) {
      await upsertTeams(t, context.laCode, context.batchId, [...newTeams.values()].map((x) => ({ teamId: x.teamId, name: x.name, parentId: null, kind: 'team' as const })), { seenOnlyInAnnexA: true });
      await upsertWorkers(
        t,
        context.laCode,
        context.batchId,
        [...newWorkers.values()].map((x) => ({ workerId: x.workerId, name: x.name, teamId: x.teamId, role: x.role, fte: INFERRED_WORKER_FTE, asye: false, agency: false, startDate: null, endDate: null, managerId: null })),
        { seenOnlyInAnnexA: true },
      );
    },
  };
}

function allocationOf(resolve: NameResolver, list: AnnexAListNumber, r: AnnexARow): { teamName: string | null; workerName: string | null; teamId: string | null; workerIds: string[] } {
  const row = r as unknown as Record<string, unknown>;
  const teamName = (row.allocatedTeam as string | null) ?? null;
  const workerName = (row.allocatedWorker as string | null) ?? null;
  const paName = list === 9 ? ((row.allocatedPersonalAdviser as string | null) ?? null) : null;
  const teamId = teamName ? resolve.team(teamName) : null;
  const workerIds: string[] = [];
  if (workerName) workerIds.push(resolve.worker(workerName, teamId, 'social_worker'));
  if (paName) workerIds.push(resolve.worker(paName, teamId, 'personal_adviser'));
  return { teamName, workerName, teamId, workerIds };
}
