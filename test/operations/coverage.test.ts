import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../src/operations/registry.js';
import { BASIC_CASES } from '../integration/basic-cases.js';
import { CATALOGUE_CASES } from '../integration/catalogue-cases.js';
import type { SpecCase } from '../support/spec-case.js';

const opsOf = (cases: readonly SpecCase[]): Set<string> =>
  new Set(cases.flatMap((testCase) => (testCase.spec.operations as { op: string }[]).map((operation) => operation.op)));

describe('every operation is proven with real Alembic', () => {
  it('in a case of test/integration (basic-cases.ts or catalogue-cases.ts)', () => {
    const covered = opsOf([...BASIC_CASES, ...CATALOGUE_CASES]);
    const missing = OPERATION_NAMES.filter((op) => !covered.has(op));
    expect(missing, `no integration case runs ${missing.join(', ')}: add one to test/integration/catalogue-cases.ts`).toEqual([]);
  });
});
