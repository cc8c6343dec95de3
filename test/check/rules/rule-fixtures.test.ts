import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_RULES, HISTORY_RULES } from '../../../src/check/rules/index.js';
import { CHECK_FIXTURES, expectDirectoryFixture, expectFileFixture } from '../../support/check-fixtures.js';

// Every rule of the registry has fixtures, found by its id: a rule added without them fails here,
// and the message says where they go.

describe.each(FILE_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const folder = join(CHECK_FIXTURES, id);
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.py')) : [];
  const bad = files.filter((name) => name.startsWith('bad_'));
  const good = files.filter((name) => name.startsWith('good_'));

  it(`has a bad_*.py and a good_*.py fixture in test/fixtures/check/${id}/`, () => {
    expect(bad, `add test/fixtures/check/${id}/bad_<case>.py, marking the lines it reports with "# expect: ${id}"`).not.toHaveLength(0);
    expect(good, `add test/fixtures/check/${id}/good_<case>.py: code the rule must accept`).not.toHaveLength(0);
  });

  it.each([...bad, ...good])('%s reports exactly what its markers announce', async (name) => {
    const findings = await expectFileFixture(id, join(folder, name));
    if (name.startsWith('bad_')) expect(findings.some((finding) => finding.rule === id), `${name} must report ${id}`).toBe(true);
    for (const finding of findings.filter((found) => found.rule === id)) {
      expect(finding.severity).toBe(rule.severity);
      expect(finding.fix.length).toBeGreaterThan(0);
    }
  });

  it('documents an example that a bad fixture reports on a marked line', () => {
    const marker = new RegExp(`(#|--) expect: [\\w, -]*\\b${id}\\b`);
    const marked = bad.flatMap((name) => readFileSync(join(folder, name), 'utf8').split('\n').filter((line) => marker.test(line)));
    expect(marked.some((line) => line.includes(rule.example)), `the example ${JSON.stringify(rule.example)} must appear on a line of a bad fixture marked "expect: ${id}"`).toBe(true);
  });
});

describe.each(HISTORY_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const folder = join(CHECK_FIXTURES, 'history', id);

  it(`has bad/ and good/ versions-directory fixtures in test/fixtures/check/history/${id}/`, () => {
    expect(existsSync(join(folder, 'bad')), `add test/fixtures/check/history/${id}/bad/: a versions directory whose reported lines are marked "# expect: ${id}"`).toBe(true);
    expect(existsSync(join(folder, 'good')), `add test/fixtures/check/history/${id}/good/: a versions directory the rule must accept`).toBe(true);
  });

  it.each(['bad', 'good'])('%s/ reports exactly what its markers announce', async (kind) => {
    const findings = await expectDirectoryFixture(id, join(folder, kind));
    expect(findings.some((finding) => finding.rule === id)).toBe(kind === 'bad');
    for (const finding of findings.filter((found) => found.rule === id)) {
      expect(finding.severity).toBe(rule.severity);
      expect(finding.fix.length).toBeGreaterThan(0);
    }
  });

  it('documents an example', () => {
    expect(rule.example.length).toBeGreaterThan(0);
  });
});
