import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/check/rules/index.js';
import { withRuleTable } from '../../src/check/rules/rule-table.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe("the README's table of check rules", () => {
  it('is the one the rule registry makes (run `node scripts/readme-rules.mjs` after changing a rule)', () => {
    const updated = withRuleTable(README);
    expect(updated, 'README.md needs its check-rules markers').toBeDefined();
    expect(README === updated, 'README.md: the rule table is stale; run node scripts/readme-rules.mjs').toBe(true);
  });

  it('lists every rule with its example and fix', () => {
    for (const rule of RULES) {
      expect(README).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
      expect(README).toContain(rule.fix.replaceAll('|', '\\|'));
    }
  });
});
