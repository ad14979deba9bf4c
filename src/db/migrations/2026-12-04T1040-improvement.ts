import { sql, type Kysely } from 'kysely';

// The improvement plan (actions and their dated updates), case-file audits and the risk register.
// Actions and risks are keyed by the council's own reference, so a re-imported plan updates its
// rows in place and keeps the updates added since.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('improvement_action')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('lead', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'text')
    .addColumn('target', 'double precision')
    .addColumn('better_when', 'text')
    .addColumn('manual_rag', 'text')
    .addColumn('batch_id', 'integer')
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('improvement_action_pk', ['la_code', 'ref'])
    .execute();

  await db.schema
    .createTable('improvement_update')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('update_date', 'date', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('improvement_update_action').on('improvement_update').columns(['la_code', 'ref', 'update_date']).execute();

  await db.schema
    .createTable('case_audit')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text')
    .addColumn('audit_date', 'date', (c) => c.notNull())
    .addColumn('auditor', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('themes', 'jsonb', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull())
    .addUniqueConstraint('case_audit_unique', ['la_code', 'child_id', 'audit_date'])
    .execute();

  await db.schema
    .createTable('risk')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('risk', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('mitigations', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'text')
    .addColumn('target', 'double precision')
    .addColumn('better_when', 'text')
    .addColumn('review_date', 'date', (c) => c.notNull())
    .addColumn('batch_id', 'integer')
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('risk_pk', ['la_code', 'ref'])
    .execute();
}
