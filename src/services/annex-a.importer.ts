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
import type { AnnexAListNumber, AnnexALists, AnnexARowMap } from '../formats/annex-a/types.ts';
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

type SnapshotRow = { la_code: string; batch_id: number; extract_date: string; list: number; child_id: string; event_date: string | null };

/** What a list's row says about the child it is about (the `child` table keeps the latest). */
interface ChildFacts {
  childId: string;
  sex: string | null;
  ethnicity: string | null;
  dateOfBirth: string | null;
  disability: string | null;
}

/** Who an extract says holds a case, by name. */
interface HeldBy {
  team: string | null;
  worker: string | null;
  personalAdviser: string | null;
}

/**
 * How one list's typed row is stored: its key, its own start date, the typed columns of its table
 * (the whole row also goes into `data`), whether it is an open case at the extract date and who
 * holds it. Every function reads the row by its type, so renaming a field fails to compile
 * rather than silently storing null.
 */
interface ListStorage<R> {
  id(row: R): string;
  /** The list's own start date: what makes a row one event across overlapping extracts. */
  date(row: R): string | null;
  columns(row: R): EventRow;
  /**
   * Whether the row is a case open at the extract date, and the case type of its allocation:
   * assessments not yet authorised, s47 enquiries awaiting their conference, CIN, CP and care
   * episodes with no end, every care leaver, and adoption cases with no order or reversal yet.
   * Referrals (list 3) are not counted: open work after a referral shows as an assessment.
   */
  open(row: R): CaseType | null;
  heldBy(row: R): HeldBy | null;
  child(row: R): ChildFacts | null;
}

type ChildRow = { childId: string; sex: string | null; ethnicity: string | null; dateOfBirth: string | null; disability?: boolean | null };

function childOf(row: ChildRow): ChildFacts {
  const disability = typeof row.disability === 'boolean' ? (row.disability ? 'yes' : 'no') : null;
  return { childId: row.childId, sex: row.sex, ethnicity: row.ethnicity, dateOfBirth: row.dateOfBirth, disability };
}

const held = (row: { allocatedTeam: string | null; allocatedWorker: string | null }): HeldBy => ({ team: row.allocatedTeam, worker: row.allocatedWorker, personalAdviser: null });
const childId = (row: { childId: string }) => row.childId;

const STORAGE: { [L in AnnexAListNumber]: ListStorage<AnnexARowMap[L]> } = {
  1: { id: childId, date: (r) => r.contactDate, columns: (r) => ({ source: r.contactSource }), open: () => null, heldBy: () => null, child: childOf },
  2: { id: childId, date: (r) => r.startDate, columns: (r) => ({ completion_date: r.completionDate, organisation: r.organisation }), open: () => null, heldBy: () => null, child: childOf },
  3: {
    id: childId,
    date: (r) => r.referralDate,
    columns: (r) => ({ source: r.referralSource, nfa: r.nfa, referrals_last_12m: r.referralsInLast12Months }),
    open: () => null,
    heldBy: held,
    child: childOf,
  },
  4: { id: childId, date: (r) => r.startDate, columns: (r) => ({ authorised_date: r.authorisedDate, child_seen: r.childSeen }), open: (r) => (r.authorisedDate ? null : 'assessment'), heldBy: held, child: childOf },
  5: {
    id: childId,
    date: (r) => r.strategyDate,
    columns: (r) => ({ icpc_required: r.icpcRequired, icpc_date: r.icpcDate, icpc_cp_plan: r.icpcOutcomeCpPlan }),
    open: (r) => (r.icpcRequired === true && !r.icpcDate ? 'other' : null),
    heldBy: held,
    child: childOf,
  },
  6: {
    id: childId,
    date: (r) => r.startDate,
    columns: (r) => ({ closure_date: r.closureDate, primary_need: r.primaryNeed, closure_reason: r.closureReason }),
    open: (r) => (r.closureDate ? null : 'cin'),
    heldBy: held,
    child: childOf,
  },
  7: {
    id: childId,
    date: (r) => r.startDate,
    columns: (r) => ({ end_date: r.endDate, initial_category: r.initialCategory, latest_category: r.latestCategory, previous_plans: r.previousPlans }),
    open: (r) => (r.endDate ? null : 'cp'),
    heldBy: held,
    child: childOf,
  },
  8: {
    id: childId,
    date: (r) => r.startDate,
    columns: (r) => ({ end_date: r.endDate, legal_status: r.legalStatus, placement_type: r.placementType, placements_last_12m: r.placementsLast12Months, reason_ceased: r.reasonCeased }),
    open: (r) => (r.endDate ? null : 'cla'),
    heldBy: held,
    child: childOf,
  },
  9: {
    id: childId,
    date: () => null,
    columns: (r) => ({ eligibility: r.eligibility, in_touch: r.inTouch, accommodation_type: r.accommodationType, accommodation_suitable: r.accommodationSuitable, activity: r.activity }),
    open: () => 'care_leaver',
    heldBy: (r) => ({ team: r.allocatedTeam, worker: r.allocatedWorker, personalAdviser: r.allocatedPersonalAdviser }),
    child: childOf,
  },
  10: {
    id: childId,
    date: (r) => r.decisionDate,
    columns: (r) => ({ placement_order_date: r.placementOrderDate, placed_date: r.placedDate, adoption_order_date: r.adoptionOrderDate, no_longer_placed_date: r.reversalDecisionDate }),
    open: (r) => (r.adoptionOrderDate || r.reversalDecisionDate ? null : 'cla'),
    heldBy: held,
    child: childOf,
  },
  11: {
    id: (r) => r.adopterId,
    date: () => null,
    columns: (r) => ({ enquiry_date: r.enquiryDate, approved_date: r.approvalDate, matched_date: r.matchedDate, placed_date: r.placedDate, left_date: r.leftDate }),
    open: () => null,
    heldBy: () => null,
    child: () => null,
  },
};

