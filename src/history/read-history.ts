import { readdirSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { RevisionFile } from './graph.js';
import { readVersionsDirectory, type VersionsDirectory } from './read-versions.js';

/** The migrations of every version location, with each file named relative to `root`. */
export interface History extends VersionsDirectory {
  /** The directory file names are relative to: the one location, else the locations' common parent. */
  readonly root: string;
}

/** `directory` and, recursively, its subdirectories (but not __pycache__), as Alembic walks them. */
function walk(directory: string, recursive: boolean): string[] {
  if (!recursive) return [directory];
  const below = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.endsWith('__pycache__'))
    .map((entry) => entry.name)
    .sort();
  return [directory, ...below.flatMap((name) => walk(join(directory, name), true))];
}

function commonParent(directories: readonly string[]): string {
  let root = directories[0]!;
  while (!directories.every((directory) => directory === root || directory.startsWith(root.endsWith(sep) ? root : `${root}${sep}`))) root = dirname(root);
  return root;
}

/**
 * Every migration Alembic loads from `directories` (its version locations, in order; into their
 * subdirectories when `recursive`), a file reached twice read once, as Alembic reads it once.
 */
export function readHistory(directories: readonly string[], recursive: boolean): History {
  const root = commonParent(directories);
  const revisions: RevisionFile[] = [];
  const unreadable: VersionsDirectory['unreadable'][number][] = [];
  const seen = new Set<string>();
  for (const directory of directories.flatMap((location) => walk(location, recursive))) {
    const real = realpathSync(directory);
    if (seen.has(real)) continue;
    seen.add(real);
    const found = readVersionsDirectory(directory);
    const prefix = relative(root, directory);
    const named = <T extends { readonly file: string }>(item: T): T => (prefix === '' ? item : { ...item, file: join(prefix, item.file) });
    revisions.push(...found.revisions.map(named));
    unreadable.push(...found.unreadable.map(named));
  }
  return { root, revisions, unreadable };
}

/** The directory a file of the history is in. */
export function directoryOf(history: History, revision: RevisionFile): string {
  return dirname(join(history.root, revision.file));
}

/** Every migration file of the history (the readable and the unreadable), by name: to tell whether the history changed. */
export function historyFiles(history: History): string[] {
  return [...history.revisions, ...history.unreadable].map((entry) => entry.file).sort();
}
