import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CreateMigrationError } from '../errors.js';

const LOCK_FILE = '.create-migration.lock';
/** How long a run waits for another to finish before it gives up. */
const WAIT_MS = 30_000;

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock left by a process of this machine that no longer runs. */
function isStale(path: string): boolean {
  try {
    const [pid, host] = readFileSync(path, 'utf8').split('\n');
    return host === hostname() && Number(pid) > 0 && !isAlive(Number(pid));
  } catch {
    return false;
  }
}

/**
 * Takes the exclusive lock file of `directory`, waiting while another run holds it, and returns
 * the function that releases it. Two runs at the same moment thus read, number and write one
 * after the other and never pick the same number.
 */
function acquireDirectoryLock(directory: string): () => void {
  const path = join(directory, LOCK_FILE);
  const deadline = Date.now() + WAIT_MS;
  let fd: number | undefined;
  for (let wait = 5; fd === undefined; wait = Math.min(wait * 2, 100)) {
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(path)) {
        try {
          unlinkSync(path);
        } catch {
          // another waiter removed it first
        }
        continue;
      }
      if (Date.now() > deadline) {
        throw new CreateMigrationError(`${path} is held by another create-migration run; if none is running, delete that file`);
      }
      sleep(wait + Math.random() * wait);
    }
  }
  try {
    writeSync(fd, `${process.pid}\n${hostname()}\n`);
  } finally {
    closeSync(fd);
  }
  return () => unlinkSync(path);
}

/** Runs `work` (synchronous or not) while holding the directory's lock. */
export async function withDirectoryLock<T>(directory: string, work: () => T | Promise<T>): Promise<T> {
  const release = acquireDirectoryLock(directory);
  try {
    return await work();
  } finally {
    release();
  }
}
