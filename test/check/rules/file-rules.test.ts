import { describe, it } from 'vitest';
import { expectFileFixtures } from '../../support/check-fixtures.js';

describe.each([
  'unguarded-operation',
  'unguarded-sql',
  'constraint-in-column-guard',
  'empty-downgrade',
  'enum-not-dropped',
  'concurrently-outside-autocommit',
  'get-bind-inspection',
  'unparsable-sql',
  'python-syntax-error',
])('%s fixtures', (rule) => {
  it('report exactly the findings their markers announce', async () => {
    await expectFileFixtures(rule);
  });
});
