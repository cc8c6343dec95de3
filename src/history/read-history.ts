import { dirname, join } from 'node:path';
import type { RevisionFile } from './graph.js';
import { readVersions, type VersionsDirectory } from './read-versions.js';

/** The migrations of every version location, with each file named relative to `root`. */
export interface History extends VersionsDirectory {
  /** The directory file names are relative to: the one location, else the locations' common parent. */
  readonly root: string;
}

/**
 * Every migration Alembic loads from `directories` (its version locations, in order; into their
 * subdirectories when `recursive`), a file reached twice read once, as Alembic reads it once.
 */
export function readHistory(directories: readonly string[], recursive: boolean): History {
  return readVersions({ directories, recursive });
}

/** The directory a file of the history is in. */
export function directoryOf(history: History, revision: RevisionFile): string {
  return dirname(join(history.root, revision.file));
}

/** Every migration file of the history (the readable and the unreadable), by name: to tell whether the history changed. */
export function historyFiles(history: History): string[] {
  return [...history.revisions, ...history.unreadable].map((entry) => entry.file).sort();
}
