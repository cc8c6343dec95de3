import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { isResource, resourceDirectory } from './package-resource.js';
import { expandPercent, IniError, iniValue, parseIni, type IniDocument } from './ini.js';

/**
 * Alembic's configuration, read as Alembic's own command line reads it (alembic/config.py) in the
 * directory it runs in: alembic.ini's [alembic] section (or the section -n/--name names; the file
 * $ALEMBIC_CONFIG names), then, for a key the ini file does not set, pyproject.toml's
 * [tool.alembic] table (Alembic 1.16+). Relative paths are relative to that directory, as
 * Alembic's os.path.abspath makes them.
 */
export interface AlembicConfig {
  /** The directory Alembic runs in: relative paths of the configuration start here. */
  readonly cwd: string;
  /** The ini section read (Alembic's -n/--name; `alembic` by default). */
  readonly section: string;
  /** alembic.ini (or $ALEMBIC_CONFIG), when it exists. */
  readonly iniFile?: string;
  /** pyproject.toml, when it exists and holds [tool.alembic]. */
  readonly tomlFile?: string;
  readonly scriptLocation?: Setting<string>;
  /** script_location as a directory (undefined when unset, or a package this tool cannot find). */
  readonly scriptDirectory?: string;
  /** Where the migrations are: version_locations, else script_location + /versions (undefined when neither is set). */
  versions(): VersionLocations | undefined;
  /** prepend_sys_path, each resolved against `cwd`. */
  readonly prependSysPath: readonly string[];
  /** The ini file's sections that set script_location themselves, in file order (for messages). */
  readonly namedLocations: readonly string[];
  /** sqlalchemy.url of the ini file (pyproject.toml holds no URL). */
  readonly sqlalchemyUrl?: string;
}

export interface Setting<T> {
  readonly value: T;
  /** The key that set it, for messages: `alembic.ini [alembic] script_location`. */
  readonly source: string;
}

/** The directories Alembic reads migrations from, in its order, and whether it descends into their subdirectories. */
export interface VersionLocations {
  /** Absolute. */
  readonly directories: readonly string[];
  readonly recursive: boolean;
  /** The key that named them, for messages. */
  readonly source: string;
}

/** The ini section Alembic reads when -n/--name does not name another. */
export const DEFAULT_SECTION = 'alembic';
const TOML_TABLE = '[tool.alembic]';

/** Alembic's path separators (path_separator, or version_path_separator before 1.16). */
const SEPARATORS: Readonly<Record<string, string>> = { space: ' ', newline: '\n', os: ':', ':': ':', ';': ';' };
/** Alembic's legacy split of version_locations when no separator is configured. */
const LEGACY_SPLIT = /, *| +/;
/** ...and of prepend_sys_path, which also splits on colons. */
const LEGACY_SYS_PATH_SPLIT = /, *| +|:/;

const requireHere = createRequire(import.meta.url);
const toml = (): typeof import('smol-toml') => requireHere('smol-toml') as typeof import('smol-toml');

interface Sources {
  readonly ini?: { readonly file: string; readonly document: IniDocument; readonly name: string };
  readonly toml?: { readonly file: string; readonly table: Readonly<Record<string, unknown>>; readonly name: string };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function readIni(file: string, name: string): Sources['ini'] {
  try {
    return { file, document: parseIni(readFileSync(file, 'utf8')), name };
  } catch (error) {
    if (!(error instanceof IniError)) throw error;
    throw new UsageError(`${file}${error.line === undefined ? '' : ` line ${error.line}`}: ${error.message} (Alembic's configparser refuses it too)`);
  }
}

function readToml(file: string): Sources['toml'] {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('alembic')) return undefined;
  let document: unknown;
  try {
    document = toml().parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
  const tool = (document as { tool?: unknown }).tool;
  const table = typeof tool === 'object' && tool !== null ? (tool as Record<string, unknown>).alembic : undefined;
  if (table === undefined) return undefined;
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw new UsageError(`${file}: ${TOML_TABLE} must be a table (Alembic says "Incorrect TOML format")`);
  return { file, table: table as Record<string, unknown>, name: basename(file) };
}

/** The files Alembic's command line reads in `cwd`: $ALEMBIC_CONFIG or alembic.ini, and pyproject.toml. */
function sources(cwd: string, env: Readonly<Record<string, string | undefined>>): Sources {
  const named = env.ALEMBIC_CONFIG;
  const namedToml = named !== undefined && named !== '' && basename(named) === 'pyproject.toml';
  const iniFile = resolve(cwd, named && !namedToml ? named : 'alembic.ini');
  const tomlFile = resolve(cwd, namedToml ? named : 'pyproject.toml');
  return {
    ...(isFile(iniFile) && { ini: readIni(iniFile, named && !namedToml ? basename(iniFile) : 'alembic.ini') }),
    ...(isFile(tomlFile) && { toml: readToml(tomlFile) }),
  };
}

class Reader {
  constructor(
    private readonly found: Sources,
    private readonly cwd: string,
    private readonly section: string,
  ) {}

