import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/headroom');
const PASSWORD = 'an operator chose this passphrase';

interface Target {
  kind: 'pglite' | 'postgresql';
  env(): Record<string, string>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

/** The CLI against each driver: a PGlite directory, and a throwaway PostgreSQL database when TEST_DATABASE_URL is set. */
function targets(): Target[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-cli-users-'));
  const list: Target[] = [
    { kind: 'pglite', env: () => ({ HEADROOM_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' }), setup: async () => {}, teardown: async () => rmSync(dir, { recursive: true, force: true }) },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `headroom_cli_${randomBytes(5).toString('hex')}`;
    const admin = async (statement: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(statement);
      await c.end();
    };
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    list.push({ kind: 'postgresql', env: () => ({ DATABASE_URL: dbUrl.toString() }), setup: () => admin(`create database ${name}`), teardown: () => admin(`drop database if exists ${name}`) });
  }
  return list;
}

function headroom(target: Target, args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...target.env(), USER: 'operator' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe.each(targets())('headroom users and audit on $kind', (target) => {
  const out = mkdtempSync(path.join(tmpdir(), 'headroom-audit-out-'));
  beforeAll(() => target.setup());
  afterAll(async () => {
    await target.teardown();
    rmSync(out, { recursive: true, force: true });
  });

  it('adds the first administrator with the password from stdin, never from argv, and never echoes it', async () => {
    const add = await headroom(target, ['users', 'add', 'Chief', '--role', 'admin'], `${PASSWORD}\n`);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Added chief: Administrator, every council');
    expect(add.stdout + add.stderr).not.toContain(PASSWORD);
    const flag = await headroom(target, ['users', 'add', 'other', '--role', 'admin', '--password', PASSWORD]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--password'");
  });

  it('refuses a weak password, a bad role, a team manager without teams, and a duplicate, with exit 2 or 1', async () => {
    const weak = await headroom(target, ['users', 'add', 'weakling', '--role', 'viewer'], 'password1234\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('attackers try first');
    expect((await headroom(target, ['users', 'add', 'x1', '--role', 'boss'], `${PASSWORD}\n`)).code).toBe(2);
    const noTeams = await headroom(target, ['users', 'add', 'tm', '--role', 'team_manager'], `${PASSWORD}\n`);
    expect(noTeams.code).toBe(2);
    expect(noTeams.stderr).toContain('--teams');
    expect((await headroom(target, ['users', 'add', 'chief', '--role', 'viewer'], `${PASSWORD}\n`)).code).toBe(1);
  });

  it('lists, changes roles and teams, resets passwords, disables and enables', async () => {
    expect((await headroom(target, ['users', 'add', 'manager.one', '--role', 'team_manager', '--teams', 'T-ASS1,T-CINN', '--la', '855'], `${PASSWORD}\n`)).code).toBe(0);
    const setRole = await headroom(target, ['users', 'set-role', 'manager.one', '--role', 'senior_manager', '--la', '855,856']);
    expect(setRole.code).toBe(0);
    expect(setRole.stdout).toContain('manager.one: Senior manager, councils 855, 856');
    expect((await headroom(target, ['users', 'reset-password', 'manager.one'], 'a different long passphrase\n')).code).toBe(0);
    expect((await headroom(target, ['users', 'disable', 'manager.one'])).code).toBe(0);
    const list = await headroom(target, ['users', 'list', '--json']);
    const users = JSON.parse(list.stdout) as Array<{ username: string; role: string; laCodes: string[]; teamIds: string[]; disabled: boolean }>;
    expect(users.map((u) => [u.username, u.role, u.laCodes, u.teamIds, u.disabled])).toEqual([
      ['chief', 'admin', ['*'], [], false],
      ['manager.one', 'senior_manager', ['855', '856'], [], true],
    ]);
    expect((await headroom(target, ['users', 'enable', 'manager.one'])).code).toBe(0);
    expect((await headroom(target, ['users', 'disable', 'nobody'])).code).toBe(3);
  });

  it('exports the audit log as CSV, with cli:<os user> as the actor, and archives old rows to a file', async () => {
    const csv = await headroom(target, ['audit', 'export']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,at,la_code,actor,actor_role,action,route,ip,detail');
    const actions = lines.slice(1).map((l) => l.split(',').slice(3, 6).join(' '));
    expect(actions).toEqual([
      'cli:operator  user_added',
      'cli:operator  user_added',
      'cli:operator  role_changed',
      'cli:operator  password_reset',
      'cli:operator  user_disabled',
      'cli:operator  user_enabled',
    ]);
    expect(csv.stdout).not.toContain(PASSWORD);
    const file = path.join(out, 'archive.csv');
    const archive = await headroom(target, ['audit', 'archive', '--before', '2999-01-01', '--out', file]);
    expect(archive.code).toBe(0);
    expect(archive.stdout).toContain('Archived 7 audit rows');
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(8);
    const again = await headroom(target, ['audit', 'archive', '--before', '2999-01-01', '--out', file]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already exists');
    const left = await headroom(target, ['audit', 'export', '--from', '2000-01-01', '--to', '2999-12-31']);
    expect(left.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[5])).toEqual(['audit_archived']);
    expect(existsSync(file)).toBe(true);
    expect((await headroom(target, ['audit', 'archive', '--before', '2024-02-31', '--out', path.join(out, 'x.csv')])).code).toBe(2);
  });
}, 240_000);

describe('headroom serve on a network address', () => {
  it('refuses to listen beyond this computer without TLS or a proxy, with exit 2 and what to do', async () => {
    const target = targets()[0]!;
    for (const args of [['serve', '--host', '0.0.0.0'], ['start', '--host', '10.0.0.5']]) {
      const r = await headroom(target, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('without HTTPS');
      expect(r.stderr).toContain('TLS_CERT_FILE');
      expect(r.stderr).toContain('TRUST_PROXY');
    }
    await target.teardown();
  });
});
