import { insertUpdates, listActions, listUpdates, upsertActions, upsertCaseAudits, upsertRisks } from '../db/improvement.repository.ts';
import { listTeams } from '../db/workforce.repository.ts';
import type { CaseAudit, Risk } from '../domain/improvement/model.ts';
import type { TableParseResult } from '../formats/csv/result.ts';
import { parseAudits, parsePlan, parseRisks, type PlanRow } from '../formats/improvement/improvement-files.ts';
import type { ImportIssue } from '../formats/issue.ts';
import type { Importer, Parsed } from './import-runner.ts';

type Clock = () => Date;

function asParsed<T>(fileName: string, result: TableParseResult<T>): Parsed<TableParseResult<T>> {
  return {
    fatal: result.fatal ? { message: result.fatal.message } : undefined,
    lists: [{ list: null, sheet: fileName, rowsRead: result.rowsRead, loaded: result.rows.length, rejected: result.rowsRead - result.rows.length }],
    issues: result.issues,
    payload: result,
  };
}

/**
 * The improvement plan: actions are added or updated by ref (an action left out of a later file
 * is kept, with its updates); an update written in the file is added, dated the day of the import,
 * unless it repeats the action's latest update.
 */
export function planImporter(clock: Clock): Importer<TableParseResult<PlanRow>> {
  let loadedBy = '';
  return {
    source: 'plan',
    snapshots: false,
    async parse(request) {
      loadedBy = request.loadedBy;
      return asParsed(request.fileName, await parsePlan(request.bytes, request.fileName));
    },
    async remove() {},
    async load(tx, context, p) {
      const existing = new Map((await listActions(tx, context.laCode)).map((a) => [a.ref, a]));
      const rows = p.payload.rows.map((r) => r.value);
      // Without a start date an action is taken to start on the day of its first import (or its due date, if that is earlier).
      const actions = rows.map(({ action }) => ({ ...action, start: action.start ?? existing.get(action.ref)?.start ?? (action.due < context.today ? action.due : context.today) }));
      await upsertActions(tx, context.laCode, actions, { actor: loadedBy, at: clock() }, context.batchId);
      const latest = new Map<string, string>();
      for (const u of await listUpdates(tx, context.laCode)) latest.set(u.ref, u.text);
      const updates = rows.filter((r) => r.update !== null && latest.get(r.action.ref) !== r.update).map((r) => ({ ref: r.action.ref, date: context.today, text: r.update ?? '', author: loadedBy }));
      await insertUpdates(tx, context.laCode, updates);
      return { lists: p.lists, issues: [] };
    },
  };
}

/** Case-file audits: added to those loaded before; the same child audited on the same date replaces the earlier record. */
export function auditsImporter(): Importer<TableParseResult<CaseAudit>> {
  let fileName = '';
  return {
    source: 'audits',
    snapshots: false,
    async parse(request) {
      fileName = request.fileName;
      return asParsed(request.fileName, await parseAudits(request.bytes, request.fileName));
    },
    async remove() {},
    async load(tx, context, p) {
      const audits = p.payload.rows;
      const teams = new Set((await listTeams(tx, context.laCode)).map((t) => t.teamId));
      const issues: ImportIssue[] = [];
      if (teams.size > 0) {
        for (const a of audits) {
          if (!teams.has(a.value.teamId)) {
            issues.push({ sheet: fileName, row: a.rowNumber, column: 'team', value: a.value.teamId, severity: 'warning', message: `Team ${a.value.teamId} is not in the teams loaded for this council: the audit was loaded, but its team's caseload cannot be shown beside it.` });
          }
        }
      }
      await upsertCaseAudits(tx, context.laCode, audits.map((a) => a.value), context.batchId);
      return { lists: p.lists, issues };
    },
  };
}

/** The risk register: risks are added or updated by ref. */
export function risksImporter(clock: Clock): Importer<TableParseResult<Risk>> {
  let loadedBy = '';
  return {
    source: 'risks',
    snapshots: false,
    async parse(request) {
      loadedBy = request.loadedBy;
      return asParsed(request.fileName, await parseRisks(request.bytes, request.fileName));
    },
    async remove() {},
    async load(tx, context, p) {
      await upsertRisks(tx, context.laCode, p.payload.rows.map((r) => r.value), { actor: loadedBy, at: clock() }, context.batchId);
      return { lists: p.lists, issues: [] };
    },
  };
}
