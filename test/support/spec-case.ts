import { expect } from 'vitest';
import { createAlembicProject, type AlembicProject } from './alembic-project.js';
import type { CatalogSnapshot } from './alembic-driver.js';
import { expectConvergentCycle, type CycleExpectations } from './expect-cycle.js';
import { generateFromSpec } from './generate-case.js';
import { runMigrationCycle, type CycleSnapshots } from './migration-cycle.js';
import type { PythonEnv } from './python-env.js';
import { lintPython } from './python-lint.js';

export type Snapshot = Record<string, Record<string, unknown>[]>;

/** A spec with the database it runs on, and what must be true once it has run. */
export interface SpecCase {
  readonly name: string;
  readonly spec: Record<string, unknown>;
  /** Tables (and rows) that exist before the migration. */
  readonly setupSql?: string;
  /** Rows that must survive every step of the cycle. */
  readonly rowsSql?: string;
  readonly check?: (upgraded: Snapshot, text: string, snapshots: CycleSnapshots) => void;
  /** Warnings generate must print on standard error, each as a substring. */
  readonly warnings?: readonly string[];
  readonly expectations?: CycleExpectations;
}

/** Generates the case's migration with the built CLI, lints it, and proves it with the full cycle (in `project`, default a fresh fixture project). */
export async function proveSpecCase(testCase: SpecCase, environment: { adminUrl: string; python: PythonEnv; linter?: PythonEnv; project?: AlembicProject }): Promise<CycleSnapshots> {
  const project = environment.project ?? createAlembicProject();
  const generated = generateFromSpec(project, testCase.spec);
  for (const warning of testCase.warnings ?? []) expect(generated.stderr).toContain(warning);
  expect(lintPython(environment.linter ?? environment.python, [generated.path])).toEqual([]);
  const snapshots = await runMigrationCycle({
    project,
    adminUrl: environment.adminUrl,
    python: environment.python,
    revision: generated.revision,
    previous: 'base',
    ...(testCase.setupSql !== undefined && { setupSql: testCase.setupSql }),
    ...(testCase.rowsSql !== undefined && { rowsSql: testCase.rowsSql }),
  });
  expectConvergentCycle(snapshots, testCase.expectations);
  testCase.check?.(snapshots.upgraded as Snapshot, generated.text, snapshots);
  return snapshots;
}

export type { CatalogSnapshot };
