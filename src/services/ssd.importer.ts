import type { Transaction } from 'kysely';
import { deleteEventsOnlyIn, deleteSnapshotRows, insertSnapshotRows, upsertChildren, upsertEvents, type EventRow, type EventTable } from '../db/annex-a.repository.ts';
import type { Database } from '../db/schema.ts';
import { deleteSsdAllocations, latestOtherSsdExtract } from '../db/ssd.repository.ts';
import { deleteAllocationsOfBatch, findTeamIdsByName, insertAllocations, listTeams, listWorkers, normaliseName, upsertTeams, upsertWorkers } from '../db/workforce.repository.ts';
import type { CoverageFamily, CoverageWindow } from '../domain/coverage/coverage.ts';
import { addMonths } from '../domain/calendar/day-number.ts';
import type { Allocation, CaseType, Role, Team, TeamKind, Worker } from '../domain/workforce/types.ts';
import { bufferSource, extractEntry, readZipDirectory } from '../formats/annex-a/zip.ts';
import type { ImportIssue } from '../formats/issue.ts';
import { INPUT_LIMITS } from '../formats/limits.ts';
import { parseRole } from '../formats/roster/roster.ts';
import { jsonField, parseSsd, ssdFlag, type SsdFile, type SsdParseResult, type SsdRow } from '../formats/ssd/parse.ts';
import type { SsdTableName } from '../formats/ssd/tables.ts';
import type { Importer, Loaded, LoadContext, ListSummary, Parsed } from './import-runner.ts';

/** The event tables an SSD import writes (the same tables as Annex A's lists). */
const EVENT_TABLES: readonly EventTable[] = ['contact', 'referral', 'assessment', 's47', 'cin_episode', 'cp_plan', 'cla_episode', 'care_leaver'];

/** The coverage family each table read vouches for, from its earliest key date to the extract date. */
const FAMILIES: ReadonlyArray<[SsdTableName, CoverageFamily[]]> = [
  ['contacts', ['contacts']],
  ['cin_episodes', ['referrals', 'cin']],
  ['assessments', ['assessments']],
  ['s47', ['s47']],
  ['cp_plans', ['cp']],
  ['cla_episodes', ['cla']],
  ['involvements', ['allocations']],
];

/** Reasons for a new 903 episode that start a new placement; `S` also starts a new period of care. */
const NEW_PLACEMENT = new Set(['S', 'P', 'T', 'U', 'B']);

/** The files of a request: the CSVs of a zip (what the CLI makes of a folder), or one CSV. */
async function filesOf(fileName: string, bytes: Buffer): Promise<SsdFile[] | { message: string }> {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    const src = bufferSource(bytes);
    const dir = await readZipDirectory(src);
    if (!dir.ok) return { message: `The zip file could not be read (${dir.reason.replace('_', ' ')}).` };
    const files: SsdFile[] = [];
    for (const entry of dir.entries) {
      if (entry.name.endsWith('/') || !entry.name.toLowerCase().endsWith('.csv')) continue;
      if (entry.size > INPUT_LIMITS.maxEntryBytes) return { message: `${entry.name} is larger than Headroom reads from one file.` };
      try {
        files.push({ fileName: entry.name.split('/').pop() ?? entry.name, bytes: Buffer.from(await extractEntry(src, entry)) });
      } catch {
        return { message: `${entry.name} in the zip file is damaged.` };
      }
    }
    if (files.length === 0) return { message: 'The folder or zip file holds no CSV files.' };
    return files;
  }
  return [{ fileName, bytes }];
}

/** A roster role from an SSD job title: the roster's spellings first, then the words titles usually carry. */
export function roleFromJobTitle(title: string): Role | null {
  const exact = parseRole(title);
  if (exact) return exact;
  const t = title.toLowerCase();
  const rules: Array<[RegExp, Role]> = [
    [/head of/, 'head_of_service'],
    [/service manager/, 'service_manager'],
    [/(deputy|assistant) team manager|practice (manager|supervisor)/, 'practice_manager'],
    [/team manager|team leader/, 'team_manager'],
    [/independent reviewing|\biro\b|conference chair/, 'iro'],
    [/personal advis/, 'personal_adviser'],
    [/advanced practitioner/, 'advanced_practitioner'],
    [/senior (social worker|practitioner)|consultant social worker/, 'senior_practitioner'],
    [/student/, 'student'],
    [/family (support )?worker|support worker|family practitioner/, 'family_worker'],
    [/social worker|asye|nqsw/, 'social_worker'],
  ];
  return rules.find(([re]) => re.test(t))?.[1] ?? null;
}

