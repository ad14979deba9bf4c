import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredCostModel {
  laCode: string;
  version: number;
  name: string;
  definition: unknown;
  savedBy: string;
  savedAt: string;
}

export interface StoredScenario {
  laCode: string;
  name: string;
  version: number;
  description: string | null;
  definition: unknown;
  risks: string[] | null;
  savedBy: string;
  savedAt: string;
}

export interface ScenarioSummary {
  name: string;
  description: string | null;
  version: number;
  savedBy: string;
  savedAt: string;
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : new Date(value).toISOString());

export async function latestCostModel(db: Db, laCode: string): Promise<StoredCostModel | undefined> {
  const row = await db.selectFrom('cost_model').selectAll().where('la_code', '=', laCode).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && { laCode: row.la_code, version: row.version, name: row.name, definition: row.definition, savedBy: row.saved_by, savedAt: iso(row.saved_at) };
}

export async function insertCostModel(db: Db, laCode: string, name: string, definition: unknown, savedBy: string): Promise<number> {
  const next = await sql<{ v: number }>`select coalesce(max(version), 0) + 1 as v from cost_model where la_code = ${laCode}`.execute(db);
  const version = Number(next.rows[0]?.v ?? 1);
  await db.insertInto('cost_model').values({ la_code: laCode, version, name, definition: JSON.stringify(definition), saved_by: savedBy }).execute();
  return version;
}

function toScenario(row: { la_code: string; name: string; version: number; description: string | null; definition: unknown; risks: unknown; saved_by: string; saved_at: Date | string }): StoredScenario {
  return {
    laCode: row.la_code,
    name: row.name,
    version: row.version,
    description: row.description,
    definition: row.definition,
    risks: Array.isArray(row.risks) ? row.risks.filter((r): r is string => typeof r === 'string') : null,
    savedBy: row.saved_by,
    savedAt: iso(row.saved_at),
  };
}

/** The latest version of a named scenario, or the version asked for. */
export async function getScenario(db: Db, laCode: string, name: string, version?: number): Promise<StoredScenario | undefined> {
  let query = db.selectFrom('scenario').selectAll().where('la_code', '=', laCode).where('name', '=', name);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  return row && toScenario(row);
}

export async function insertScenario(
  db: Db,
  scenario: { laCode: string; name: string; description: string | null; definition: unknown; risks: string[] | null; savedBy: string },
): Promise<number> {
  const next = await sql<{ v: number }>`select coalesce(max(version), 0) + 1 as v from scenario where la_code = ${scenario.laCode} and name = ${scenario.name}`.execute(db);
  const version = Number(next.rows[0]?.v ?? 1);
  await db
    .insertInto('scenario')
    .values({
      la_code: scenario.laCode,
      name: scenario.name,
      version,
      description: scenario.description,
      definition: JSON.stringify(scenario.definition),
      risks: scenario.risks === null ? null : JSON.stringify(scenario.risks),
      saved_by: scenario.savedBy,
    })
    .execute();
  return version;
}

/** The latest version of every scenario of an LA, by name. */
export async function listScenarios(db: Db, laCode: string): Promise<ScenarioSummary[]> {
  const rows = await db
    .selectFrom('scenario as s')
    .select(['s.name', 's.description', 's.version', 's.saved_by', 's.saved_at'])
    .where('s.la_code', '=', laCode)
    .where(({ eb, selectFrom }) =>
      eb('s.version', '=', selectFrom('scenario as t').select(({ fn }) => fn.max('t.version').as('v')).whereRef('t.la_code', '=', 's.la_code').whereRef('t.name', '=', 's.name')),
    )
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({ name: r.name, description: r.description, version: r.version, savedBy: r.saved_by, savedAt: iso(r.saved_at) }));
}

/** Every version of a named scenario, newest first. */
export async function scenarioVersions(db: Db, laCode: string, name: string): Promise<StoredScenario[]> {
  const rows = await db.selectFrom('scenario').selectAll().where('la_code', '=', laCode).where('name', '=', name).orderBy('version', 'desc').execute();
  return rows.map(toScenario);
}
