import { describe, inject, it } from 'vitest';
import { proveSpecCase } from '../support/spec-case.js';
import { CATALOGUE_CASES } from './catalogue-cases.js';

const adminUrl = inject('adminUrl');
const python = inject('python');

describe.each(CATALOGUE_CASES)('$name', (testCase) => {
  it('generates a clean file that passes the full real-Alembic cycle', async () => {
    await proveSpecCase(testCase, { adminUrl, python });
  });
});
