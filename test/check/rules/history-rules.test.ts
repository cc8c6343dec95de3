import { describe, expect, it } from 'vitest';
import { expectDirectoryFixture } from '../../support/check-fixtures.js';

describe.each([
  'multiple-heads',
  'dangling-down-revision',
  'duplicate-revision',
  'duplicate-number',
  'revision-too-long',
  'name-revision-mismatch',
  'unreadable-revision',
  'history-cycle',
  'foreign-key-type-mismatch',
])('%s', (rule) => {
  it('reports exactly the findings the fixture directory announces', async () => {
    const findings = await expectDirectoryFixture(`history/${rule}`);
    expect(findings.some((finding) => finding.rule === rule)).toBe(true);
    expect(findings.every((finding) => finding.severity === 'error' && finding.fix.length > 0)).toBe(true);
  });
});
