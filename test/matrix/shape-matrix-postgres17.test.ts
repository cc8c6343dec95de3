import { describeShapeMatrixOn } from '../support/shape-matrix-on.js';

// Issue 14's partial-state matrix on the compatibility matrix's PostgreSQL 17 (the suite's own
// server, PostgreSQL 18, runs it in test/integration/shape-matrix.test.ts).
describeShapeMatrixOn('PostgreSQL 17');
