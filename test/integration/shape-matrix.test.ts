import { describe, inject, it } from 'vitest';
import { proveShapeCase } from '../support/shape-matrix.js';
import { ALL_SHAPE_CASES } from './shape-cases.js';

// Issue 14's partial-state matrix, every operation, on the suite's server; on Debian's PostgreSQL
// 15 in test/matrix/shape-matrix-postgres15.test.ts.

const python = inject('python');

describe.each(ALL_SHAPE_CASES)('%s', (name, testCase) => {
  it('converges from every partial state and refuses every conflicting one', async () => {
    await proveShapeCase(name, testCase, { adminUrl: inject('adminUrl'), python, linter: python });
  });
});
