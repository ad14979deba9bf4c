import { sql, type Kysely } from 'kysely';

// Capacity planning: each LA's cost models and named scenarios, both versioned. A save never
// overwrites: it adds the next version, so a business case can always be traced to the exact
// scenario and cost model it was built from.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cost_model')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cost_model_pk', ['la_code', 'version'])
    .execute();

  await db.schema
    .createTable('scenario')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    // The "risks of not investing" paragraphs of the business case, as the service wrote them.
    .addColumn('risks', 'jsonb')
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('scenario_pk', ['la_code', 'name', 'version'])
    .execute();
}