/**
 * The Standard Safeguarding Dataset (docs/formats/ssd.md). Each batch is one extract (its extract
 * date). Events go into the same tables as Annex A's lists, keyed by child and date, so the latest
 * extract of either source holds each event; departments and professionals are upserted into the
 * teams and roster; the latest extract's involvements are the allocations.
 */
export function ssdImporter(): Importer<SsdParseResult> {
  return {
    source: 'ssd',
    snapshots: true,

    async parse(request): Promise<Parsed<SsdParseResult>> {
      const empty: SsdParseResult = { files: [], tables: {}, issues: [], latestDate: null };
      const files = await filesOf(request.fileName, request.bytes);
      if (!Array.isArray(files)) return { fatal: files, lists: [], issues: [], payload: empty };
      const result = parseSsd(files);
      if (result.fatal) return { fatal: result.fatal, lists: [], issues: result.issues, payload: result };
      return {
        lists: result.files.map((f) => ({ list: null, sheet: `${f.fileName} (${f.ssdName})`, rowsRead: f.rowsRead, loaded: f.loaded, rejected: f.rejected })),
        issues: result.issues,
        latestDate: result.latestDate,
        payload: result,
      };
    },

    async remove(tx, laCode, batchId) {
      for (const table of EVENT_TABLES) await deleteEventsOnlyIn(tx, table, laCode, batchId);
      await deleteSnapshotRows(tx, laCode, batchId);
      await deleteAllocationsOfBatch(tx, laCode, batchId);
    },

    async load(tx, context, parsed): Promise<Loaded> {
      const extractDate = context.extractDate ?? context.today;
      const t = parsed.payload.tables;
      const issues: ImportIssue[] = [];
      const lists: ListSummary[] = parsed.lists.map((l) => ({ ...l }));
      const summaryOf = (table: SsdTableName) => {
        const f = parsed.payload.files.find((x) => x.table === table);
        return f ? lists.find((l) => l.sheet === `${f.fileName} (${f.ssdName})`) : undefined;
      };

      const teams = await loadTeams(tx, context, t.department ?? []);
      const workers = await loadWorkers(tx, context, t.professionals ?? [], teams, issues);

      await upsertChildren(
        tx,
        context.laCode,
        context.batchId,
        (t.person ?? []).map((p) => ({
          childId: p.values.pers_person_id as string,
          sex: p.values.pers_sex || p.values.pers_gender || null,
          ethnicity: p.values.pers_ethnicity || null,
          dateOfBirth: p.dates.pers_dob ?? p.dates.pers_expected_dob ?? null,
          disability: null,
        })),
      );

      const base = { la_code: context.laCode, first_batch_id: context.batchId, last_batch_id: context.batchId, last_extract_date: extractDate };
      const held = (teamText: string | undefined, workerText: string | undefined) => {
        const w = workerText ? workers.byId.get(workerText) : undefined;
        const teamId = teams.resolve(teamText) ?? w?.teamId ?? null;
        return { allocated_team: teamId ? (teams.names.get(teamId) ?? teamText ?? null) : teamText || null, allocated_worker: w ? w.name : workerText || null };
      };
      const event = (childId: string, date: string | null, row: SsdRow, extra: Record<string, unknown>): EventRow => ({ ...base, child_id: childId, event_date: date, data: row.values, ...extra });

      await upsertEvents(
        tx,
        'contact',
        (t.contacts ?? []).map((r) => event(r.values.cont_person_id as string, r.dates.cont_contact_date ?? null, r, { allocated_team: null, allocated_worker: null, source: r.values.cont_contact_source_desc || r.values.cont_contact_source_code || null })),
      );
      // A CIN episode in the SSD is a referral and, as in the CIN census, the episode it opens (closed or not, NFA or not).
      const referrals = t.cin_episodes ?? [];
      await upsertEvents(
        tx,
        'referral',
        referrals.map((r) =>
          event(r.values.cine_person_id as string, r.dates.cine_referral_date ?? null, r, {
            ...held(r.values.cine_referral_team, r.values.cine_referral_worker_id),
            source: r.values.cine_referral_source_desc || r.values.cine_referral_source_code || null,
            nfa: ssdFlag(r.values.cine_referral_nfa),
            referrals_last_12m: null,
          }),
        ),
      );
      await upsertEvents(
        tx,
        'cin_episode',
        referrals.map((r) =>
          event(r.values.cine_person_id as string, r.dates.cine_referral_date ?? null, r, {
            ...held(r.values.cine_referral_team, r.values.cine_referral_worker_id),
            closure_date: r.dates.cine_close_date ?? null,
            primary_need: r.values.cine_cin_primary_need_code || null,
            closure_reason: r.values.cine_close_reason || null,
          }),
        ),
      );
      await upsertEvents(
        tx,
        'assessment',
        (t.assessments ?? []).map((r) =>
          event(r.values.cina_person_id as string, r.dates.cina_assessment_start_date ?? null, r, {
            ...held(r.values.cina_assessment_team, r.values.cina_assessment_worker_id),
            authorised_date: r.dates.cina_assessment_auth_date ?? null,
            child_seen: ssdFlag(r.values.cina_assessment_child_seen),
          }),
        ),
      );
      await upsertEvents(tx, 's47', s47Rows(t.s47 ?? [], t.icpc ?? []).map(({ row, icpc }) =>
        event(row.values.s47e_person_id as string, row.dates.s47e_s47_start_date ?? null, row, {
          ...held(row.values.s47e_s47_completed_by_team, row.values.s47e_s47_completed_by_worker_id),
          icpc_required: icpc ? true : ssdFlag(jsonField(row.values.s47e_s47_outcome_json, 'CP_CONFERENCE_FLAG') ?? undefined),
          icpc_date: icpc?.dates.icpc_icpc_date ?? null,
          icpc_cp_plan: icpc ? ssdFlag(icpc.values.icpc_icpc_outcome_cp_flag) : null,
        }),
      ));
      const plans = [...(t.cp_plans ?? [])].sort((a, b) => cmp(a.values.cppl_person_id, b.values.cppl_person_id) || cmp(a.dates.cppl_cp_plan_start_date, b.dates.cppl_cp_plan_start_date));
      await upsertEvents(
        tx,
        'cp_plan',
        plans.map((r, i) => {
          let previous = 0;
          for (let j = i - 1; j >= 0 && plans[j]?.values.cppl_person_id === r.values.cppl_person_id; j--) previous += 1;
          return event(r.values.cppl_person_id as string, r.dates.cppl_cp_plan_start_date ?? null, r, {
            allocated_team: null,
            allocated_worker: null,
            end_date: r.dates.cppl_cp_plan_end_date ?? null,
            initial_category: r.values.cppl_cp_plan_initial_category || null,
            latest_category: r.values.cppl_cp_plan_latest_category || r.values.cppl_cp_plan_initial_category || null,
            previous_plans: previous,
          });
        }),
      );
      const periods = periodsOfCare(t.cla_episodes ?? [], extractDate);
      await upsertEvents(
        tx,
        'cla_episode',
        periods.map((p) =>
          event(p.childId, p.startDate, p.last, {
            allocated_team: null,
            allocated_worker: null,
            end_date: p.endDate,
            legal_status: null,
            placement_type: null,
            placements_last_12m: p.placementsLast12Months,
            reason_ceased: p.endDate ? p.last.values.clae_cla_episode_ceased_reason || null : null,
          }),
        ),
      );
      const leavers = t.care_leavers ?? [];
      await upsertEvents(
        tx,
        'care_leaver',
        leavers.map((r) => ({
          ...base,
          child_id: r.values.clea_person_id,
          ...held(r.values.clea_care_leaver_allocated_team, r.values.clea_care_leaver_worker_id || r.values.clea_care_leaver_personal_advisor),
          eligibility: r.values.clea_care_leaver_eligibility || null,
          in_touch: r.values.clea_care_leaver_in_touch || null,
          accommodation_type: r.values.clea_care_leaver_accommodation || null,
          accommodation_suitable: suitable(r.values.clea_care_leaver_accom_suitable),
          activity: r.values.clea_care_leaver_activity || null,
          data: r.values,
        })),
      );
      // The care leavers the extract lists are those receiving a service on its date (as Annex A list 9).
      await insertSnapshotRows(
        tx,
        leavers.map((r) => ({ la_code: context.laCode, batch_id: context.batchId, extract_date: extractDate, list: 9, child_id: r.values.clea_person_id as string, event_date: null })),
      );

      const involvements = t.involvements ?? [];
      let allocationsLoaded = false;
      if (involvements.length > 0) {
        const later = await latestOtherSsdExtract(tx, context.laCode, context.batchId);
        if (later !== null && later > extractDate) {
          issues.push({ sheet: summaryOf('involvements')?.sheet, row: 0, severity: 'info', message: `A later SSD extract (${later}) is loaded; its involvements stay the allocations and this extract's were not used for caseloads.` });
        } else {
          const status = caseTypes(t.cla_episodes ?? [], plans, leavers);
          const allocations: Allocation[] = [];
          let rejected = 0;
          for (const r of involvements) {
            const given = r.values.invo_professional_id as string;
            const worker = workers.byId.get(given) ?? workers.byStaffId.get(given);
            if (!worker) {
              rejected += 1;
              issues.push({ sheet: r.fileName, row: r.rowNumber, column: 'invo_professional_id', value: given, severity: 'error', message: `Professional ${given} is not in the professionals table or the roster; the involvement was not loaded.` });
              continue;
            }
            const start = r.dates.invo_involvement_start_date as string;
            const end = r.dates.invo_involvement_end_date ?? null;
            const childId = r.values.invo_person_id as string;
            allocations.push({ childId, workerId: worker.workerId, teamId: teams.resolve(r.values.invo_professional_team) ?? worker.teamId, caseType: status(childId, end !== null && end < extractDate ? end : extractDate, worker.role), startDate: start, endDate: end });
          }
          await deleteSsdAllocations(tx, context.laCode);
          await insertAllocations(tx, context.laCode, context.batchId, 'ssd', allocations);
          allocationsLoaded = true;
          const s = summaryOf('involvements');
          if (s) {
            s.loaded -= rejected;
            s.rejected += rejected;
          }
        }
      }

      const coverage: CoverageWindow[] = [];
      for (const [table, families] of FAMILIES) {
        const rows = t[table] ?? [];
        if (rows.length === 0 || (table === 'involvements' && !allocationsLoaded)) continue;
        const from = context.coversFrom ?? rows.reduce((m, r) => minDate(m, keyDate(table, r)), extractDate);
        for (const family of families) coverage.push({ family, from: from > extractDate ? extractDate : from, to: extractDate });
      }
      if (t.care_leavers) coverage.push({ family: 'care_leavers', from: extractDate, to: extractDate });
      if (t.professionals && t.professionals.length > 0) coverage.push({ family: 'roster', from: extractDate, to: extractDate });
      return { lists, issues, coverage };
    },
  };
}

