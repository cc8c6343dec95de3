import { spawnSync } from 'node:child_process';
import type { PythonEnv } from './python-env.js';

/**
 * Rules beyond ruff's defaults that teams commonly turn on; generated files must pass them too.
 * E501 (line length) is left out: a long CHECK expression or identifier cannot be wrapped inside
 * an SQL string without changing it.
 */
export const EXTENDED_RUFF_RULES = 'E,F,W,I,UP,B,C4,SIM,Q,RUF';
const EXTENDED_IGNORES = 'E501';

function run(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return result.status === 0 ? undefined : `${command} ${args.join(' ')}:\n${result.stdout}${result.stderr}`;
}

/** What py_compile, ruff check (default and extended rules) and ruff format --check say of `files`; empty when clean. */
export function lintPython(env: PythonEnv, files: readonly string[]): string[] {
  const ruff = env.ruff;
  if (!ruff) throw new Error(`no ruff in the Python environment ${env.python}`);
  return [
    run(env.python, ['-m', 'py_compile', ...files]),
    run(ruff, ['check', '--isolated', '--no-cache', ...files]),
    run(ruff, ['check', '--isolated', '--no-cache', '--select', EXTENDED_RUFF_RULES, '--ignore', EXTENDED_IGNORES, ...files]),
    run(ruff, ['format', '--isolated', '--no-cache', '--check', '--diff', ...files]),
  ].filter((problem): problem is string => problem !== undefined);
}
