import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** When a file was added: by the commit that added it, by its modification time, or not yet committed. */
export interface AddedTime {
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly source: 'git' | 'uncommitted' | 'mtime';
}

function git(directory: string, args: string[]): string | undefined {
  const result = spawnSync('git', ['-C', directory, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : undefined;
}

/**
 * The time each of `files` (names in `directory`) was added. In a git work tree that is the
 * commit time of the latest commit that added it (a rename counts as adding the new name); a file
 * no commit added yet counts as added now. Outside git it is the file's modification time.
 */
export function addedTimes(directory: string, files: readonly string[], now: number = Date.now()): Map<string, AddedTime> {
  const times = new Map<string, AddedTime>();
  const inside = git(directory, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true';
  const log = inside ? git(directory, ['log', '--diff-filter=A', '--no-renames', '--format=@%ct', '--name-only', '--relative', '--', '.']) : undefined;
  if (log === undefined) {
    for (const file of files) times.set(file, { time: statSync(join(directory, file)).mtimeMs, source: 'mtime' });
    return times;
  }
  const wanted = new Set(files);
  let commitTime = 0;
  for (const line of log.split('\n')) {
    if (line.startsWith('@')) commitTime = Number(line.slice(1)) * 1000;
    else if (wanted.has(line) && !times.has(line)) times.set(line, { time: commitTime, source: 'git' });
  }
  for (const file of files) if (!times.has(file)) times.set(file, { time: now, source: 'uncommitted' });
  return times;
}
