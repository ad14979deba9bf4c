import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface LaSetting {
  laCode: string;
  laName: string | null;
  activeProfile: string;
  customProfile: unknown;
  synthetic: boolean;
}

export async function getLaSetting(db: Db, laCode: string): Promise<LaSetting | undefined> {
  const row = await db.selectFrom('la_setting').selectAll().where('la_code', '=', laCode).executeTakeFirst();
  return row && { laCode: row.la_code, laName: row.la_name, activeProfile: row.active_profile, customProfile: row.custom_profile, synthetic: row.synthetic };
}

export async function listLaSettings(db: Db): Promise<LaSetting[]> {
  const rows = await db.selectFrom('la_setting').selectAll().orderBy('la_code').execute();
  return rows.map((row) => ({ laCode: row.la_code, laName: row.la_name, activeProfile: row.active_profile, customProfile: row.custom_profile, synthetic: row.synthetic }));
}

/** Creates the LA's settings row if missing; fields given overwrite, others are kept. */
export async function upsertLaSetting(
  db: Db,
  laCode: string,
  fields: { laName?: string | null; activeProfile?: string; customProfile?: unknown; synthetic?: boolean },
): Promise<void> {
  const values = {
    la_code: laCode,
    ...(fields.laName === undefined ? {} : { la_name: fields.laName }),
    ...(fields.activeProfile === undefined ? {} : { active_profile: fields.activeProfile }),
    ...(fields.customProfile === undefined ? {} : { custom_profile: fields.customProfile === null ? null : JSON.stringify(fields.customProfile) }),
    ...(fields.synthetic === undefined ? {} : { synthetic: fields.synthetic }),
  };
  const { la_code: _ignored, ...updates } = values;
  await db
    .insertInto('la_setting')
    .values(values)
    .onConflict((oc) => (Object.keys(updates).length === 0 ? oc.column('la_code').doNothing() : oc.column('la_code').doUpdateSet({ ...updates, updated_at: sql`now()` })))
    .execute();
}
