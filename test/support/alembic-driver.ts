import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PythonEnv } from './python-env.js';

const DRIVER = resolve(import.meta.dirname, 'alembic_driver.py');
export const SNAPSHOT_SQL = readFileSync(resolve(import.meta.dirname, 'catalog-snapshot.sql'), 'utf8');

export type DriverStep =
  | { alembic: string[]; capture?: boolean }
  | { sql: string[] }
  | { snapshot: string };

export interface StepResult {
  readonly step: number;
  readonly label?: string;
  readonly snapshot?: CatalogSnapshot;
  readonly output?: string | null;
  readonly error?: string;
  readonly traceback?: string;
}

export type CatalogSnapshot = Record<string, unknown>;

/** Runs `steps` in one Python process with real Alembic; throws on the first failing step, naming it. */
export function runDriver(python: PythonEnv, request: { config: string; url: string; rowsSql?: string; steps: DriverStep[] }): StepResult[] {
  const input = JSON.stringify({ config: request.config, url: request.url, snapshot_sql: SNAPSHOT_SQL, rows_sql: request.rowsSql, steps: request.steps });
  const run = spawnSync(python.python, [DRIVER], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`alembic driver failed (${python.label}):\n${run.stderr}`);
  const { results } = JSON.parse(run.stdout) as { results: StepResult[] };
  const failed = results.find((result) => result.error !== undefined);
  if (failed) {
    const step = request.steps[failed.step];
    throw new Error(`step ${failed.step} ${JSON.stringify(step).slice(0, 300)} failed (${python.label}): ${failed.error}\n${failed.traceback ?? ''}`);
  }
  return results;
}
