import type { Transaction } from 'kysely';
import { bulkInsert } from '../db/bulk.ts';
import type { Database } from '../db/schema.ts';
import { deleteAllocationsOfBatch, insertAllocations, listTeams, listWorkers, upsertTeams, upsertWorkers } from '../db/workforce.repository.ts';
import type { Allocation, Team, Worker } from '../domain/workforce/types.ts';
import { checkAllocationRefs, parseAllocations } from '../formats/allocations/allocations.ts';
import { cswwSummary, parseCsww, type CswwResult } from '../formats/csww/csww.ts';
import type { TableParseResult } from '../formats/csv/result.ts';
import type { ImportIssue } from '../formats/issue.ts';
import { parsePopulation, type PopulationRow } from '../formats/population/population.ts';
import { parseRoster } from '../formats/roster/roster.ts';
import { parseTeams } from '../formats/teams/teams.ts';
import type { Importer, ImportRequest, ImportSource, ListSummary, Parsed } from './import-runner.ts';

type Clock = () => Date;
const isoDay = (clock: Clock) => clock().toISOString().slice(0, 10);

/** Turns a single-table parse result into what the import runner expects. */
function parsed<T>(request: ImportRequest, result: TableParseResult<T>): Parsed<TableParseResult<T>> {
  const rejected = result.rowsRead - result.rows.length;
  return {
    fatal: result.fatal ? { message: result.fatal.message } : undefined,
    lists: [{ list: null, sheet: request.fileName, rowsRead: result.rowsRead, loaded: result.rows.length, rejected }],
    issues: result.issues,
    payload: result,
  };
}

function summary(p: Parsed<unknown>, loaded: number): ListSummary[] {
  const first = p.lists[0];
  if (!first) return [];
  return [{ ...first, loaded, rejected: first.rowsRead - loaded }];
}

function single<T>(source: ImportSource, parse: (request: ImportRequest) => TableParseResult<T>, load: (tx: Transaction<Database>, laCode: string, batchId: number, rows: TableParseResult<T>, fileName: string) => Promise<{ loaded: number; issues: ImportIssue[] }>, remove: Importer<TableParseResult<T>>['remove'] = async () => {}): Importer<TableParseResult<T>> {
  return {
    source,
    snapshots: false,
    async parse(request) {
      return parsed(request, parse(request));
    },
    remove,
    async load(tx, context, p) {
      const { loaded, issues } = await load(tx, context.laCode, context.batchId, p.payload, context.fileName);
      return { lists: summary(p, loaded), issues };
    },
  };
}

/** Teams: the hierarchy is upserted by id; teams missing from a later file are kept (allocations may name them). */
export function teamsImporter(): Importer<TableParseResult<Team>> {
  return single('teams', (r) => parseTeams(r.bytes, { fileName: r.fileName }), async (tx, laCode, batchId, result) => {
    await upsertTeams(tx, laCode, batchId, result.rows.map((r) => r.value));
    return { loaded: result.rows.length, issues: [] };
  });
}

/**
 * Roster: workers are upserted by id (a roster confirms workers first seen in Annex A). A team
 * the roster names that Headroom does not know is created under its id, with a warning.
 * Workers missing from a later roster are kept: leavers should carry an end date.
 */
export function rosterImporter(clock: Clock): Importer<TableParseResult<Worker>> {
  return single('roster', (r) => parseRoster(r.bytes, { fileName: r.fileName, today: isoDay(clock) }), async (tx, laCode, batchId, result, fileName) => {
    const known = new Set((await listTeams(tx, laCode)).map((t) => t.teamId));
    const issues: ImportIssue[] = [];
    const created = new Map<string, Team>();
    for (const r of result.rows) {
      const teamId = r.value.teamId;
      if (teamId && !known.has(teamId) && !created.has(teamId)) {
        created.set(teamId, { teamId, name: teamId, parentId: null, kind: 'team' });
        issues.push({ sheet: fileName, row: r.rowNumber, column: 'team_id', value: teamId, severity: 'warning', message: `Team ${teamId} is not in the teams file; it was added under its id. Import the teams file to name it and place it in a service.` });
      }
    }
    await upsertTeams(tx, laCode, batchId, [...created.values()]);
    await upsertWorkers(tx, laCode, batchId, result.rows.map((r) => r.value));
    return { loaded: result.rows.length, issues };
  });
}

/**
 * Allocations: the file is the full allocation history from a case management system, so a
 * new allocations import replaces the previous one. A row naming a worker or team Headroom
 * does not know is rejected (import the roster and teams first).
 */
