import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CreateMigrationError } from '../errors.js';
import type { HistoryProblem } from './graph.js';
import type { SourceFile } from './read-versions.js';

// The migration files of one or more version locations, as Alembic finds them: *.py files (not
// __init__.py, not hidden or editor files) in each location, and in its subdirectories too when
// recursive_version_locations is on. Nothing in a location is skipped silently: a file that cannot
// be read is a problem naming it, and subdirectories that recursion-off leaves out are listed.

export interface VersionLocations {
  /** The directories, as configured (version_locations), or the one versions directory. */
  readonly directories: readonly string[];
  /** Alembic's recursive_version_locations: read subdirectories too. */
  readonly recursive?: boolean;
}

export interface MigrationSources {
  /** The directory every file name is relative to: the location itself when there is one. */
  readonly root: string;
  readonly sources: readonly SourceFile[];
  /** Files that could not be read, each with why. */
  readonly unreadable: readonly HistoryProblem[];
  /** Subdirectories (relative to root) holding .py files that were not read because recursion is off, with the first of those files. */
  readonly skippedDirectories: readonly { readonly directory: string; readonly files: number; readonly first: string }[];
}

/** The files Alembic loads as migrations: *.py, but not __init__.py or editor lock files. */
export function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__init__') && !name.startsWith('.');
}

const isPackageDirectory = (name: string): boolean => !name.startsWith('.') && name !== '__pycache__';

/** The deepest directory holding all of `directories`. */
function commonRoot(directories: readonly string[]): string {
  let root = directories[0]!;
  for (const directory of directories.slice(1)) {
    while (relative(root, directory).startsWith('..')) root = dirname(root);
  }
  return root;
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: operation not permitted',
  EISDIR: 'is a directory, not a file',
  ELOOP: 'is a symbolic link that loops back on itself',
  ENOENT: 'is a symbolic link to a file that does not exist',
  ENAMETOOLONG: 'has a path too long to open',
  ENOTREGULAR: 'is not a regular file (a FIFO, socket or device)',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? `cannot be read (${code || (error as Error).message})`;
}

/** Python's names of encodings that the WHATWG TextDecoder knows by another label. */
const PYTHON_ENCODINGS: Readonly<Record<string, string>> = { 'latin-1': 'latin1', latin: 'latin1', 'iso8859-1': 'iso-8859-1', cp1252: 'windows-1252', 'iso8859-15': 'iso-8859-15' };

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * The text of a Python source as Python decodes it: UTF-8, or the encoding its coding line (on
 * line 1 or 2) declares; undefined when it is not valid in that encoding.
 */
function pythonSource(bytes: Buffer): string | { problem: string } {
  const head = bytes.subarray(0, 400).toString('latin1').split('\n').slice(0, 2);
  const declared = head.map((line) => CODING.exec(line)?.[1]).find((name) => name !== undefined)?.toLowerCase().replace(/_/g, '-');
  const encoding = declared === undefined || declared === 'utf8' || declared === 'utf-8-sig' ? 'utf-8' : (PYTHON_ENCODINGS[declared] ?? declared);
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch (error) {
    if (error instanceof RangeError) return { problem: `declares the encoding ${declared}, which Python may know but this tool does not` };
    return { problem: `is not valid ${encoding === 'utf-8' ? 'UTF-8 (and declares no other encoding)' : encoding}, so Python cannot load it` };
  }
}

function entriesOf(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new CreateMigrationError(`the versions directory ${directory} ${reasonOf(error).replace('cannot be read: ', 'cannot be listed: ')}`, 2);
  }
}

/** The migration files a directory holds, at any depth, in name order. */
function pythonFiles(directory: string): string[] {
  return entriesOrNone(directory)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && isPackageDirectory(entry.name)) return pythonFiles(path);
      return isMigrationFileName(entry.name) ? [path] : [];
    });
}

function entriesOrNone(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Every migration file of the locations, in name order, with its text; never throws for one file's fault. */
export function readMigrationSourcesFrom({ directories, recursive = false }: VersionLocations): MigrationSources {
  const locations = [...new Set(directories.map((directory) => resolve(directory)))];
  const root = commonRoot(locations);
  const sources: SourceFile[] = [];
  const unreadable: HistoryProblem[] = [];
  const skippedDirectories: { directory: string; files: number; first: string }[] = [];
  const name = (path: string): string => relative(root, path).split(sep).join('/');
  const visit = (directory: string): void => {
    for (const entry of entriesOf(directory).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory() && !isMigrationFileName(entry.name)) {
        if (!isPackageDirectory(entry.name)) continue;
        if (recursive) visit(path);
        else {
          const files = pythonFiles(path);
          if (files.length > 0) skippedDirectories.push({ directory: name(path), files: files.length, first: name(files[0]!) });
        }
        continue;
      }
      if (!isMigrationFileName(entry.name)) continue;
      try {
        const stat = statSync(path);
        // Never open anything but a regular file: a FIFO nobody writes to would block forever.
        if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTREGULAR' });
        const text = pythonSource(readFileSync(path));
        if (typeof text === 'string') sources.push({ file: name(path), text });
        else unreadable.push({ file: name(path), line: 1, message: `${name(path)} ${text.problem}` });
      } catch (error) {
        unreadable.push({ file: name(path), line: 1, message: `${name(path)} ${reasonOf(error)}` });
      }
    }
  };
  for (const location of locations) visit(location);
  sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { root, sources, unreadable, skippedDirectories };
}
