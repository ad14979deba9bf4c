import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';

/**
 * One owner per embedded data directory. PGlite has no lock of its own, and two processes writing
 * one directory destroy it, so the owner records itself in `<dir>.lock` beside the directory
 * (not inside it: a backup of the directory would otherwise carry the lock along).
 *
 * Why pid + start time rather than an OS lock: Node has no portable flock, and a native module
 * for it would need building on each council's server. The lock file is created atomically
 * (written to a private file, then hard-linked into place, so nobody ever reads half of it) and
 * names the owner by host, pid and the pid's start time. A lock is stale only when it names this
 * host and that process is gone or the pid now belongs to a process started at another time (pid
 * reuse after a crash or reboot); a stale lock is moved aside atomically and removed only if it is
 * still the one judged stale. A lock from another host is never cleared automatically.
 */
export interface LockOwner {
  pid: number;
  host: string;
  /** The process's start (Linux: clock ticks since boot, with the boot id); null where unknown. */
  started: string | null;
  command: string;
  since: string;
}

export interface DataDirLock {
  path: string;
  release(): void;
}

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

const held = new Map<string, () => void>();

/** Takes the lock for `dataDir` or throws `database_in_use` naming the owner and what to do. */
export function acquireDataDirLock(dataDir: string, command = describeCommand()): DataDirLock {
  const lockPath = lockPathFor(dataDir);
  if (held.has(lockPath)) throw inUse(dataDir, { pid: process.pid, host: hostname(), started: processStart(process.pid), command, since: '' }, true);
  const me: LockOwner = { pid: process.pid, host: hostname(), started: processStart(process.pid), command, since: new Date().toISOString() };
  const content = JSON.stringify(me);
  for (let attempt = 0; attempt < 20; attempt++) {
    if (tryCreate(lockPath, content)) {
      const release = (): void => {
        if (!held.delete(lockPath)) return;
        try {
          if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
        process.off('exit', release);
      };
      held.set(lockPath, release);
      process.on('exit', release);
      return { path: lockPath, release };
    }
    const raw = readLock(lockPath);
    if (raw === null) continue;
    const owner = parseOwner(raw);
    if (owner && isAlive(owner)) throw inUse(dataDir, owner, false);
    clearStale(lockPath, raw);
  }
  throw new AppError('database_in_use', `Could not take the lock on the data directory ${dataDir} (${lockPath}). Check that no other Headroom is running, then try again.`);
}

function tryCreate(lockPath: string, content: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(tmp, content, { mode: 0o600 });
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AppError('database_unavailable', `Could not create the lock file ${lockPath}: ${(err as Error).message}`, { cause: err });
  } finally {
    unlinkSync(tmp);
  }
}

function readLock(lockPath: string): string | null {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch {
    return null;
  }
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const v = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return null;
    return { pid: v.pid, host: v.host, started: typeof v.started === 'string' ? v.started : null, command: String(v.command ?? ''), since: String(v.since ?? '') };
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = processStart(owner.pid);
  return owner.started === null || now === null || now === owner.started;
}

function clearStale(lockPath: string, staleRaw: string): void {
  const aside = `${lockPath}.stale.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  if (readLock(aside) !== staleRaw) {
    // Another process replaced the stale lock with its own between our read and the move: put it back.
    try {
      linkSync(aside, lockPath);
    } catch {
      // A third process took the lock meanwhile; it is the owner now.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

/** Linux: the start time in clock ticks since boot, with the boot id, so pid reuse and reboots are told apart. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const ticks = fields[19];
    return ticks ? `${boot}:${ticks}` : null;
  } catch {
    return null;
  }
}

let ownerLabel = 'headroom';

/** What the lock file calls this process (`headroom import roster`), so a refused user knows which one to stop. */
export function setLockOwnerLabel(label: string): void {
  ownerLabel = label;
}

function describeCommand(): string {
  return ownerLabel;
}

function inUse(dataDir: string, owner: LockOwner, self: boolean): AppError {
  if (self) return new AppError('database_in_use', `The data directory ${dataDir} is already open in this process.`);
  const where = `process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}${owner.since ? `, since ${owner.since.slice(0, 16).replace('T', ' ')} UTC` : ''}`;
  const postgres = 'run both against one PostgreSQL server with DATABASE_URL';
  if (/^headroom serve\b/.test(owner.command)) {
    return new AppError(
      'database_in_use',
      `The data directory ${dataDir} is in use by the web server (${owner.command}, ${where}). Upload the file on the web app's Data page instead, or stop the server first, or ${postgres}.`,
    );
  }
  if (owner.command) {
    return new AppError('database_in_use', `The data directory ${dataDir} is in use by another command, ${owner.command} (${where}). Wait for it to finish or stop it, then try again, or ${postgres}.`);
  }
  return new AppError(
    'database_in_use',
    `The data directory ${dataDir} is in use by another Headroom process (${where}). Stop that process first, or upload the file on the web app's Data page, or ${postgres}.`,
  );
}
