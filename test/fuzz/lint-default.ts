import { spawnSync } from 'node:child_process';
import type { PythonEnv } from '../support/python-env.js';

/**
 * What the promise covers for any value a spec may hold: the file compiles, and passes ruff's
 * default rules and ruff format. (Teams' extra rules such as RUF001, ambiguous characters in
 * strings, judge the text a user chose, not the tool.) Empty when clean.
 */
export function lintDefault(python: PythonEnv, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (let start = 0; start < files.length; start += 200) {
    const batch = files.slice(start, start + 200);
    for (const [command, args] of [
      [python.python, ['-m', 'py_compile', ...batch]],
      [python.ruff!, ['check', '--isolated', '--no-cache', ...batch]],
      [python.ruff!, ['format', '--isolated', '--no-cache', '--check', '--diff', ...batch]],
    ] as const) {
      const run = spawnSync(command, args, { encoding: 'utf8' });
      if (run.status !== 0) problems.push(`${command} ${args[0]}:\n${run.stdout}${run.stderr}`);
    }
  }
  return problems;
}