  /** The value of the ini file's section, as Config.get_main_option returns it. */
  ini(key: string): Setting<string> | undefined {
    const { ini } = this.found;
    const { section } = this;
    if (!ini || !ini.document.sections.has(section)) return undefined;
    let value: string | undefined;
    try {
      value = iniValue(ini.document, section, key, new Map([['here', dirname(ini.file)]]));
    } catch (error) {
      throw new UsageError(`${ini.file} [${section}]: ${(error as Error).message}`);
    }
    return value === undefined ? undefined : { value, source: `${ini.name} [${section}] ${key}` };
  }

  /** The [tool.alembic] value, %-formatted with `here` as Alembic does; undefined when absent. */
  toml(key: string): Setting<unknown> | undefined {
    const { toml: found } = this.found;
    if (!found || !Object.hasOwn(found.table, key)) return undefined;
    const source = `${found.name} ${TOML_TABLE} ${key}`;
    const here = dirname(found.file);
    const format = (text: unknown): string => {
      if (typeof text !== 'string') throw new UsageError(`${source}: expected a string, not ${JSON.stringify(text)}`);
      try {
        return expandPercent(text, (name) => (name === 'here' ? here : undefined), key, false);
      } catch (error) {
        throw new UsageError(`${source}: ${(error as Error).message}`);
      }
    };
    const raw = found.table[key];
    if (Array.isArray(raw)) return { value: raw.map(format), source };
    if (typeof raw === 'string') return { value: format(raw), source };
    return { value: raw, source };
  }

  /** Config.get_alembic_option: the ini file first, then pyproject.toml. */
  string(key: string): Setting<string> | undefined {
    const fromIni = this.ini(key);
    if (fromIni) return fromIni;
    const fromToml = this.toml(key);
    if (fromToml === undefined) return undefined;
    if (typeof fromToml.value !== 'string') throw new UsageError(`${fromToml.source} must be a string`);
    return { value: fromToml.value, source: fromToml.source };
  }

  /** A list setting (version_locations, prepend_sys_path): the ini file's string split as Alembic splits it, else the TOML array. */
  list(key: string, legacySplit: RegExp, separatorKeys: readonly string[]): Setting<string[]> | undefined {
    const fromIni = this.ini(key);
    if (fromIni !== undefined && fromIni.value !== '') {
      const separator = separatorKeys.map((name) => this.ini(name)).find((setting) => setting !== undefined);
      if (separator === undefined) return { value: fromIni.value.split(legacySplit).filter(Boolean), source: fromIni.source };
      const character = SEPARATORS[separator.value];
      if (character === undefined) throw new UsageError(`${separator.source} is "${separator.value}"; Alembic expects space, newline, os, : or ;`);
      return { value: fromIni.value.split(character).map((part) => part.trim()).filter(Boolean), source: fromIni.source };
    }
    const fromToml = this.toml(key);
    if (fromToml === undefined) return undefined;
    if (!Array.isArray(fromToml.value)) throw new UsageError(`${fromToml.source} must be an array of strings`);
    return { value: fromToml.value as string[], source: fromToml.source };
  }

  /** Config.get_alembic_boolean_option: "true" in the ini file, else a TOML boolean. */
  boolean(key: string): boolean {
    const fromIni = this.ini(key);
    if (fromIni) return fromIni.value === 'true';
    const fromToml = this.toml(key);
    if (fromToml === undefined) return false;
    if (typeof fromToml.value !== 'boolean') throw new UsageError(`${fromToml.source} must be true or false (Alembic: "boolean value expected")`);
    return fromToml.value;
  }

