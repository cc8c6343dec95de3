import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PythonEnv {
  /** A short name for reports, e.g. "alembic 1.20.0 / SQLAlchemy 2.1.1". */
  readonly label: string;
  readonly python: string;
  readonly ruff?: string;
  /** The URL scheme env.py is handed (its driver); default postgresql+psycopg2, which the suite's own environments have. */
  readonly urlScheme?: string;
}

const ROOT = resolve(import.meta.dirname, '../..');
export const CACHE = join(ROOT, '.cache', 'python');

function versions(python: string): string {
  const script = 'import alembic, sqlalchemy; print(f"alembic {alembic.__version__} / SQLAlchemy {sqlalchemy.__version__}")';
  return execFileSync(python, ['-c', script], { encoding: 'utf8' }).trim();
}

function fail(message: string): never {
  throw new Error(`test setup: ${message}`);
}

/**
 * A virtual environment under .cache/python/NAME with `requirements` installed from pip, made
 * once and reused while its requirements are unchanged.
 */
export function ensureVenv(name: string, requirements: readonly string[], options: { basePython?: string; systemSitePackages?: boolean } = {}): PythonEnv {
  const directory = join(CACHE, name);
  const python = join(directory, 'bin', 'python');
  const marker = join(directory, '.requirements');
  const wanted = JSON.stringify({ requirements, options });
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted || !existsSync(python)) {
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(dirname(directory), { recursive: true });
    const base = options.basePython ?? 'python3';
    const venvArgs = ['-m', 'venv', ...(options.systemSitePackages ? ['--system-site-packages'] : []), directory];
    const made = spawnSync(base, venvArgs, { encoding: 'utf8' });
    if (made.status !== 0) fail(`cannot create a virtual environment with ${base}: ${made.stderr || made.error}`);
    if (requirements.length > 0) {
      const installed = spawnSync(python, ['-m', 'pip', 'install', '--quiet', ...requirements], {
        encoding: 'utf8',
        env: { ...process.env, PIP_RETRIES: '0', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      });
      if (installed.status !== 0) fail(`pip could not install ${requirements.join(' ')} into ${directory}:\n${installed.stderr}`);
    }
    writeFileSync(marker, wanted);
  }
  const ruff = join(directory, 'bin', 'ruff');
  return { label: versions(python), python, ...(existsSync(ruff) && { ruff }) };
}

/** ALEMBIC may name an existing environment: its directory, or its python or alembic executable. */
function envFromVariable(value: string): PythonEnv {
  const path = resolve(value);
  if (!existsSync(path)) fail(`ALEMBIC=${value} does not exist`);
  const bin = statSync(path).isDirectory() ? join(path, 'bin') : dirname(path);
  const python = join(bin, 'python');
  if (!existsSync(python)) fail(`ALEMBIC=${value}: no python next to it (looked for ${python})`);
  const ruff = join(bin, 'ruff');
  return { label: versions(python), python, ...(existsSync(ruff) && { ruff }) };
}

/** The environment the suite runs generated migrations with: current Alembic, SQLAlchemy and ruff. */
export function defaultPythonEnv(): PythonEnv {
  const named = process.env.ALEMBIC;
  const env = named ? envFromVariable(named) : ensureVenv('current', ['alembic', 'psycopg2-binary', 'ruff']);
  // The suite's own steps hand env.py postgresql+psycopg2:// URLs (other environments, made for one test, may lack it).
  if (spawnSync(env.python, ['-c', 'import psycopg2'], { encoding: 'utf8' }).status !== 0) fail(`${env.python} has no psycopg2 (pip install psycopg2-binary)`);
  if (!env.ruff) return { ...env, ruff: ensureVenv('ruff', ['ruff']).ruff! };
  return env;
}
