/**
 * One writer at a time per output folder: a lock folder beside it, made with mkdir (atomic), holding the
 * owner's pid, the start time of that process and a random token.
 *
 * Why more than the pid: a synth killed while holding the lock leaves it behind, and its pid is reused by
 * the system, sooner or later by a live process that has nothing to do with ack-hybrid. The pid alone then
 * made the next synth wait a minute in silence and fail. The process start time (field 22 of
 * /proc/<pid>/stat, in clock ticks since boot) tells the two apart: a live pid whose start time differs
 * from the recorded one is not the owner, so the lock is stale. The token tells two owners of one pid
 * apart (a lock taken over and retaken), so a run removes only a lock that is still its own.
 *
 * Where /proc is missing (macOS), the start time is unknown and the pid alone decides, as before.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { shownPath } from '../config/load';
import { UserError } from '../config/problems';
import { readRegularFile } from '../fs/regular-file';

const LOCK_WAIT_MS = 60_000;
/** A lock with no owner in it this long was left by a process killed between mkdir and writing its owner. */
const ORPHAN_LOCK_MS = 5_000;
/** The owner file inside the lock folder (its first word is the pid, as locks of earlier versions hold only that). */
const OWNER_FILE = 'pid';

export interface LockOwner {
  readonly pid: number;
  /** The process's start time, in clock ticks since boot; undefined where it cannot be read. */
  readonly start?: string;
  readonly token?: string;
}

export interface LockOptions {
  /** Told once, when the lock is held by another live run and this one starts to wait for it. */
  readonly onWait?: (message: string) => void;
}

/** Runs `body` holding `lock` (for writes to `target`); a lock left by a dead or replaced process is taken over. */
export function withLock<T>(lock: string, target: string, body: () => T, options: LockOptions = {}): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const me: LockOwner = { pid: process.pid, start: processStart(process.pid), token: randomBytes(16).toString('hex') };
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLockOwner(lock);
      if (isStale(lock, owner)) {
        removeStaleLock(lock, owner);
        continue;
      }
      if (!told) {
        options.onWait?.(`waiting for ${describeOwner(owner)}, which is writing ${shownPath(target)} (lock ${shownPath(lock)}); at most a minute`);
        told = true;
      }
      if (Date.now() > deadline) {
        throw new UserError(`${describeOwner(owner)} has been writing ${shownPath(target)} for a minute; if none runs, remove ${shownPath(lock)}`);
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    fs.writeFileSync(path.join(lock, OWNER_FILE), `${me.pid} ${me.start ?? '-'} ${me.token}\n`);
    return body();
  } finally {
    // Only our own lock: never one another run took over meanwhile.
    if (readLockOwner(lock)?.token === me.token) fs.rmSync(lock, { recursive: true, force: true });
  }
}

function describeOwner(owner: LockOwner | undefined): string {
  if (owner === undefined) return 'another ack-hybrid (which has not yet written its pid)';
  return `another ack-hybrid (pid ${owner.pid}${owner.start !== undefined ? `, started at tick ${owner.start} after boot` : ''})`;
}

/** Stale: no owner written for a while, or an owner that is not running any more, or whose pid now names another process. */
function isStale(lock: string, owner: LockOwner | undefined): boolean {
  if (owner === undefined) return lockAgeMs(lock) > ORPHAN_LOCK_MS;
  if (!isAlive(owner.pid)) return true;
  const start = owner.start === undefined ? undefined : processStart(owner.pid);
  return start !== undefined && start !== owner.start;
}

/**
 * Removes a stale lock. Two runs may find the same stale lock, and the slower one must not remove the lock
 * the faster one has taken meanwhile: the removal happens under a short-lived second lock, and only while
 * the lock still names the same owner (pid, start and token alike).
 */
function removeStaleLock(lock: string, staleOwner: LockOwner | undefined): void {
  const guard = `${lock}-takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Held for microseconds; one this old was left by a process killed while holding it.
    if (lockAgeMs(guard) > ORPHAN_LOCK_MS) fs.rmSync(guard, { recursive: true, force: true });
    return;
  }
  try {
    const owner = readLockOwner(lock);
    if (sameOwner(owner, staleOwner) && fs.existsSync(lock) && isStale(lock, owner)) fs.rmSync(lock, { recursive: true, force: true });
  } finally {
    fs.rmSync(guard, { recursive: true, force: true });
  }
}

function sameOwner(a: LockOwner | undefined, b: LockOwner | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.pid === b.pid && a.start === b.start && a.token === b.token);
}

/** The owner a lock names: `pid start token` (a lock of an earlier version holds only the pid). */
export function readLockOwner(lock: string): LockOwner | undefined {
  try {
    // Through readRegularFile: a FIFO planted as the owner file must not hang every later run.
    const read = readRegularFile(path.join(lock, OWNER_FILE), 256);
    if (read.kind !== 'ok') return undefined;
    const [pidText, start, token] = read.bytes.toString('utf8').trim().split(/\s+/);
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return { pid, start: start === undefined || start === '-' ? undefined : start, token };
  } catch {
    // The owner may be between mkdir and writing its pid: treat it as alive for now.
    return undefined;
  }
}

/**
 * When process `pid` started, in clock ticks since boot: field 22 of /proc/<pid>/stat (proc(5)). The fields
 * are counted after the last ")", since the command name before it, in parentheses, may hold spaces and ")".
 */
export function processStart(pid: number): string | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After ") " comes field 3 (state): field 22 is the 20th from there.
    const start = text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
    return start !== undefined && /^[0-9]+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function lockAgeMs(lock: string): number {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