function keyDate(table: SsdTableName, r: SsdRow): string | null {
  const keys: Partial<Record<SsdTableName, string>> = {
    contacts: 'cont_contact_date',
    cin_episodes: 'cine_referral_date',
    assessments: 'cina_assessment_start_date',
    s47: 's47e_s47_start_date',
    cp_plans: 'cppl_cp_plan_start_date',
    cla_episodes: 'clae_cla_episode_start_date',
    involvements: 'invo_involvement_start_date',
  };
  const k = keys[table];
  return k ? (r.dates[k] ?? null) : null;
}

function minDate(a: string, b: string | null): string {
  return b !== null && b < a ? b : a;
}

function cmp(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Accommodation suitability as SSD exports write it: a flag, or the 903 codes ending 1 (suitable) and 2 (not). */
function suitable(text: string | undefined): boolean | null {
  const flag = ssdFlag(text);
  if (flag !== null) return flag;
  const v = (text ?? '').trim().toLowerCase();
  if (v === 'suitable' || /^[a-z]1$/.test(v)) return true;
  if (v === 'unsuitable' || v === 'not suitable' || /^[a-z]2$/.test(v)) return false;
  return null;
}

/** Each enquiry with its initial conference: the conference naming the enquiry's id, else the child's first conference within 60 days of it. */
function s47Rows(enquiries: readonly SsdRow[], conferences: readonly SsdRow[]): Array<{ row: SsdRow; icpc: SsdRow | null }> {
  const byEnquiry = new Map<string, SsdRow>();
  const byChild = new Map<string, SsdRow[]>();
  for (const c of conferences) {
    if (c.values.icpc_s47_enquiry_id) byEnquiry.set(c.values.icpc_s47_enquiry_id, c);
    const list = byChild.get(c.values.icpc_person_id as string) ?? [];
    list.push(c);
    byChild.set(c.values.icpc_person_id as string, list);
  }
  return enquiries.map((row) => {
    const id = row.values.s47e_s47_enquiry_id;
    const start = row.dates.s47e_s47_start_date as string;
    const linked = id ? byEnquiry.get(id) : undefined;
    const near = (byChild.get(row.values.s47e_person_id as string) ?? [])
      .filter((c) => !c.values.icpc_s47_enquiry_id && (c.dates.icpc_icpc_date ?? '') >= start && (c.dates.icpc_icpc_date ?? '') <= addMonths(start, 2))
      .sort((a, b) => cmp(a.dates.icpc_icpc_date, b.dates.icpc_icpc_date))[0];
    return { row, icpc: linked ?? near ?? null };
  });
}

interface Period {
  childId: string;
  startDate: string;
  endDate: string | null;
  placementsLast12Months: number;
  last: SsdRow;
}

/**
 * Periods of care from SSD (903-style) episodes, as the SSDA903 rule has it: a child's episodes
 * form one period while each starts on the day the previous one ended and is not a new start
 * (start reason `S`). The placements in the 12 months to the extract date are the period's
 * distinct placements (placement id, else each episode starting a new placement) open in them.
 */
function periodsOfCare(episodes: readonly SsdRow[], extractDate: string): Period[] {
  const sorted = [...episodes].sort((a, b) => cmp(a.values.clae_person_id, b.values.clae_person_id) || cmp(a.dates.clae_cla_episode_start_date, b.dates.clae_cla_episode_start_date));
  const yearBefore = addMonths(extractDate, -12);
  const out: Array<Period & { placements: Set<string> }> = [];
  let current: (Period & { placements: Set<string> }) | null = null;
  for (const e of sorted) {
    const childId = e.values.clae_person_id as string;
    const start = e.dates.clae_cla_episode_start_date as string;
    const end = e.dates.clae_cla_episode_ceased_date ?? null;
    const reason = (e.values.clae_cla_episode_start_reason ?? '').trim().toUpperCase();
    if (!(current !== null && current.childId === childId && current.endDate === start && reason !== 'S')) {
      current = { childId, startDate: start, endDate: end, placementsLast12Months: 0, last: e, placements: new Set() };
      out.push(current);
    } else {
      current.endDate = end;
      current.last = e;
    }
    const inYear = start <= extractDate && (end === null || end > yearBefore);
    if (inYear && (reason === '' || NEW_PLACEMENT.has(reason) || current.placements.size === 0)) {
      current.placements.add(e.values.clae_cla_placement_id || `${start}`);
    }
  }
  return out.map(({ placements, ...p }) => ({ ...p, placementsLast12Months: placements.size }));
}

/** The case type of a child's allocation on a date: looked after, on a plan, a care leaver (or held by a personal adviser), else in need. */
function caseTypes(episodes: readonly SsdRow[], plans: readonly SsdRow[], leavers: readonly SsdRow[]): (childId: string, on: string, role: Role) => CaseType {
  const open = (rows: readonly SsdRow[], id: string, start: string, end: string) => {
    const m = new Map<string, Array<[string, string | null]>>();
    for (const r of rows) {
      const list = m.get(r.values[id] as string) ?? [];
      list.push([r.dates[start] as string, r.dates[end] ?? null]);
      m.set(r.values[id] as string, list);
    }
    return (childId: string, on: string) => (m.get(childId) ?? []).some(([s, e]) => s <= on && (e === null || e > on));
  };
  const looked = open(episodes, 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date');
  const onPlan = open(plans, 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date');
  const leaver = new Set(leavers.map((r) => r.values.clea_person_id));
  return (childId, on, role) => {
    if (looked(childId, on)) return 'cla';
    if (onPlan(childId, on)) return 'cp';
    if (leaver.has(childId) || role === 'personal_adviser') return 'care_leaver';
    return 'cin';
  };
}

interface TeamIndex {
  resolve(text: string | undefined): string | null;
  names: Map<string, string>;
}

/** Departments as teams: a department others sit under is a service (a locality when it sits under one itself); parents named only by id are added. */
async function loadTeams(tx: Transaction<Database>, context: LoadContext, rows: readonly SsdRow[]): Promise<TeamIndex> {
  const parents = new Set(rows.map((r) => r.values.dept_team_parent_id).filter((p): p is string => !!p));
  const teams = new Map<string, Team>();
  for (const r of rows) {
    const id = r.values.dept_team_id as string;
    const parentId = r.values.dept_team_parent_id || null;
    const kind: TeamKind = parents.has(id) ? (parentId ? 'locality' : 'service') : 'team';
    teams.set(id, { teamId: id, name: r.values.dept_team_name || id, parentId: parentId === id ? null : parentId, kind });
  }
  for (const r of rows) {
    const p = r.values.dept_team_parent_id;
    if (p && !teams.has(p)) teams.set(p, { teamId: p, name: r.values.dept_team_parent_name || p, parentId: null, kind: 'service' });
  }
  await upsertTeams(tx, context.laCode, context.batchId, [...teams.values()]);
  const stored = await listTeams(tx, context.laCode);
  const ids = new Set(stored.map((s) => s.teamId));
  const byName = await findTeamIdsByName(tx, context.laCode);
  return {
    names: new Map(stored.map((s) => [s.teamId, s.name])),
    resolve(text) {
      const v = (text ?? '').trim();
      if (v === '') return null;
      if (ids.has(v)) return v;
      return byName.get(normaliseName(v)) ?? null;
    },
  };
}

interface WorkerIndex {
  byId: Map<string, { workerId: string; name: string; teamId: string | null; role: Role }>;
  byStaffId: Map<string, { workerId: string; name: string; teamId: string | null; role: Role }>;
}

/** Professionals as the roster: upserted by professional id; the role from the job title; FTE 1 when not given. What the SSD lacks (dates, manager) a roster's worker keeps. */
async function loadWorkers(tx: Transaction<Database>, context: LoadContext, rows: readonly SsdRow[], teams: TeamIndex, issues: ImportIssue[]): Promise<WorkerIndex> {
  const before = new Map((await listWorkers(tx, context.laCode)).map((w) => [w.workerId, w]));
  const workers: Worker[] = [];
  const byStaffId = new Map<string, { workerId: string; name: string; teamId: string | null; role: Role }>();
  for (const r of rows) {
    const v = r.values;
    const id = v.prof_professional_id as string;
    const title = v.prof_professional_job_title ?? '';
    const known = before.get(id);
    let role = roleFromJobTitle(title);
    if (!role) {
      role = known?.role ?? 'social_worker';
      issues.push({ sheet: r.fileName, row: r.rowNumber, column: 'prof_professional_job_title', ...(title ? { value: title } : {}), severity: 'warning', message: `The job title ${title ? `"${title}"` : '(blank)'} names no role Headroom knows; the professional was taken to be ${known ? 'in the role the roster gives' : 'a social worker'}.` });
    }
    const fteText = (v.prof_full_time_equivalency ?? '').trim();
    let fte = known?.fte ?? 1;
    if (fteText !== '') {
      const n = /^(\d+(\.\d*)?|\.\d+)$/.test(fteText) ? Number(fteText) : Number.NaN;
      if (n > 0 && n <= 1.5) fte = n;
      else issues.push({ sheet: r.fileName, row: r.rowNumber, column: 'prof_full_time_equivalency', value: fteText, severity: 'warning', message: `The full-time equivalence "${fteText}" is not a number between 0 and 1.5; 1 was used.` });
    }
    const dept = v.prof_professional_department;
    const teamId = teams.resolve(dept) ?? known?.teamId ?? null;
    if (dept && !teams.resolve(dept)) issues.push({ sheet: r.fileName, row: r.rowNumber, column: 'prof_professional_department', value: dept, severity: 'warning', message: `The department "${dept}" is not in the department table or the teams; the professional was loaded ${teamId ? 'in the team the roster gives' : 'without a team'}.` });
    const name = v.prof_professional_name || `Professional ${id}`;
    // The SSD has no start or end dates or line managers: those a roster gave are kept.
    workers.push({ workerId: id, name, teamId, role, fte, asye: /\b(asye|nqsw)\b/i.test(title) || (known?.asye ?? false), agency: ssdFlag(v.prof_agency_worker_flag) ?? known?.agency ?? false, startDate: known?.startDate ?? null, endDate: known?.endDate ?? null, managerId: known?.managerId ?? null });
    if (v.prof_staff_id) byStaffId.set(v.prof_staff_id, { workerId: id, name, teamId, role });
  }
  await upsertWorkers(tx, context.laCode, context.batchId, workers);
  const stored = await listWorkers(tx, context.laCode);
  return { byId: new Map(stored.map((w) => [w.workerId, { workerId: w.workerId, name: w.name, teamId: w.teamId, role: w.role }])), byStaffId };
}
