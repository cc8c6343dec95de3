import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * script_location given as a package resource (`prefect:server:database:_migrations`, or
 * `myapp.db:migrations/core`): Alembic asks Python's importlib.resources for the package's files,
 * so the package must be importable. Without running Python, the package is looked for where a
 * project keeps its own code: the directories Python would search for it that this project holds.
 */

/** Where the configuration that names a resource is, and what Alembic puts on sys.path. */
export interface ResourceSearch {
  /** prepend_sys_path, absolute: Alembic puts these first on sys.path. */
  readonly sysPath: readonly string[];
  /** The directory Alembic runs in. */
  readonly cwd: string;
  /** The directory of the file that sets script_location. */
  readonly configDirectory: string;
}

/** Files that mark a Python project's root. */
const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** Alembic's test (coerce_resource_to_filename): a relative path holding a colon. */
export function isResource(location: string): boolean {
  return !isAbsolute(location) && location.includes(':');
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isPackage(directory: string): boolean {
  return isDirectory(directory) && existsSync(join(directory, '__init__.py'));
}

/** `directory` and every directory above it, nearest first. */
function ancestors(directory: string): string[] {
  const found = [resolve(directory)];
  for (let parent = dirname(found[0]!); parent !== found.at(-1); parent = dirname(parent)) found.push(parent);
  return found;
}

/**
 * When the configuration sits inside the package tree (alembic.ini in src/prefect/server/database
 * for the package prefect): the directory holding the top-level package named `top`, as an
 * installed or editable package is imported from.
 */
function enclosingPackageRoot(directory: string, top: string): string | undefined {
  const topPackage = ancestors(directory).find((ancestor) => basename(ancestor) === top && isPackage(ancestor) && !isPackage(dirname(ancestor)));
  return topPackage === undefined ? undefined : dirname(topPackage);
}

/** The directories the top-level package `top` is looked for in, in order. */
function searchPath(search: ResourceSearch, top: string): string[] {
  const enclosing = enclosingPackageRoot(search.configDirectory, top);
  const projectRoot = ancestors(search.configDirectory).find((ancestor) => PROJECT_FILES.some((file) => existsSync(join(ancestor, file))));
  const roots = [search.cwd, ...(projectRoot === undefined ? [] : [projectRoot])];
  return [...new Set([...search.sysPath, ...(enclosing === undefined ? [] : [enclosing]), ...roots.flatMap((root) => [root, join(root, 'src')])])];
}

/**
 * The directory of a `package:path` resource. As on Python's sys.path, a regular package (with
 * __init__.py) wins over a plain directory of the same name. What cannot be found this way (a
 * package installed elsewhere) is refused with the value and what to do instead.
 */
export function resourceDirectory(location: { readonly value: string; readonly source: string }, search: ResourceSearch, alternatives: string): string {
  const [pkg, ...parts] = location.value.split(':');
  const names = pkg!.split('.');
  const path = searchPath(search, names[0]!);
  const tops = path.map((entry) => join(entry, names[0]!));
  const top = tops.find(isPackage) ?? tops.find(isDirectory);
  const found = top === undefined ? undefined : join(top, ...names.slice(1));
  if (found === undefined || !isDirectory(found)) {
    throw new UsageError(
      `${location.source} is "${location.value}", a location inside the Python package ${pkg}, which is not in the project ` +
        `(looked in ${path.join(', ')}); a package installed elsewhere cannot be found without running Python: ${alternatives}`,
    );
  }
  return join(found, ...parts);
}
