import { expect } from 'vitest';
import { createAlembicProject } from './alembic-project.js';
import { expectPartialStates } from './expect-partial-state.js';
import { generateFromSpec } from './generate-case.js';
import { runPartialStates } from './partial-state.js';
import type { PythonEnv } from './python-env.js';
import { lintPython } from './python-lint.js';
import type { ShapeCase } from '../integration/shape-cases.js';

/** Generates the case's migration with the built CLI, lints it, and runs its partial-state matrix on the server of `adminUrl`. */
export async function proveShapeCase(name: string, testCase: ShapeCase, environment: { adminUrl: string; python: PythonEnv; linter: PythonEnv }): Promise<void> {
  const project = createAlembicProject();
  const generated = generateFromSpec(project, { message: `shape of ${name}`, operations: testCase.operations });
  expect(lintPython(environment.linter, [generated.path])).toEqual([]);
  const results = await runPartialStates({
    project,
    adminUrl: environment.adminUrl,
    python: environment.python,
    revision: generated.revision,
    previous: 'base',
    ...(testCase.setupSql !== undefined && { setupSql: testCase.setupSql }),
    rowsSql: testCase.rowsSql,
    ...(testCase.handMade && { handMade: testCase.handMade }),
    ...(testCase.conflicts && { conflicts: testCase.conflicts }),
    ...(testCase.downgradeConflicts && { downgradeConflicts: testCase.downgradeConflicts }),
  });
  expectPartialStates(results, testCase.expectations);
}
