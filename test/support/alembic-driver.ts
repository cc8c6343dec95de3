import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { withScheme } from '../../src/verify/database-url.js';
import { decodeAnswers, driverScript, encodeRequests, type CatalogSnapshot, type DriverRequest } from '../../src/verify/driver-protocol.js';
import type { PythonEnv } from './python-env.js';

export type { CatalogSnapshot } from '../../src/verify/driver-protocol.js';

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

/**
 * Runs `steps` in one Python process with real Alembic (the product's driver, driver/alembic_driver.py),
 * in `cwd` when given (as `alembic` runs in the project: alembic.ini's prepend_sys_path = . is
 * relative to it); throws on the first failing step, naming it.
 */
export function runDriver(python: PythonEnv, request: { config: string; url: string; rowsSql?: string; steps: DriverStep[]; cwd?: string }): StepResult[] {
  // The suite's environments have psycopg2; SQLAlchemy 2.1 would read a bare postgresql:// as psycopg 3.
  const envUrl = withScheme(request.url, python.urlScheme ?? 'postgresql+psycopg2');
  const requests: (DriverRequest & { stop_on_error: true })[] = request.steps.map((step) => {
    if ('alembic' in step) return { alembic: step.alembic, ini: request.config, toml: null, url: envUrl, url_env: 'DATABASE_URL', capture: step.capture ?? false, stop_on_error: true };
    if ('sql' in step) return { sql: step.sql, url: request.url, stop_on_error: true };
    return { snapshot: step.snapshot, url: request.url, ...(request.rowsSql !== undefined && { rows_sql: request.rowsSql }), stop_on_error: true };
  });
  // In the project's directory (cwd, else alembic.ini's), as `alembic` runs: a relative script_location
  // (Alembic 1.8's init writes one) and prepend_sys_path = . are relative to it.
  const run = spawnSync(python.python, [driverScript()], { cwd: request.cwd ?? dirname(request.config), input: encodeRequests(requests), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const answers = decodeAnswers(run.stdout ?? '');
  const results = answers.map((answer, step): StepResult => ({
    step,
    ...(answer.label !== undefined && { label: answer.label }),
    ...(answer.snapshot !== undefined && { snapshot: answer.snapshot }),
    ...(answer.output !== undefined && { output: answer.output }),
    ...(answer.error && { error: answer.error.message, traceback: answer.error.traceback ?? '' }),
  }));
  const failed = results.find((result) => result.error !== undefined);
  if (failed) {
    const step = request.steps[failed.step];
    throw new Error(`step ${failed.step} ${JSON.stringify(step).slice(0, 300)} failed (${python.label}): ${failed.error}\n${failed.traceback ?? ''}`);
  }
  if (run.status !== 0 || answers.length !== requests.length) throw new Error(`alembic driver failed (${python.label}):\n${run.stderr}`);
  return results;
}
