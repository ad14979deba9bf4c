import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { acquireDataDirLock, lockPathFor } from './data-dir-lock.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'headroom-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ownStart(): string {
  return (JSON.parse(readFileSync(lockPathFor(path.join(dir, 'probe')), 'utf8')) as { started: string }).started;
}

describe('one owner per data directory', () => {
  it('takes the lock, refuses a second taker in the same process, and releases it', () => {
    const dataDir = path.join(dir, 'a');
    const lock = acquireDataDirLock(dataDir, 'headroom test');
    expect(existsSync(lockPathFor(dataDir))).toBe(true);
    expect(() => acquireDataDirLock(dataDir)).toThrow(/already open in this process/);
    lock.release();
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
    acquireDataDirLock(dataDir).release();
  });

  it('refuses while a live process holds it, naming the process and what to do', () => {
    const dataDir = path.join(dir, 'b');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const probe = acquireDataDirLock(path.join(dir, 'probe'));
      const started = ownStart().replace(/:\d+$/, `:${readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]}`);
      probe.release();
      writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: child.pid, host: hostname(), started, command: 'headroom serve', since: '2026-12-04T10:00:00Z' }));
      let message = '';
      try {
        acquireDataDirLock(dataDir);
      } catch (err) {
        expect(isAppError(err) && err.code).toBe('database_in_use');
        message = (err as Error).message;
      }
      expect(message).toContain(`is in use by the web server (headroom serve, process ${child.pid}, since 2026-12-04 10:00 UTC)`);
      expect(message).toMatch(/Upload the file on the web app's Data page instead, or stop the server first, or run both against one PostgreSQL server with DATABASE_URL\.$/);
      expect(message).not.toContain('\n');
      writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: child.pid, host: hostname(), started, command: 'headroom import roster', since: '2026-12-04T10:00:00Z' }));
      expect(() => acquireDataDirLock(dataDir)).toThrow(
        `is in use by another command, headroom import roster (process ${child.pid}, since 2026-12-04 10:00 UTC). Wait for it to finish or stop it, then try again, or run both against one PostgreSQL server with DATABASE_URL.`,
      );
      writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: child.pid, host: hostname(), started }));
      expect(() => acquireDataDirLock(dataDir)).toThrow(
        `is in use by another Headroom process (process ${child.pid}). Stop that process first, or upload the file on the web app's Data page, or run both against one PostgreSQL server with DATABASE_URL.`,
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('clears the lock of a process that has died', () => {
    const dataDir = path.join(dir, 'c');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(dead.stdout.toString());
    writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid, host: hostname(), started: null, command: 'headroom import', since: '' }));
    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('clears a lock whose pid now belongs to a process started at another time (pid reuse)', () => {
    if (!existsSync('/proc/self/stat')) return;
    const dataDir = path.join(dir, 'd');
    const probe = acquireDataDirLock(path.join(dir, 'probe'));
    const started = ownStart();
    probe.release();
    writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: process.pid, host: hostname(), started: `${started}0`, command: 'headroom serve', since: '' }));
    acquireDataDirLock(dataDir).release();
  });

  it('never clears a lock taken on another computer', () => {
    const dataDir = path.join(dir, 'e');
    writeFileSync(lockPathFor(dataDir), JSON.stringify({ pid: 1, host: 'another-host.example', started: null, command: 'headroom serve', since: '' }));
    expect(() => acquireDataDirLock(dataDir)).toThrow(/process 1 on another-host\.example/);
  });
});
