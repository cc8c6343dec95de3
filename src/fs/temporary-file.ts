import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError, FileProblem } from './file-problem.js';
import { currentProcess, processState } from './process-identity.js';

// Temporary files carry their writer's pid and start time in their name, so that a later run
// can tell a dead run's leftovers (SIGKILL, a full disk, a power cut) from a live run's work.
const PREFIX = '.create-migration-tmp';
const OWNED = /^\.create-migration-tmp\.(\d+)\.(\w+)\.[0-9a-f]+\.[\w.-]*tmp$/;
/** What create-migration 0.1 named its temporary files: `.NNN_slug.py.PID[.HEX].tmp`. */
const EARLIER = /^\..+\.py\.(\d+)(?:\.[0-9a-f]{8})?\.tmp$/;

/** A new temporary file name in `directory`, for `purpose` (a word: `lock`, `migration`). */
export function temporaryPath(directory: string, purpose: string): string {
  const self = currentProcess();
  return join(directory, `${PREFIX}.${self.pid}.${self.start ?? '0'}.${randomBytes(6).toString('hex')}.${purpose}.tmp`);
}

/** Writes `content` to a new temporary file in `directory`; a full or read-only disk is a FileProblem naming the directory. */
export function writeTemporary(directory: string, purpose: string, content: string): string {
  const path = temporaryPath(directory, purpose);
  try {
    writeFileSync(path, content, { flag: 'wx' });
  } catch (error) {
    removeQuietly(path);
    throw new FileProblem(directory, `cannot take a new file: ${describeFsError(error)}`);
  }
  return path;
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or never made
  }
}

/**
 * Removes the temporary files that runs which are no longer alive left in `directory`. Called
 * while holding the directory's lock, so no live run of this host can be writing there; a
 * file from another host (or container) is removed once it is older than `olderThanMs`.
 */
export function removeLeftovers(directory: string, olderThanMs: number): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  const self = currentProcess();
  for (const name of names) {
    const owned = OWNED.exec(name);
    const earlier = owned ? undefined : EARLIER.exec(name);
    if (!owned && !earlier) continue;
    const pid = Number((owned ?? earlier)![1]);
    if (pid === self.pid) continue;
    const state = processState({ pid, host: self.host, ...(self.boot !== undefined && { boot: self.boot }), ...(self.pidns !== undefined && { pidns: self.pidns }), ...(owned && owned[2] !== '0' && { start: owned[2]! }) });
    const path = join(directory, name);
    let age = 0;
    try {
      age = Date.now() - lstatSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (state === 'dead' || age > olderThanMs) removeQuietly(path);
  }
}
