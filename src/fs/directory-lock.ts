import { randomBytes } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CreateMigrationError } from '../errors.js';
import { describeFsError, FileProblem } from './file-problem.js';
import { currentProcess, processState, type ProcessIdentity } from './process-identity.js';
import { removeLeftovers, removeQuietly, writeTemporary } from './temporary-file.js';

const LOCK_FILE = '.create-migration.lock';
/** How long a run waits for another to finish before it gives up: CREATE_MIGRATION_LOCK_WAIT seconds, default 30. */
function waitMs(): number {
  const seconds = Number(process.env.CREATE_MIGRATION_LOCK_WAIT ?? 30);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 30_000;
}
/** A run that holds the lock this long says who holds it. */
const ANNOUNCE_AFTER_MS = 1_000;
/**
 * The longest a run may hold the lock: it checks before it writes, and its slow steps (a
 * database that does not answer) time out well before. A lock whose holder cannot be checked
 * from here (another host or container) is taken over once this has passed.
 */
export const LEASE_MS = 120_000;
/** A lock without a readable record (an older version's, or a damaged one) is abandoned once it has not changed for this long. */
const UNREADABLE_STALE_MS = 2_000;

interface LockRecord extends ProcessIdentity {
  readonly tool: 'create-migration';
  readonly token: string;
  readonly acquired: string;
  readonly expires: string;
}

/** What a waiter sees in the lock file: the holder's record if it has one, and an identity that changes whenever the lock does. */
interface HeldLock {
  readonly record?: LockRecord;
  /** create-migration 0.1 wrote `PID\nHOST\n`. */
  readonly legacy?: { pid: number; host: string };
  readonly identity: string;
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    const valid = value.tool === 'create-migration' && typeof value.token === 'string' && /^[0-9a-f]{32}$/.test(value.token) && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.expires === 'string';
    return valid ? (value as LockRecord) : undefined;
  } catch {
    return undefined;
  }
}

function readHeld(path: string): HeldLock | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const record = parseRecord(text);
    if (record) return { record, identity: record.token };
    const stats = statSync(path);
    const identity = `${stats.ino}-${Math.trunc(stats.mtimeMs)}-${stats.size}`;
    const legacy = /^(\d+)\n([^\n]*)\n$/.exec(text);
    return legacy ? { legacy: { pid: Number(legacy[1]), host: legacy[2]! }, identity } : { identity };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FileProblem(path, `cannot be read: ${describeFsError(error)}`);
  }
}

function describeHolder(held: HeldLock): string {
  if (held.record) {
    const { pid, host, acquired, expires } = held.record;
    const local = host === currentProcess().host ? 'on this host' : `on host ${host}`;
    return `create-migration (pid ${pid} ${local}, since ${acquired}; its lease ends ${expires})`;
  }
  if (held.legacy) return `an earlier create-migration (pid ${held.legacy.pid} on host ${held.legacy.host})`;
  return 'a lock file without a readable owner';
}

class Waiter {
  /** When each unreadable lock identity was first seen (monotonic milliseconds). */
  private readonly firstSeen = new Map<string, number>();

  isStale(held: HeldLock): boolean {
    if (held.record) {
      if (Date.parse(held.record.expires) < Date.now()) return true;
      return processState(held.record) === 'dead';
    }
    if (held.legacy && held.legacy.host === currentProcess().host) {
      const state = processState({ pid: held.legacy.pid, host: held.legacy.host });
      if (state !== 'unknown') return state === 'dead';
    }
    const now = performance.now();
    const first = this.firstSeen.get(held.identity) ?? now;
    this.firstSeen.set(held.identity, first);
    return now - first >= UNREADABLE_STALE_MS;
  }
}

/**
 * One attempt at `path`, without waiting. Creating the lock is a hard link of a complete record
 * (never an empty file, even on a full disk). A stale lock is taken over through a claim named
 * after it, which only one run can create: the claimant checks that the lock is still the stale
 * one and renames its claim over it, so two runs can never both take over the same lock, and a
 * run that dies in the middle leaves a claim that is itself taken over the same way.
 */
