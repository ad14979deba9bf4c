import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { fixturePath } from '../support/fixtures.ts';

const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-kill-'));
const SAMPLE = fixturePath('annex-a/annex-a-sample.xlsx');
const dataDir = path.join(dir, 'data');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts an import and kills it (SIGKILL: no clean-up runs) after `ms`, or lets it finish first. */
function importKilledAfter(ms: number): Promise<number | null> {
  const child = spawn(BIN, ['import', 'annex-a', SAMPLE, '--la', '855'], { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '' }, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) => child.on('exit', (code) => {
    clearTimeout(timer);
    resolve(code);
  }));
}

describe('kill -9 during an import on the embedded database', () => {
  it('leaves a database that opens (the dead owner\'s lock cleared) holding the import whole or not at all', async () => {
    // Random points across opening, parsing and the load transaction.
    for (const ms of [2_000 + Math.floor(Math.random() * 4_000), 6_000 + Math.floor(Math.random() * 8_000)]) {
      await importKilledAfter(ms);
      const handle = await openDatabase({ dataDir });
      try {
        const exists = await sql<{ t: string | null }>`select to_regclass('import_batch')::text as t`.execute(handle.db);
        if (!exists.rows[0]?.t) continue;
        const batches = await sql<{ status: string; rows_loaded: number }>`select status, rows_loaded from import_batch`.execute(handle.db);
        expect(batches.rows.every((b) => b.status === 'loaded' || b.status === 'replaced')).toBe(true);
        expect(batches.rows.filter((b) => b.status === 'loaded').length).toBeLessThanOrEqual(1);
        const contacts = Number((await sql<{ n: number }>`select count(*)::int as n from contact`.execute(handle.db)).rows[0]?.n);
        expect(contacts === 0 || contacts === 5).toBe(true);
        expect(contacts === 5).toBe(batches.rows.some((b) => b.status === 'loaded'));
      } finally {
        await handle.close();
      }
    }
  }, 300_000);
});