  place(path: string): string {
    return isAbsolute(path) ? path : resolve(this.cwd, path);
  }
}

/** The sections of the ini file that set script_location themselves (those `alembic -n NAME` can run). */
function namedLocations(found: Sources): string[] {
  const document = found.ini?.document;
  return document === undefined ? [] : [...document.sections].filter(([, keys]) => keys.has('script_location')).map(([name]) => name);
}

function sectionList(names: readonly string[]): string {
  const shown = names.map((name) => `[${name}]`);
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/**
 * Alembic's configuration in `cwd` (undefined when neither alembic.ini nor [tool.alembic] is
 * there), reading the ini file's `section` as `alembic -n SECTION` does. A section the ini file
 * does not have is refused, naming those it has.
 */
export function readAlembicConfig(cwd: string, env: Readonly<Record<string, string | undefined>> = {}, section: string = DEFAULT_SECTION): AlembicConfig | undefined {
  const found = sources(cwd, env);
  if (!found.ini && !found.toml) return undefined;
  if (found.ini && section !== DEFAULT_SECTION && !found.ini.document.sections.has(section)) {
    const named = namedLocations(found);
    throw new UsageError(
      `${found.ini.name} has no [${section}] section, so Alembic's -n ${section} would fail too; ` +
        (named.length === 0 ? `none of its sections sets script_location` : `its sections that set script_location: ${sectionList(named)}`),
    );
  }
  const reader = new Reader(found, cwd, section);
  const prepend = reader.list('prepend_sys_path', LEGACY_SYS_PATH_SPLIT, ['path_separator']);
  const prependSysPath = (prepend?.value ?? []).map((entry) => reader.place(entry));
  const scriptLocation = reader.string('script_location');
  const search = { sysPath: prependSysPath, cwd, configDirectory: dirname(found.ini?.file ?? found.toml?.file ?? join(cwd, 'alembic.ini')) };
  const place = (location: Setting<string>): string => (isResource(location.value) ? resourceDirectory(location, search, DIR_ALTERNATIVES) : reader.place(location.value));
  const listed = reader.list('version_locations', LEGACY_SPLIT, ['path_separator', 'version_path_separator']);
  const recursive = reader.boolean('recursive_version_locations');
  const versions = (): VersionLocations | undefined => {
    if (listed !== undefined && listed.value.length > 0) {
      return { directories: listed.value.map((value) => place({ value, source: listed.source })), recursive, source: listed.source };
    }
    if (scriptLocation === undefined) return undefined;
    return { directories: [join(place(scriptLocation), 'versions')], recursive, source: scriptLocation.source };
  };
  let scriptDirectory: string | undefined;
  try {
    scriptDirectory = scriptLocation === undefined ? undefined : place(scriptLocation);
  } catch {
    scriptDirectory = undefined;
  }
  const url = reader.ini('sqlalchemy.url');
  return {
    cwd,
    section,
    ...(found.ini && { iniFile: found.ini.file }),
    ...(found.toml && { tomlFile: found.toml.file }),
    ...(scriptLocation && { scriptLocation }),
    ...(scriptDirectory !== undefined && { scriptDirectory }),
    versions,
    prependSysPath,
    namedLocations: namedLocations(found),
    ...(url && url.value !== '' && { sqlalchemyUrl: url.value }),
  };
}

/** What to write where Alembic's configuration does not say where the migrations are. */
export const DIR_ALTERNATIVES = 'set versions_dir in [tool.create-migration] of pyproject.toml, or pass --dir path/to/versions';

/** The configuration's version locations, or a usage error saying which key (or --name) would name them. */
export function configuredVersions(cwd: string, env: Readonly<Record<string, string | undefined>> = {}, section: string = DEFAULT_SECTION): VersionLocations {
  const config = readAlembicConfig(cwd, env, section);
  if (config === undefined) {
    throw new UsageError(`no alembic.ini (nor pyproject.toml with ${TOML_TABLE}) in ${cwd}, so the versions directory is unknown; run in the directory Alembic runs in, ${DIR_ALTERNATIVES}`);
  }
  const versions = config.versions();
  if (versions === undefined) throw noLocationError(config);
  return versions;
}

/** Why a configuration names no migrations: the key that would, or the --name of the sections that do. */
export function noLocationError(config: AlembicConfig): UsageError {
  const { section } = config;
  const files = [config.iniFile && `${basename(config.iniFile)} has no script_location in its [${section}] section`, config.tomlFile && `${basename(config.tomlFile)} has no script_location in ${TOML_TABLE}`]
    .filter(Boolean)
    .join(' and ');
  const others = config.namedLocations.filter((name) => name !== section);
  if (others.length > 0) {
    return new UsageError(
      `${files}, but its ${others.length === 1 ? 'section' : 'sections'} ${sectionList(others)} ${others.length === 1 ? 'does' : 'do'} (one Alembic setup each, run as alembic -n NAME): ` +
        `pass ${others.map((name) => `--name ${name}`).join(' or ')}`,
    );
  }
  return new UsageError(`${files}, so the versions directory is unknown; add script_location = %(here)s/alembic to alembic.ini's [${section}] section (as alembic init writes it), ${DIR_ALTERNATIVES}`);
}
