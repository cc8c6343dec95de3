import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProjectConfig } from '../config/load-config.js';
import { UsageError } from '../errors.js';
import { findVersionsDirectory } from '../project/versions-location.js';

/**
 * The versions directory a command works on: --dir when given, else versions_dir of the
 * configuration (pyproject.toml, create-migration.config.json), else the one alembic.ini names.
 */
export function versionsDirectory(cwd: string, dir: string | undefined): string {
  return existingVersionsDirectory(cwd, dir ?? loadProjectConfig(cwd).versionsDir);
}

/** `given` (relative to `cwd`), else the one alembic.ini names: it must exist. */
export function existingVersionsDirectory(cwd: string, given: string | undefined): string {
  const directory = given !== undefined ? resolve(cwd, given) : findVersionsDirectory(cwd);
  if (!existsSync(directory)) throw new UsageError(`versions directory ${directory} does not exist; create it or pass --dir`);
  if (!statSync(directory).isDirectory()) throw new UsageError(`versions directory ${directory} is not a directory; pass --dir with the directory that holds the migrations`);
  return directory;
}
