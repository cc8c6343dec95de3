import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProjectConfig } from '../config/load-config.js';
import { UsageError } from '../errors.js';
import { configuredVersions, DEFAULT_SECTION, DIR_ALTERNATIVES, readAlembicConfig, type VersionLocations } from './alembic-config.js';

export type { VersionLocations } from './alembic-config.js';

type Env = Readonly<Record<string, string | undefined>>;

/** `source` names the setting that named the directory; none for --dir, which the user just typed. */
function checkDirectory(directory: string, source: string | undefined, fix: string): void {
  const named = source === undefined ? directory : `${directory} (${source})`;
  if (!existsSync(directory)) throw new UsageError(`versions directory ${named} does not exist; ${fix}`);
  if (!statSync(directory).isDirectory()) throw new UsageError(`versions directory ${named} is not a directory; pass --dir with the directory that holds the migrations`);
}

/** Which of Alembic's configurations a command reads, beyond its directory. */
export interface ConfigChoice {
  /** $ALEMBIC_CONFIG names the ini file. */
  readonly env?: Env;
  /** The ini section (--name, Alembic's -n); default [alembic]. */
  readonly section?: string | undefined;
  /** versions_dir of create-migration's configuration; read from `cwd` when not given. */
  readonly versionsDir?: string | undefined;
}

/** Whether Alembic's configuration asks for subdirectories to be read; false when it cannot be read. */
function configuredRecursion(cwd: string, env: Env, section: string): boolean {
  try {
    return readAlembicConfig(cwd, env, section)?.versions()?.recursive ?? false;
  } catch {
    return false;
  }
}

/**
 * Where a command finds the migrations: --dir (`dir`, relative to `cwd`), else versions_dir of
 * create-migration's configuration, else the version locations of Alembic's own configuration
 * (alembic.ini's [alembic] section or the one --name names, pyproject.toml [tool.alembic]). A
 * directory named by a flag or a setting must exist; of Alembic's several version locations,
 * those that do not exist are skipped, as Alembic skips them, but one must.
 */
export function findVersionLocations(cwd: string, dir: string | undefined, choice: ConfigChoice = {}): VersionLocations {
  const { env = {}, section = DEFAULT_SECTION } = choice;
  const versionsDir = dir === undefined ? (choice.versionsDir ?? loadProjectConfig(cwd).versionsDir) : undefined;
  const given = dir ?? versionsDir;
  if (given !== undefined) {
    const source = dir !== undefined ? '--dir' : 'versions_dir of the configuration';
    const directory = resolve(cwd, given);
    checkDirectory(directory, dir !== undefined ? undefined : source, dir !== undefined ? 'create it or pass --dir' : 'create it, or correct versions_dir');
    return { directories: [directory], recursive: configuredRecursion(cwd, env, section), source };
  }
  const configured = configuredVersions(cwd, env, section);
  const existing = configured.directories.filter((directory) => existsSync(directory));
  if (configured.directories.length === 1 || existing.length === 0) {
    checkDirectory(configured.directories[0]!, configured.source, `create it, correct ${configured.source}, or ${DIR_ALTERNATIVES}`);
  }
  existing.forEach((directory) => checkDirectory(directory, configured.source, `correct ${configured.source}, or ${DIR_ALTERNATIVES}`));
  return { ...configured, directories: existing };
}

/**
 * The version locations of a command that reads every one (check, renumber): each `--dir`, else
 * those of the configuration; subdirectories are read when `recursive` asks for it or the
 * configuration does (recursive_version_locations).
 */
export function commandLocations(cwd: string, dirs: readonly string[] | undefined, recursive: boolean, choice: ConfigChoice = {}): VersionLocations {
  if (dirs === undefined || dirs.length === 0) {
    const found = findVersionLocations(cwd, undefined, choice);
    return { ...found, recursive: recursive || found.recursive };
  }
  const each = dirs.map((dir) => findVersionLocations(cwd, dir, choice));
  return { directories: each.flatMap((found) => found.directories), recursive: recursive || each.some((found) => found.recursive), source: '--dir' };
}
