import { defineConfig } from 'vitest/config';

// Four projects, each with only the setup its tests need; `npm test` (vitest run) runs all of them.
// - unit: in-process code, no global setup, a few seconds (`npx vitest run --project unit`);
// - check: check's rules on their fixtures, in-process with the Python and PL/pgSQL parsers, no setup;
// - cli: the built bin (build setup), no database or Python;
// - database: real Alembic against real PostgreSQL (build, Python environment, PostgreSQL server).
// A test file that is in neither list below is a database test: it gets every setup.

const UNIT = ['test/unit/**/*.test.ts', 'test/generate/**/*.test.ts', 'test/operations/**/*.test.ts', 'test/generators/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/renumber/**/*.test.ts', 'test/architecture/**/*.test.ts'];
const CHECK_CLI = ['test/check/threads.test.ts', 'test/check/generated-clean.test.ts'];
const CHECK = ['test/check/**/*.test.ts'];
const CLI = ['test/cli/check.test.ts', 'test/cli/help-and-errors.test.ts', 'test/cli/renumber.test.ts', 'test/cli/spec-errors.test.ts', 'test/cli/usage.test.ts', 'test/config/**/*.test.ts', 'test/snapshots/**/*.test.ts', 'test/plop/**/*.test.ts', ...CHECK_CLI];

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'check', include: CHECK, exclude: CHECK_CLI, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'cli', include: CLI, globalSetup: ['test/support/build-setup.ts'] } },
      { extends: true, test: { name: 'database', include: ['test/**/*.test.ts'], exclude: [...UNIT, ...CHECK, ...CLI], globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
