import { spawnSync } from 'node:child_process';
import type { PythonEnv } from './python-env.js';

/** Runs a Python script with `input` as JSON on stdin and returns its JSON output: real Python as the oracle. */
export function pythonJson<T>(env: PythonEnv, script: string, input: unknown): T {
  const run = spawnSync(env.python, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