/** The list's own start date: what makes a row one event across overlapping extracts. */
export function eventDate<L extends AnnexAListNumber>(list: L, row: AnnexARowMap[L]): string | null {
  const storage: ListStorage<AnnexARowMap[L]> = STORAGE[list];
  return storage.date(row);
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
      const snapshot: SnapshotRow[] = [];
      const loadList = async <L extends AnnexAListNumber>(list: L, rows: readonly AnnexARowMap[L][]): Promise<void> => {
        if (rows.length === 0) return;
        const storage: ListStorage<AnnexARowMap[L]> = STORAGE[list];
        const table = TABLES[list];
        const keyCols = eventKeyColumns(table);
        const byKey = new Map<string, { row: AnnexARowMap[L]; event: EventRow; teamId: string | null; workerIds: string[] }>();
        for (const row of rows) {
          const id = storage.id(row);
          const date = storage.date(row);
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
          const { rowNumber: _rowNumber, ...data } = row;
          const names = storage.heldBy(row);
          const holder = names === null ? null : allocationOf(resolve, names);
          byKey.set(key, {
            row,
            teamId: holder?.teamId ?? null,
            workerIds: holder?.workerIds ?? [],
            event: {
              la_code: context.laCode,
              ...(list === 11 ? { adopter_id: id } : { child_id: id }),
              ...(keyCols.includes('event_date') ? { event_date: date } : {}),
              ...storage.columns(row),
              ...(list === 11 ? {} : { allocated_team: names?.team ?? null, allocated_worker: names?.worker ?? null }),
              data,
              first_batch_id: context.batchId,
              last_batch_id: context.batchId,
              last_extract_date: extractDate,
            },
          });
        }
        await upsertEvents(tx, table, [...byKey.values()].map((e) => e.event));

        for (const { row, teamId, workerIds } of byKey.values()) {
          const caseType = storage.open(row);
          if (!caseType) continue;
          const childId = storage.id(row);
          const date = storage.date(row);
          snapshot.push({ la_code: context.laCode, batch_id: context.batchId, extract_date: extractDate, list, child_id: childId, event_date: date });
          const start = date ?? extractDate;
          if (workerIds.length === 0 && teamId) allocations.push({ childId, workerId: null, teamId, caseType, startDate: start, endDate: null });
          for (const workerId of workerIds) allocations.push({ childId, workerId, teamId: teamId ?? resolve.teamOfWorker(workerId), caseType, startDate: start, endDate: null });
        }
      };
      for (const list of LIST_NUMBERS) await loadList(list, parsed.payload[list] ?? []);
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
  const children = new Map<string, ChildFacts>();
  const fromList = <L extends AnnexAListNumber>(list: L, rows: readonly AnnexARowMap[L][]): void => {
    const storage: ListStorage<AnnexARowMap[L]> = STORAGE[list];
    for (const row of rows) {
      const child = storage.child(row);
      if (child === null) continue;
      const before = children.get(child.childId);
      children.set(child.childId, {
        childId: child.childId,
        sex: child.sex ?? before?.sex ?? null,
        ethnicity: child.ethnicity ?? before?.ethnicity ?? null,
        dateOfBirth: child.dateOfBirth ?? before?.dateOfBirth ?? null,
        disability: child.disability ?? before?.disability ?? null,
      });
    }
  };
  for (const list of LIST_NUMBERS) fromList(list, payload[list] ?? []);
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

function allocationOf(resolve: NameResolver, names: HeldBy): { teamId: string | null; workerIds: string[] } {
  const teamId = names.team ? resolve.team(names.team) : null;
  const workerIds: string[] = [];
  if (names.worker) workerIds.push(resolve.worker(names.worker, teamId, 'social_worker'));
  if (names.personalAdviser) workerIds.push(resolve.worker(names.personalAdviser, teamId, 'personal_adviser'));
  return { teamId, workerIds };
}
