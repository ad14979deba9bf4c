import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.ts';
import { testDrivers } from '../support/databases.ts';
import { fixturePath } from '../support/fixtures.ts';

const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-kill-'));
const SAMPLE = fixturePath('annex-a/annex-a-sample.xlsx');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where the child finds the database and how the test opens it: a data directory, or a PostgreSQL schema of its own. */
async function targetFor(kind: 'pglite' | 'postgresql'): Promise<{ env: Record<string, string>; open: () => Promise<DatabaseHandle>; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = path.join(dir, 'data');
    return { env: { HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '' }, open: () => openDatabase({ dataDir }), dispose: async () => undefined };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_killimport_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(statement);
    await c.end();
  };
  await admin(`create schema ${schema}`);
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  return { env: { DATABASE_URL: withPath.toString() }, open: () => openDatabase({ databaseUrl: url, schema }), dispose: () => admin(`drop schema ${schema} cascade`) };
}

/** Starts an import and kills it (SIGKILL: no clean-up runs) after `ms`, or at the crash point `killAt` (src/db/faults.ts). */
function importKilled(env: Record<string, string>, kill: { ms?: number; killAt?: string }): Promise<number | null> {
  const child = spawn(BIN, ['import', 'annex-a', SAMPLE, '--la', '855'], { env: { ...process.env, ...env, HEADROOM_TEST_KILL_AT: kill.killAt ?? '' }, stdio: 'ignore' });
  const timer = kill.ms === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), kill.ms);
  return new Promise((resolve) => child.on('exit', (code) => {
    clearTimeout(timer);
    resolve(code);
  }));
}

/** The database opens and holds the sample's 5 contacts once (one loaded batch) or not at all. */
async function oneCopyOrNone(open: () => Promise<DatabaseHandle>): Promise<number> {
  const handle = await open();
  try {
    const exists = await sql<{ t: string | null }>`select to_regclass('import_batch')::text as t`.execute(handle.db);
    if (!exists.rows[0]?.t) return 0;
    const batches = await sql<{ status: string; rows_loaded: number }>`select status, rows_loaded from import_batch`.execute(handle.db);
    expect(batches.rows.every((b) => b.status === 'loaded' || b.status === 'replaced')).toBe(true);
    const loaded = batches.rows.filter((b) => b.status === 'loaded').length;
    expect(loaded).toBeLessThanOrEqual(1);
    const contacts = Number((await sql<{ n: number }>`select count(*)::int as n from contact`.execute(handle.db)).rows[0]?.n);
    expect(contacts).toBe(loaded * 5);
    return loaded;
  } finally {
    await handle.close();
  }
}

for (const driver of testDrivers()) {
  describe(`kill -9 during an import (${driver.kind})`, () => {
    it('leaves a database that opens (on the embedded one, the dead owner\'s lock cleared) holding the import whole or not at all: one copy or none', async () => {
      const target = await targetFor(driver.kind);
      try {
        // Random points across starting, opening, parsing and the load transaction.
        for (const ms of [2_000 + Math.floor(Math.random() * 4_000), 6_000 + Math.floor(Math.random() * 8_000)]) {
          await importKilled(target.env, { ms });
          await oneCopyOrNone(target.open);
        }
        expect(await importKilled(target.env, {})).toBe(0);
        expect(await oneCopyOrNone(target.open)).toBe(1);
        // Killed inside the transaction that has already replaced that copy and loaded a second: the first stays, alone.
        await importKilled(target.env, { killAt: 'import-load' });
        expect(await oneCopyOrNone(target.open)).toBe(1);
      } finally {
        await target.dispose();
      }
    }, 600_000);
  });
}
