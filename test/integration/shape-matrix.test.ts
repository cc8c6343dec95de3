import { describe, inject, it } from 'vitest';
import type { OperationName } from '../../src/operations/registry.js';
import { proveShapeCase } from '../support/shape-matrix.js';
import { SHAPE_CASES, type ShapeCase } from './shape-cases.js';

// Issue 14's partial-state matrix, every operation, on the suite's server; on Debian's PostgreSQL
// 15 in test/matrix/shape-matrix-postgres15.test.ts.

const python = inject('python');

describe.each(Object.entries(SHAPE_CASES) as [OperationName, ShapeCase][])('%s', (op, testCase) => {
  it('converges from every partial state and refuses every conflicting one', async () => {
    await proveShapeCase(op, testCase, { adminUrl: inject('adminUrl'), python, linter: python });
  });
});
