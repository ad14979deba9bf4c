import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { adapters } from '../../src/app.ts';
import { backupFolderFor } from '../../src/db/backup.ts';
import { createLogger } from '../../src/logger.ts';
import { fixturePath } from '../support/fixtures.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/headroom');
const dir = mkdtempSync(path.join(tmpdir(), 'headroom-backup-'));
const SAMPLE = fixturePath('annex-a/annex-a-sample.xlsx');
const dataDir = path.join(dir, 'data');

async function headroom(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(BIN, args, { env: { ...process.env, HEADROOM_DATA_DIR: dataDir, DATABASE_URL: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backups of the embedded database', () => {
  it('backs up, refuses to overwrite, and restores the data as it was (keeping the replaced directory)', async () => {
    expect((await headroom(['import', 'annex-a', SAMPLE, '--la', '855'])).code).toBe(0);
    const file = path.join(dir, 'before.tar.gz');
    const backup = await headroom(['db', 'backup', file]);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .* to .*before\.tar\.gz \(\d+\.\d MB\)\.$/m);
    expect(statSync(file).mode & 0o077).toBe(0);
    const again = await headroom(['db', 'backup', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');

    expect((await headroom(['import', 'annex-a', SAMPLE, '--la', '856'])).code).toBe(0);

    const restore = await headroom(['db', 'restore', file]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/The data it replaced is kept in .*data\.before-restore-/);
    expect((await headroom(['caseloads', '--la', '855', '--format', 'json'])).code).toBe(0);
    const gone = await headroom(['caseloads', '--la', '856', '--format', 'json']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('There is no data for LA 856');
    expect(readdirSync(dir).some((n) => n.startsWith('data.before-restore-'))).toBe(true);
  }, 300_000);

  it('refuses a file that is not a backup, changing nothing', async () => {
    const r = await headroom(['db', 'restore', SAMPLE]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/is not a Headroom backup that can be restored .* Nothing was changed\./);
    expect((await headroom(['caseloads', '--la', '855', '--format', 'json'])).code).toBe(0);
  }, 120_000);

  it('on PostgreSQL, points to pg_dump and writes nothing', async () => {
    const file = path.join(dir, 'pg.tar.gz');
    const r = await headroom(['db', 'backup', file], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^headroom: This Headroom uses a PostgreSQL server \(DATABASE_URL\): back it up and restore it with the server's own tools, pg_dump and pg_restore/m);
    expect(existsSync(file)).toBe(false);
  });

  it('copies the database into the backups folder before a migration changes it', async () => {
    const logger = createLogger({ level: 'silent' });
    const opened = await adapters({ dataDir, databaseUrl: undefined }, logger);
    const last = (await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(opened.db)).rows[0]!.name;
    // Forget the last migration, so the next start has one to apply (it fails: its tables exist).
    await sql`delete from kysely_migration where name = ${last}`.execute(opened.db);
    await opened.close();
    await expect(adapters({ dataDir, databaseUrl: undefined }, logger)).rejects.toThrow(/could not be upgraded/);
    const backups = readdirSync(backupFolderFor(dataDir));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^before-${last}-.*\\.tar\\.gz$`));
    // `headroom db migrate` takes the same copy first.
    const migrate = await headroom(['db', 'migrate']);
    expect(migrate.code).not.toBe(0);
    expect(migrate.stdout).toMatch(new RegExp(`^Backed up the database to .*before-${last}-.*\\.tar\\.gz first\\.`));
    expect(readdirSync(backupFolderFor(dataDir))).toHaveLength(2);
  }, 120_000);
});
