import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { readHead } from '../fs/read-head.js';

export interface FoundPython {
  readonly python: string;
  /** How it was found, for the report: "--alembic", ".venv", "alembic on PATH". */
  readonly source: string;
}

const VENV_NAMES = ['.venv', 'venv'];

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function venvPython(directory: string): string | undefined {
  return ['bin/python', 'bin/python3', 'Scripts/python.exe'].map((name) => join(directory, name)).find(isFile);
}

/** The interpreter a console script (pip's `alembic`) runs with: its #! line. */
function shebangPython(script: string, path: string): string | undefined {
  const buffer = Buffer.alloc(512);
  const length = readHead(script, buffer);
  const first = buffer.subarray(0, length).toString('utf8').split('\n')[0]!;
  if (!first.startsWith('#!')) return undefined;
  const [command, ...rest] = first.slice(2).trim().split(/\s+/);
  if (command === undefined) return undefined;
  // "#!/usr/bin/env python3": the name is looked up on the PATH, as the kernel would.
  if (command.endsWith('/env') && rest[0] !== undefined) return onPath(rest[0], path);
  return isFile(command) ? command : undefined;
}

function onPath(name: string, path: string): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((directory) => join(directory, name))
    .find(isFile);
}

/** The python that runs the alembic executable `script`: its #! line, else a python beside it. */
function pythonOfAlembic(script: string, path: string): string | undefined {
  return shebangPython(script, path) ?? ['python', 'python3'].map((name) => join(dirname(script), name)).find(isFile);
}

function fromOption(value: string, cwd: string, path: string): FoundPython {
  const target = resolve(cwd, value);
  if (!existsSync(target)) throw new UsageError(`--alembic ${value}: no such file or directory`);
  if (statSync(target).isDirectory()) {
    const python = venvPython(target);
    if (!python) throw new UsageError(`--alembic ${value}: a directory must be a virtual environment (no bin/python in it)`);
    return { python, source: '--alembic' };
  }
  if (/python[\d.]*(\.exe)?$/.test(target)) return { python: target, source: '--alembic' };
  const python = pythonOfAlembic(target, path);
  if (!python) throw new UsageError(`--alembic ${value}: cannot tell which Python runs it (no #! line and no python beside it); pass the virtual environment's directory instead`);
  return { python, source: '--alembic' };
}

/**
 * The Python the project's migrations run with: --alembic (an alembic executable, a python, or
 * a virtual environment); else .venv or venv in the project directory or a parent, up to the
 * repository root; else the python behind `alembic` on the PATH.
 */
export function findPython(options: { alembic?: string; projectDir: string; cwd: string; path: string }): FoundPython {
  if (options.alembic !== undefined) return fromOption(options.alembic, options.cwd, options.path);
  for (let directory = options.projectDir; ; directory = dirname(directory)) {
    for (const name of VENV_NAMES) {
      const python = venvPython(join(directory, name));
      if (python) return { python, source: join(directory, name) };
    }
    if (existsSync(join(directory, '.git')) || dirname(directory) === directory) break;
  }
  const alembic = onPath('alembic', options.path);
  const python = alembic === undefined ? undefined : pythonOfAlembic(alembic, options.path);
  if (alembic !== undefined && python !== undefined) return { python, source: `${alembic} (on the PATH)` };
  throw new UsageError(
    'cannot find the Python environment with Alembic: no .venv or venv in the project and no alembic on the PATH; pass --alembic path/to/venv (or path/to/venv/bin/alembic)',
  );
}
