import type { MigrationResultSet } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateRetryingSchemaRace } from './migrate.ts';

const schemaGone = (): MigrationResultSet => ({ error: Object.assign(new Error('schema "t_0123" does not exist'), { code: '3F000' }) });
const done: MigrationResultSet = { results: [{ migrationName: '2026-01-01T0000-first', direction: 'Up', status: 'Success' }] };

describe('migrateRetryingSchemaRace', () => {
  it('tries again when another program dropped a schema while Kysely listed every schema’s tables', async () => {
    const outcomes = [schemaGone(), schemaGone(), done];
    let runs = 0;
    const outcome = await migrateRetryingSchemaRace(async () => outcomes[runs++]!);
    expect(runs).toBe(3);
    expect(outcome).toBe(done);
  });

  it('gives up after five tries, and never retries a migration that failed or another error', async () => {
    let runs = 0;
    const last = await migrateRetryingSchemaRace(async () => (runs++, schemaGone()));
    expect(runs).toBe(5);
    expect((last.error as { code: string }).code).toBe('3F000');

    const failedMigration: MigrationResultSet = { error: Object.assign(new Error('schema "x" does not exist'), { code: '3F000' }), results: [{ migrationName: 'm', direction: 'Up', status: 'Error' }] };
    runs = 0;
    expect(await migrateRetryingSchemaRace(async () => (runs++, failedMigration))).toBe(failedMigration);
    expect(runs).toBe(1);

    const other: MigrationResultSet = { error: Object.assign(new Error('permission denied'), { code: '42501' }) };
    runs = 0;
    expect(await migrateRetryingSchemaRace(async () => (runs++, other))).toBe(other);
    expect(runs).toBe(1);
  });
});
