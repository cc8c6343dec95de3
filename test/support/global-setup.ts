import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { buildCli } from './build-setup.js';
import { startPostgres } from './postgres-server.js';
import { defaultPythonEnv, type PythonEnv } from './python-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    python: PythonEnv;
  }
}

/**
 * Once per run: build the CLI the tests execute, make (or reuse) the Python environment with
 * Alembic and ruff, and start a throwaway PostgreSQL server (or use DATABASE_URL).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildCli(project);
  const python = defaultPythonEnv();
  const server = await startPostgres();
  project.provide('adminUrl', server.adminUrl);
  project.provide('python', python);
  return () => server.stop();
}