function tryAcquire(path: string, mine: string, waiter: Waiter, seen: { held?: HeldLock }): boolean {
  try {
    linkSync(mine, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new FileProblem(path, `cannot be created: ${describeFsError(error)}`);
  }
  const held = readHeld(path);
  if (held === undefined) return false;
  seen.held ??= held;
  if (!waiter.isStale(held)) return false;
  const claim = `${path}.takeover-${held.identity}`;
  if (!tryAcquire(claim, mine, waiter, {})) return false;
  if (readHeld(path)?.identity !== held.identity) {
    removeQuietly(claim);
    return false;
  }
  try {
    renameSync(claim, path);
  } catch {
    // The claim was removed as a leftover meanwhile: try again from the start.
    return false;
  }
  return true;
}

/** Claims left by runs that died while taking over a lock: removed by the next holder. */
function removeDeadClaims(directory: string): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${LOCK_FILE}.takeover-`)) continue;
    const claim = join(directory, name);
    const record = readHeld(claim)?.record;
    if (record && (Date.parse(record.expires) < Date.now() || processState(record) === 'dead')) removeQuietly(claim);
  }
}

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** The locks this process holds, by directory: writes check theirs just before they happen. */
const held = new Map<string, { path: string; record: LockRecord }>();

/**
 * Throws unless this process still holds the lock of `directory` (when it took one) with time
 * left on its lease: a run that was paused past its lease may have been taken over, and must
 * not write after its successor.
 */
export function assertLockHeld(directory: string): void {
  const lock = held.get(directory);
  if (!lock) return;
  const current = readHeld(lock.path);
  const expired = Date.parse(lock.record.expires) - Date.now() < 5_000;
  if (current?.identity !== lock.record.token || expired) {
    throw new CreateMigrationError(`this run held ${lock.path} for longer than its ${LEASE_MS / 1000} s lease, and another run may have taken it over; nothing was written, run again`);
  }
}

export interface LockOptions {
  /** Told once who holds the lock, when the wait is not short. Default: standard error. */
  readonly onWait?: (message: string) => void;
}

/**
 * Takes the exclusive lock file of `directory`, waiting while another run holds it, and returns
 * the function that releases it. Two runs at the same moment thus read, number and write one
 * after the other and never pick the same number.
 */
function acquireDirectoryLock(directory: string, options: LockOptions): () => void {
  const path = join(directory, LOCK_FILE);
  const now = Date.now();
  const record: LockRecord = {
    tool: 'create-migration',
    ...currentProcess(),
    token: randomBytes(16).toString('hex'),
    acquired: new Date(now).toISOString(),
    expires: new Date(now + LEASE_MS).toISOString(),
  };
  const mine = writeTemporary(directory, 'lock', `${JSON.stringify(record)}\n`);
  const waiter = new Waiter();
  const started = performance.now();
  const patience = waitMs();
  let announced = false;
  try {
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      const seen: { held?: HeldLock } = {};
      if (tryAcquire(path, mine, waiter, seen)) break;
      const waited = performance.now() - started;
      if (seen.held && !announced && waited >= ANNOUNCE_AFTER_MS) {
        announced = true;
        (options.onWait ?? ((message) => process.stderr.write(message)))(`waiting for ${path}, held by ${describeHolder(seen.held)}\n`);
      }
      if (waited > patience) {
        const holder = seen.held ? describeHolder(seen.held) : 'another run';
        throw new CreateMigrationError(`${path} is held by ${holder}; waited ${patience / 1000} s. If no create-migration is running there, delete that file`);
      }
      sleep(wait + Math.random() * wait);
    }
  } finally {
    removeQuietly(mine);
  }
  held.set(directory, { path, record });
  removeLeftovers(directory, LEASE_MS);
  removeDeadClaims(directory);
  return () => {
    held.delete(directory);
    // Remove the lock only while it is still this run's: never a successor's.
    if (readHeld(path)?.identity === record.token) removeQuietly(path);
  };
}

/** Runs `work` (synchronous or not) while holding the directory's lock. */
export async function withDirectoryLock<T>(directory: string, work: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = acquireDirectoryLock(directory, options);
  try {
    return await work();
  } finally {
    release();
  }
}
