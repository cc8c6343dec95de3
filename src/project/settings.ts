import { loadProjectConfig } from '../config/load-config.js';
import { BUILT_IN_DEFAULTS, type SpecDefaults } from '../spec-file/read-spec.js';
import { findVersionLocations, type VersionLocations } from './versions-directory.js';

/** Where the migrations are and the defaults a new migration's spec is read with. */
export interface ProjectSettings {
  readonly cwd: string;
  readonly versions: VersionLocations;
  readonly defaults: SpecDefaults;
}

/** Command-line flags, which win over the configuration files. */
export interface SettingFlags {
  readonly dir?: string | undefined;
  /** --name: the section of alembic.ini to read (Alembic's -n). */
  readonly name?: string | undefined;
}

/**
 * The settings for a run in `cwd`. The versions directory is `--dir`, else `versions_dir` of the
 * configuration, else the version locations of Alembic's configuration (its --name section); the defaults are the
 * configuration's, else built in.
 */
export function loadProjectSettings(cwd: string, flags: SettingFlags = {}, env: Readonly<Record<string, string | undefined>> = process.env): ProjectSettings {
  const config = loadProjectConfig(cwd);
  const versions = findVersionLocations(cwd, flags.dir, { env, section: flags.name, versionsDir: config.versionsDir });
  const defaults: SpecDefaults = {
    schema: config.schema ?? BUILT_IN_DEFAULTS.schema,
    naming: { ...BUILT_IN_DEFAULTS.naming, ...config.naming },
    extensionTypes: config.extensionTypes ?? BUILT_IN_DEFAULTS.extensionTypes,
    ...(config.lockTimeout !== undefined && { lockTimeout: config.lockTimeout }),
    ...(config.lockRetries !== undefined && { lockRetries: config.lockRetries }),
    ...(config.statementTimeout !== undefined && { statementTimeout: config.statementTimeout }),
    ...(config.batchSize !== undefined && { batchSize: config.batchSize }),
  };
  return { cwd, versions, defaults };
}
