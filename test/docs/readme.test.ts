import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { markers, SECTIONS, withSections } from '../../scripts/readme/sections.js';
import { SpecError } from '../../src/errors.js';
import { OPERATION_LIST } from '../../src/operations/registry.js';
import { readSpec } from '../../src/spec-file/read-spec.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe("the README's generated sections", () => {
  it.each(Object.keys(SECTIONS))('%s: as the declarations make it (else run node scripts/update-readme.mjs)', (name) => {
    const { start, end } = markers(name);
    const written = README.slice(README.indexOf(start) + start.length + 1, README.indexOf(end) - 1);
    expect(README).toContain(start);
    expect(written, `README.md's "${name}" section is stale: run node scripts/update-readme.mjs`).toBe(SECTIONS[name]!());
  });

  it('are the only change the script would make', () => {
    expect(withSections(README) === README, 'README.md is stale: run node scripts/update-readme.mjs').toBe(true);
  });
});

describe("the operations' documentation examples", () => {
  const examples = OPERATION_LIST.map((kind) => [kind.op, parseYaml(kind.doc.example) as { op: string }[]] as const);

  it.each(examples)('%s: a YAML list of that operation only', (op, operations) => {
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.map((operation) => operation.op)).toEqual(operations.map(() => op));
  });

  it('read as one spec, in the order the README shows them (the table the enum example creates uses it)', async () => {
    const operations = examples.flatMap(([, items]) => items);
    try {
      readSpec({ message: 'examples', operations }, await loadSqlParser());
    } catch (error) {
      const problems = error instanceof SpecError ? error.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n') : String(error);
      expect.fail(`the examples in the declarations do not read:\n${problems}`);
    }
  });
});
