import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { pythonJson } from '../support/python-run.js';
import { fuzzCase } from './cases.js';
import { lintDefault } from './lint-default.js';
import { runCase } from './run-case.js';

// Property-based: random specs (hostile values, broken structure, bytes that are not a spec),
// random histories and random filesystem states, each run through `generate` as the bin runs it.
// A few hundred cases per `npm test` with a fixed seed; `npm run fuzz` runs FUZZ_CASES (10,000)
// with FUZZ_SEED (random unless given). fast-check prints the seed and the smallest failing case.

const python = inject('python');
const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20251122);

interface Written {
  readonly root: string;
  readonly file: string;
  readonly revision: string;
}

/** Each history as real Alembic loads it: its heads. */
const HEADS = `
import json, sys
from alembic.script import ScriptDirectory
out = {}
for root in json.load(sys.stdin):
    try:
        out[root] = sorted(ScriptDirectory(root).get_heads())
    except Exception as error:
        out[root] = ["error: %s: %s" % (type(error).__name__, error)]
print(json.dumps(out))
`;

describe(`fuzz: ${CASES} generated cases, seed ${SEED}`, () => {
  it('exits 0, 1 or 2 with no stack trace; writes nothing on refusal; writes one clean file that keeps the history one chain', async () => {
    const written: Written[] = [];
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (testCase) => {
        const outcome = await runCase(testCase);
        const context = `stderr: ${outcome.stderr.slice(0, 2000)}`;
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
        expect([0, 1, 2], context).toContain(outcome.code);
        expect(outcome.stderr, context).not.toMatch(/internal error|\n\s+at |Maximum call stack/);
        // A run leaves no lock or temporary file; one that took the lock also removed a dead run's.
        expect(outcome.leftovers.filter((name) => !outcome.dotFilesBefore.includes(name)), `${context}\nno new lock or temporary file may stay behind`).toEqual([]);
        if (outcome.code === 0 && !testCase.dryRun) expect(outcome.leftovers, context).toEqual([]);
        const added = Object.keys(outcome.after).filter((name) => !(name in outcome.before));
        if (outcome.code !== 0 || testCase.dryRun) {
          expect(outcome.after, `${context}\nnothing may change on refusal or a dry run`).toEqual(outcome.before);
          return;
        }
        expect(added, context).toHaveLength(1);
        expect(Object.keys(outcome.before).every((name) => outcome.after[name] === outcome.before[name]), 'no existing file changes').toBe(true);
        written.push({ root: outcome.root, file: join(outcome.versions, added[0]!), revision: added[0]!.replace(/\.py$/, '') });
      }),
      { numRuns: CASES, seed: SEED, endOnFailure: true },
    );
    console.info(`fuzz: ${CASES} cases, seed ${SEED}; exits ${JSON.stringify(Object.fromEntries([...codes].sort()))}; ${written.length} files written`);
    // The runs must reach every outcome, or the generators test less than they seem to.
    expect([...codes.keys()].sort()).toEqual([0, 1, 2]);
    expect(written.length).toBeGreaterThan(CASES / 20);

    expect(lintDefault(python, written.map((entry) => entry.file))).toEqual([]);
    const heads = pythonJson<Record<string, string[]>>(python, HEADS, written.map((entry) => entry.root));
    const wrong = written.filter((entry) => JSON.stringify(heads[entry.root]) !== JSON.stringify([entry.revision]));
    expect(wrong.map((entry) => `${entry.root}: ${JSON.stringify(heads[entry.root])}`)).toEqual([]);
  });
});
