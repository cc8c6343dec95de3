import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { pythonString } from '../render/python-source.js';
import { renderTemplate } from '../render/templates.js';
import { identifierProblem } from '../sql/identifiers.js';

export interface InitOptions {
  /** The Alembic directory (script_location), relative to `cwd` or absolute. */
  readonly dir: string;
  readonly schema?: string;
  readonly module?: string;
  readonly urlEnv: string;
}

export interface PlannedFile {
  /** Absolute. */
  readonly path: string;
  readonly content: string;
}

export interface InitPlan {
  readonly files: readonly PlannedFile[];
  /** Made when missing (the versions directory starts empty). */
  readonly directories: readonly string[];
}

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VERSION_TABLE_SUFFIX = '_alembic_version';

function checkInitOptions(options: InitOptions): void {
  if (options.module !== undefined) {
    if (!MODULE_NAME.test(options.module)) throw new UsageError(`--module "${options.module}" must be a name of letters, digits and _ (it prefixes the module's tables)`);
    if (options.module.length + VERSION_TABLE_SUFFIX.length > 63) throw new UsageError(`--module "${options.module}" is too long: its version table ${options.module}${VERSION_TABLE_SUFFIX} must fit PostgreSQL's 63 bytes`);
  }
  if (options.schema !== undefined) {
    const problem = identifierProblem(options.schema);
    if (problem) throw new UsageError(`--schema "${options.schema}": ${problem}`);
  }
}

/** alembic.ini's script_location: relative to the ini file (%(here)s) when it is below it. */
function scriptLocation(cwd: string, directory: string): string {
  const inside = relative(cwd, directory);
  const location = inside.startsWith('..') || isAbsolute(inside) ? directory : `%(here)s/${inside.split(sep).join(posix.sep)}`;
  return location.replace(/%(?!\(here\)s)/g, '%%');
}

/** The files init writes, rendered; nothing is touched here. */
export function planInit(cwd: string, options: InitOptions): InitPlan {
  checkInitOptions(options);
  const directory = resolve(cwd, options.dir);
  const testFile = join(cwd, 'tests', 'test_migrations.py');
  const iniFile = join(cwd, 'alembic.ini');
  const module = options.module ?? null;
  const schema = options.schema ?? null;
  const context = {
    urlEnv: options.urlEnv,
    urlEnvLiteral: pythonString(options.urlEnv),
    scriptLocation: scriptLocation(cwd, directory),
    module,
    tablePrefixLiteral: module === null ? null : pythonString(`${module}_`),
    versionTableLiteral: module === null ? null : pythonString(`${module}${VERSION_TABLE_SUFFIX}`),
    schema,
    schemaLiteral: schema === null ? null : pythonString(schema),
    filtered: module !== null || schema !== null,
    iniPathLiteral: pythonString(relative(join(cwd, 'tests'), iniFile).split(sep).join(posix.sep)),
  };
  return {
    files: [
      { path: iniFile, content: renderTemplate('init/alembic.ini.hbs', context) },
      { path: join(directory, 'env.py'), content: renderTemplate('init/env.py.hbs', context) },
      { path: join(directory, 'script.py.mako'), content: renderTemplate('init/script.py.mako.hbs', context) },
      { path: testFile, content: renderTemplate('init/test_migrations.py.hbs', context) },
    ],
    directories: [join(directory, 'versions'), join(cwd, 'tests')],
  };
}
