import { readdirSync, realpathSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CreateMigrationError } from '../errors.js';
import { describeFsError, FileProblem } from '../fs/file-problem.js';
import { readRegularFileWith } from '../fs/read-regular-file.js';
import type { HistoryProblem } from './graph.js';
import { pythonSourceText } from './python-source-text.js';

// The migration files of one or more version locations, as Alembic finds them: *.py files (not
// __init__.py, not hidden or editor files) in each location, and in its subdirectories too when
// recursive_version_locations is on. Nothing in a location is skipped silently: a file that cannot
// be read is a problem naming it, and subdirectories that recursion-off leaves out are listed.
// Every command reads a history through this module: generate, the wizard, check and renumber
// agree on which files there are and on what each one says.

export interface VersionLocations {
  /** The directories, as configured (version_locations), or the one versions directory. */
  readonly directories: readonly string[];
  /** Alembic's recursive_version_locations: read subdirectories too. */
  readonly recursive?: boolean;
}

/** A migration file's name (relative to the locations' root) and its text. */
export interface SourceFile {
  readonly file: string;
  /** The file's text as Python decodes it (empty when it cannot be read). */
  readonly text: string;
  /** Why the file cannot be read, when it cannot. */
  readonly problem?: { readonly line: number; readonly message: string };
}

/** The migration files of some locations, not read yet. */
export interface MigrationFiles {
  /** The directory every file name is relative to: the location itself when there is one. */
  readonly root: string;
  /** Relative names (with `/`) and absolute paths, in name order; a file reached twice is listed once. */
  readonly files: readonly { readonly file: string; readonly path: string }[];
  /** Subdirectories (relative to root) holding .py files that were not read because recursion is off, with the first of those files. */
  readonly skippedDirectories: readonly { readonly directory: string; readonly files: number; readonly first: string }[];
}

export interface MigrationSources extends Omit<MigrationFiles, 'files'> {
  readonly sources: readonly SourceFile[];
  /** Files that could not be read, each with why (the message names the file). */
  readonly unreadable: readonly HistoryProblem[];
}

/** A migration far larger than any real one is refused rather than read into memory. */
const MAX_MIGRATION_BYTES = 16 * 1024 * 1024;

/** The files Alembic loads as migrations: *.py, but not __init__.py or hidden and editor lock files. */
export function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__init__') && !name.startsWith('.');
}

const isPackageDirectory = (name: string): boolean => !name.startsWith('.') && name !== '__pycache__';

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The deepest directory holding all of `directories`. */
function commonRoot(directories: readonly string[]): string {
  let root = directories[0]!;
  for (const directory of directories.slice(1)) {
    while (relative(root, directory).startsWith('..')) root = dirname(root);
  }
  return root;
}

function entriesOf(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new CreateMigrationError(`the versions directory ${directory} cannot be listed: ${describeFsError(error)}`, 2);
  }
}

function entriesOrNone(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The migration files a directory holds, at any depth, in name order. */
function pythonFiles(directory: string): string[] {
  return entriesOrNone(directory)
    .sort(byName)
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && isPackageDirectory(entry.name)) return pythonFiles(path);
      return isMigrationFileName(entry.name) ? [path] : [];
    });
}

/** Every migration file of the locations, in name order (Alembic's walk), without reading any. */
export function listMigrationFiles({ directories, recursive = false }: VersionLocations): MigrationFiles {
  const locations = [...new Set(directories.map((directory) => resolve(directory)))];
  const root = commonRoot(locations);
  const files: { file: string; path: string }[] = [];
  const skippedDirectories: { directory: string; files: number; first: string }[] = [];
  const seen = new Set<string>();
  const name = (path: string): string => relative(root, path).split(sep).join('/');
  const visit = (directory: string): void => {
    const real = realpathOrSelf(directory);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of entriesOf(directory).sort(byName)) {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && !isMigrationFileName(entry.name)) {
        if (!isPackageDirectory(entry.name)) continue;
        if (recursive) visit(path);
        else {
          const inside = pythonFiles(path);
          if (inside.length > 0) skippedDirectories.push({ directory: name(path), files: inside.length, first: name(inside[0]!) });
        }
        continue;
      }
      if (isMigrationFileName(entry.name)) files.push({ file: name(path), path });
    }
  };
  for (const location of locations) visit(location);
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { root, files, skippedDirectories };
}

function realpathOrSelf(directory: string): string {
  try {
    return realpathSync(directory);
  } catch {
    return directory;
  }
}

/** Why a migration file cannot be opened or read, in words that say what the path is. */
function unreadableReason(problem: FileProblem): string {
  if (problem.code === 'ELOOP') return 'is a symbolic link that loops back on itself (ELOOP)';
  if (problem.code === 'ENOENT') return 'is a symbolic link to a file that does not exist';
  return problem.reason;
}

/**
 * The text of the migration at `path` as Python decodes it, or why it has none (without the
 * file's name). Never opens anything but a regular file, so a FIFO nobody writes to cannot block.
 */
export function readMigrationFile(path: string): { text: string } | { problem: string; line: number } {
  try {
    return readRegularFileWith(path, MAX_MIGRATION_BYTES, pythonSourceText);
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return { problem: unreadableReason(error), line: 1 };
  }
}

/** Every migration file of the locations, in name order, with its text; never throws for one file's fault. */
export function readMigrationSourcesFrom(locations: VersionLocations): MigrationSources {
  const { root, files, skippedDirectories } = listMigrationFiles(locations);
  const sources: SourceFile[] = [];
  const unreadable: HistoryProblem[] = [];
  for (const { file, path } of files) {
    const read = readMigrationFile(path);
    if ('text' in read) sources.push({ file, text: read.text });
    else unreadable.push({ file, line: read.line, message: `${file} ${read.problem}` });
  }
  return { root, sources, unreadable, skippedDirectories };
}
