import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_SECTION, noLocationError, readAlembicConfig, type AlembicConfig } from '../project/alembic-config.js';
import type { AlembicFiles } from './driver-protocol.js';
import { readEnvPyHints, type EnvPyHints } from './env-py.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The Alembic project verify runs: where Alembic runs, its configuration files, what its env.py says. */
export interface VerifyProject {
  readonly directory: string;
  readonly files: AlembicFiles;
  readonly configUrl?: string;
  readonly envPy?: EnvPyHints;
}

export interface ProjectFlags {
  /** --project: the directory Alembic runs in (alembic.ini, pyproject.toml). */
  readonly project?: string | undefined;
  /** --dir: the versions directory; for one release, the directory of alembic.ini too (deprecated). */
  readonly dir?: string | undefined;
  /** --name: the section of alembic.ini (Alembic's -n). */
  readonly section?: string | undefined;
}

export const DIR_DEPRECATION =
  'warning: verify --dir DIR naming the directory of alembic.ini is deprecated; use --project DIR (--dir is the versions directory, as for every other command)\n';

function directory(cwd: string, value: string, flag: string): string {
  const path = resolve(cwd, value);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`${flag} ${value}: no such directory`);
  return path;
}

function envPyHints(config: AlembicConfig): EnvPyHints | undefined {
  const envPy = config.scriptDirectory === undefined ? undefined : join(config.scriptDirectory, 'env.py');
  if (envPy === undefined || !existsSync(envPy)) return undefined;
  try {
    return readEnvPyHints(readFileSync(envPy, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether `dir` is one of the project's version locations (the meaning --dir has everywhere). */
function isVersionLocation(config: AlembicConfig, dir: string): boolean {
  try {
    return config.versions()?.directories.includes(dir) ?? false;
  } catch {
    return false;
  }
}

/**
 * The project in --project (default: the working directory). --dir may name one of its version
 * locations; a --dir holding alembic.ini is the old meaning, still followed for one release with
 * `warn` called with a deprecation line.
 */
export function findVerifyProject(cwd: string, flags: ProjectFlags, env: Env, warn: (line: string) => void): VerifyProject {
  let root = flags.project === undefined ? cwd : directory(cwd, flags.project, '--project');
  let versionsDir: string | undefined;
  if (flags.dir !== undefined) {
    const dir = directory(cwd, flags.dir, '--dir');
    if (flags.project === undefined && readAlembicConfig(dir, env, flags.section) !== undefined) {
      warn(DIR_DEPRECATION);
      root = dir;
    } else {
      versionsDir = dir;
    }
  }
  const config = readAlembicConfig(root, env, flags.section);
  if (config === undefined) {
    throw new UsageError(
      `no alembic.ini (nor pyproject.toml with [tool.alembic]) in ${root}; verify runs the project's Alembic setup, so run it where alembic.ini is or pass --project DIR (create one with create-migration init)`,
    );
  }
  // Alembic would stop at "No 'script_location' key found"; this says which key, or which --name.
  if (config.scriptLocation === undefined) throw noLocationError(config);
  if (versionsDir !== undefined && !isVersionLocation(config, versionsDir)) {
    throw new UsageError(`--dir ${flags.dir} is not a versions directory of the project in ${root}; verify runs Alembic, which reads the migrations its configuration names (pass --project with the directory of alembic.ini)`);
  }
  return projectOf(root, config);
}

function projectOf(directory: string, config: AlembicConfig): VerifyProject {
  const envPy = envPyHints(config);
  return {
    directory,
    files: { ini: config.iniFile ?? null, toml: config.tomlFile ?? null, ...(config.section !== DEFAULT_SECTION && { section: config.section }) },
    ...(config.sqlalchemyUrl !== undefined && { configUrl: config.sqlalchemyUrl }),
    ...(envPy !== undefined && { envPy }),
  };
}

/** The Alembic project Alembic would run in `directory` (undefined when it has no configuration there). */
export function alembicProjectAt(directory: string, env: Env, section?: string): VerifyProject | undefined {
  const config = readAlembicConfig(directory, env, section);
  return config === undefined ? undefined : projectOf(directory, config);
}