export function allocationsImporter(clock: Clock): Importer<TableParseResult<Allocation>> {
  return single(
    'allocations',
    (r) => parseAllocations(r.bytes, { fileName: r.fileName, today: isoDay(clock) }),
    async (tx, laCode, batchId, result, fileName) => {
      const workers = new Map((await listWorkers(tx, laCode)).map((w) => [w.workerId, w.teamId]));
      const teams = new Set((await listTeams(tx, laCode)).map((t) => t.teamId));
      const checked = checkAllocationRefs(result.rows, workers, teams, fileName);
      await insertAllocations(tx, laCode, batchId, 'allocations', checked.rows.map((r) => r.value));
      return { loaded: checked.rows.length, issues: checked.issues };
    },
    async (tx, laCode, batchId) => deleteAllocationsOfBatch(tx, laCode, batchId),
  );
}

/** Population: one figure per LA and year; a later file's figure for a year replaces the earlier one. */
export function populationImporter(): Importer<TableParseResult<PopulationRow>> {
  return single('population', (r) => parsePopulation(r.bytes, { fileName: r.fileName, laCode: r.laCode }), async (tx, laCode, batchId, result) => {
    await bulkInsert(tx, result.rows.map((r) => ({ la_code: laCode, year: r.value.year, children_0_17: r.value.children0to17, batch_id: batchId })), {
      table: 'population',
      columns: { la_code: 'text', year: 'integer', children_0_17: 'integer', batch_id: 'integer' },
      conflict: { keys: ['la_code', 'year'], update: ['children_0_17', 'batch_id'] },
    });
    return { loaded: result.rows.length, issues: [] };
  });
}

/**
 * The workforce census: the workers, vacancies, agency cover, leavers and absence of one census
 * year. Importing a census year again replaces it. A return from another LA is loaded with a
 * warning, so a council can load a neighbour's file knowingly but never by accident unnoticed.
 */
export function cswwImporter(): Importer<CswwResult> {
  return {
    source: 'csww',
    snapshots: false,
    async parse(request) {
      const result = parseCsww(request.bytes, { fileName: request.fileName });
      const issues = [...result.issues];
      if (result.header.laCode && result.header.laCode !== request.laCode) {
        issues.push({ sheet: request.fileName, row: 0, column: 'LEA', value: result.header.laCode, severity: 'warning', message: `The return says it is from LA ${result.header.laCode}, but it is being loaded for LA ${request.laCode}.` });
      }
      return {
        fatal: result.fatal ? { message: result.fatal.message } : undefined,
        lists: [{ list: null, sheet: request.fileName, rowsRead: result.rowsRead, loaded: result.workers.length, rejected: result.rowsRead - result.workers.length }],
        issues,
        latestDate: result.header.referenceDate,
        payload: result,
      };
    },
    async remove() {},
    async load(tx, context, p) {
      const year = p.payload.header.censusYear ?? 0;
      await tx.deleteFrom('csww_worker').where('la_code', '=', context.laCode).where('census_year', '=', year).execute();
      await tx.deleteFrom('csww_census').where('la_code', '=', context.laCode).where('census_year', '=', year).execute();
      await tx
        .insertInto('csww_census')
        .values({
          la_code: context.laCode,
          census_year: year,
          census_date: p.payload.header.referenceDate,
          vacancies: p.payload.vacancies ? JSON.stringify(p.payload.vacancies) : null,
          summary: JSON.stringify(cswwSummary(p.payload)),
          batch_id: context.batchId,
        })
        .execute();
      await bulkInsert(
        tx,
        p.payload.workers.map((w) => ({
          la_code: context.laCode,
          census_year: year,
          swe_no: w.sweNo,
          fte: w.fte,
          fte30: w.fte30,
          org_role: w.orgRole,
          agency: w.agency,
          cases30: w.cases30,
          role_start_date: w.roleStartDate,
          role_end_date: w.roleEndDate,
          reason_leave: w.reasonLeave,
          working_days_lost: w.workingDaysLost,
          absent_30_sept: w.absentAt30Sept,
          data: w.data,
          batch_id: context.batchId,
        })),
        {
          table: 'csww_worker',
          columns: {
            la_code: 'text',
            census_year: 'integer',
            swe_no: 'text',
            fte: 'numeric',
            fte30: 'numeric',
            org_role: 'integer',
            agency: 'boolean',
            cases30: 'integer',
            role_start_date: 'date',
            role_end_date: 'date',
            reason_leave: 'text',
            working_days_lost: 'numeric',
            absent_30_sept: 'boolean',
            data: 'jsonb',
            batch_id: 'integer',
          },
        },
      );
      // A census year runs from 1 October to the census date, 30 September: its starters, leavers and absence.
      const coverage = year > 1900 ? [{ family: 'csww' as const, from: `${year - 1}-10-01`, to: `${year}-09-30` }] : [];
      return { lists: [{ list: null, sheet: context.fileName || context.laCode, rowsRead: p.payload.rowsRead, loaded: p.payload.workers.length, rejected: p.payload.rowsRead - p.payload.workers.length }], issues: [], coverage };
    },
  };
}
