import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/connect.ts';
import { migrateToLatest, migrationStatus } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';

/**
 * kill -9 of the real command line (a child process) while it saves a scenario, saves a cost model
 * or upgrades the database, on both drivers: at a random moment, and exactly inside the write's
 * transaction (HEADROOM_TEST_KILL_AT, src/db/faults.ts). Afterwards the database must open and hold
 * each change whole (with its audit row) or not at all, and take the next change as usual.
 */

const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-kill-writes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where a child process finds the database, and how the test opens it afterwards. */
interface Target {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

let counter = 0;

async function newTarget(kind: DatabaseKind): Promise<Target> {
  const n = ++counter;
  if (kind === 'pglite') {
    const dataDir = path.join(dir, `data-${n}`);
    return { env: { HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '' }, open: () => openDatabase({ dataDir }), dispose: async () => undefined };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_kill_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(statement);
    await c.end();
  };
  await admin(`create schema ${schema}`);
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: withPath.toString() },
    open: () => openDatabase({ databaseUrl: url, schema }),
    dispose: () => admin(`drop schema ${schema} cascade`),
  };
}

/** Runs the command line; kills it (SIGKILL: nothing of ours runs after) after `killAfterMs` if given. */
function headroom(target: Target, args: string[], options: { killAfterMs?: number; killAt?: string } = {}): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const started = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, ...target.env, LOG_LEVEL: 'silent', HEADROOM_TEST_KILL_AT: options.killAt ?? '' };
  const child = spawn(BIN, args, { env, stdio: 'ignore' });
  const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - started });
    }),
  );
}

const randomBetween = (from: number, to: number): number => Math.round(from + Math.random() * (to - from));

async function withDb<T>(target: Target, check: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const handle = await target.open();
  try {
    return await check(handle.db);
  } finally {
    await handle.close();
  }
}

async function ints(db: Kysely<Database>, query: RawBuilder<{ v: number }>): Promise<number[]> {
  return (await query.execute(db)).rows.map((r) => Number(r.v));
}

/** The saved versions and the versions the audit log records, which must be the same 1..n. */
async function savedAndAudited(db: Kysely<Database>, what: 'scenario' | 'cost model'): Promise<{ saved: number[]; audited: number[] }> {
  if (what === 'scenario') {
    return {
      saved: await ints(db, sql<{ v: number }>`select version as v from scenario where la_code = '855' order by version`),
      audited: await ints(db, sql<{ v: number }>`select (detail::jsonb ->> 'version')::int as v from audit_log where action = 'scenario_saved' order by 1`),
    };
  }
  return {
    saved: await ints(db, sql<{ v: number }>`select version as v from cost_model where la_code = '855' order by version`),
    audited: await ints(db, sql<{ v: number }>`select (detail::jsonb ->> 'version')::int as v from audit_log where action = 'settings_changed' and detail::jsonb ->> 'what' = 'cost model' order by 1`),
  };
}

function scenarioFile(round: number): string {
  const f = path.join(dir, `scenario-${counter}-${round}.json`);
  writeFileSync(f, JSON.stringify({ name: 'Two more in Assessment 1', description: `Round ${round}`, changes: [{ type: 'add_posts', team: 'T-ASS1', role: 'social_worker', fte: 1, count: 2, startDate: '2024-01-08' }] }));
  return f;
}

function costModelFile(round: number): string {
  const f = path.join(dir, `costs-${counter}-${round}.json`);
  writeFileSync(
    f,
    JSON.stringify({
      name: `Pay round ${round}`,
      grades: { social_worker: { grade: 'Grade 10', annualSalaryPence: 4200000 + round }, team_manager: { grade: 'Grade 13', annualSalaryPence: 5500000 } },
      onCostsPercent: 30,
      agency: { basis: 'day_rate', dayRatePence: { social_worker: 40000 }, workingDaysPerYear: 220 },
      recruitment: { incentivePence: 200000, retentionPence: 100000 },
      vacancyFactorPercent: 3,
    }),
  );
  return f;
}

for (const driver of testDrivers()) {
  describe(`kill -9 during writes (${driver.kind})`, () => {
    for (const what of ['scenario', 'cost model'] as const) {
      it(`a ${what} save killed at random moments and inside its transaction is kept whole, with its audit row, or not at all`, async () => {
        const target = await newTarget(driver.kind);
        try {
          await withDb(target, async (db) => {
            await migrateToLatest(db);
            await seedSmallCouncil(db);
          });
          const args = (round: number): string[] => (what === 'scenario' ? ['scenario', 'save', scenarioFile(round), '--la', '855'] : ['costs', 'set', costModelFile(round), '--la', '855']);
          const whole = await headroom(target, args(1));
          expect(whole.code).toBe(0);
          // Exactly between the row and its audit row, inside the transaction.
          const inside = await headroom(target, args(2), { killAt: what === 'scenario' ? 'scenario-save' : 'cost-model-save' });
          expect(inside.signal).toBe('SIGKILL');
          const afterInside = await withDb(target, (db) => savedAndAudited(db, what));
          expect(afterInside).toEqual({ saved: [1], audited: [1] });
          // At random moments of the run: starting, opening the database, checking, saving.
          for (let round = 3; round <= 4; round++) {
            await headroom(target, args(round), { killAfterMs: randomBetween(whole.ms * 0.3, whole.ms * 1.05) });
            const { saved, audited } = await withDb(target, (db) => savedAndAudited(db, what));
            expect(audited).toEqual(saved);
            expect(saved).toEqual(saved.map((_, i) => i + 1));
          }
          const last = await headroom(target, args(5));
          expect(last.code).toBe(0);
          const { saved, audited } = await withDb(target, (db) => savedAndAudited(db, what));
          expect(audited).toEqual(saved);
          expect(saved.at(-1)).toBe(saved.length);
        } finally {
          await target.dispose();
        }
      }, 300_000);
    }

    it('an upgrade killed at random moments and inside a migration leaves every migration applied or none, and the next start completes it', async () => {
      const target = await newTarget(driver.kind);
      try {
        const all = await withDb(target, async (db) => (await migrationStatus(db)).pending);
        expect(all.length).toBeGreaterThan(2);
        const appTables = async (db: Kysely<Database>): Promise<number> =>
          Number((await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db)).rows[0]?.n);
        const middle = all[Math.floor(all.length / 2)]!;
        const inside = await headroom(target, ['db', 'migrate'], { killAt: `migration ${middle}` });
        expect(inside.signal).toBe('SIGKILL');
        await withDb(target, async (db) => {
          expect((await migrationStatus(db)).applied).toEqual([]);
          expect(await appTables(db)).toBe(0);
        });
        const timed = await headroom(target, ['db', 'status', '--json']);
        expect(timed.code).toBe(0);
        await headroom(target, ['db', 'migrate'], { killAfterMs: randomBetween(timed.ms * 0.5, timed.ms * 2) });
        await withDb(target, async (db) => {
          const applied = (await migrationStatus(db)).applied;
          expect(applied.length === 0 || applied.length === all.length).toBe(true);
          expect((await appTables(db)) > 0).toBe(applied.length > 0);
        });
        expect((await headroom(target, ['db', 'migrate'])).code).toBe(0);
        await withDb(target, async (db) => {
          expect((await migrationStatus(db)).applied).toEqual(all);
        });
      } finally {
        await target.dispose();
      }
    }, 300_000);
  });
}
