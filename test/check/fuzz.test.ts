import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFileText, loadParsers } from '../../src/check/check-file.js';
import type { Parsers } from '../../src/check/file-facts.js';
import { RULES } from '../../src/check/rules/index.js';
import { runCheck } from '../../src/check/run-check.js';
import { mutatedMigrations } from '../support/mutated-migrations.js';

// check never crashes: generated and hand-written migrations, mutated at random with Python and
// SQL fragments (broken, Python 2, hostile; see support/mutated-migrations.ts), always give
// findings, each placed on a real line of a registered rule, and never the finding check makes
// when its own analysis throws.
// CREATE_MIGRATION_FUZZ_CASES sets how many files (default 300); CREATE_MIGRATION_FUZZ_SEED the seed.

const CASES = Number(process.env.CREATE_MIGRATION_FUZZ_CASES ?? 300);
const SEED = Number(process.env.CREATE_MIGRATION_FUZZ_SEED ?? 20261122);

const RULE_IDS = new Set(RULES.map((rule) => rule.id));

let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

describe(`check on mutated migrations (seed ${SEED}, ${CASES} files)`, () => {
  const cases = mutatedMigrations(SEED, CASES).map((text, index) => [index, text] as const);
  const directory = mkdtempSync(join(tmpdir(), 'cm-fuzz-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('gives findings for every file, each on a real line of a registered rule, and never fails to analyse one', () => {
    for (const [index, text] of cases) {
      const where = `case ${index} (seed ${SEED}):\n${text.slice(0, 2000)}`;
      const findings = checkFileText(text, parsers);
      const lines = text.split('\n').length;
      for (const finding of findings) {
        expect(RULE_IDS.has(finding.rule), where).toBe(true);
        expect(Number.isInteger(finding.line) && finding.line >= 1 && finding.line <= lines + 1, `${where}\nline ${finding.line}`).toBe(true);
        expect(finding.message.length > 0 && finding.fix.length > 0, where).toBe(true);
        expect(finding.message, where).not.toMatch(/could not (analyse|check)/);
      }
    }
  });

  it('checks them as one history without failing a history rule', async () => {
    cases.forEach(([index, text]) => writeFileSync(join(directory, `${String(index).padStart(4, '0')}_case.py`), text));
    const result = await runCheck(directory, { env: { CREATE_MIGRATION_CHECK_THREADS: '1' } });
    expect(result.files).toBe(CASES);
    expect(result.findings.filter((finding) => /could not (analyse|check)/.test(finding.message))).toEqual([]);
  });
});
