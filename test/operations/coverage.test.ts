import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../src/operations/registry.js';
import { BASIC_CASES } from '../integration/basic-cases.js';
import { CATALOGUE_CASES } from '../integration/catalogue-cases.js';
import type { SpecCase } from '../support/spec-case.js';

const opsOf = (cases: readonly SpecCase[]): Set<string> =>
  new Set(cases.flatMap((testCase) => (testCase.spec.operations as { op: string }[]).map((operation) => operation.op)));

describe('every operation is tried in-process', () => {
  it.each(OPERATION_NAMES)('%s: by a table of cases in test/operations/', (op) => {
    const file = join(import.meta.dirname, `${op.replaceAll('_', '-')}.test.ts`);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(text.includes(`testOperation('${op}', {`), `add ${file} with testOperation('${op}', { valid: [...], invalid: [...] }) (see CONTRIBUTING.md)`).toBe(true);
  });
});

describe('every operation is proven with real Alembic', () => {
  it('in a case of test/integration (basic-cases.ts or catalogue-cases.ts)', () => {
    const covered = opsOf([...BASIC_CASES, ...CATALOGUE_CASES]);
    const missing = OPERATION_NAMES.filter((op) => !covered.has(op));
    expect(missing, `no integration case runs ${missing.join(', ')}: add one to test/integration/catalogue-cases.ts`).toEqual([]);
  });
});
