import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFast } from '../../src/check/python/fast-python-tree.js';
import { NotFastReadable } from '../../src/check/python/python-tokens.js';
import { loadPythonParser, type PythonParser } from '../../src/check/python/python-parser.js';
import { strictSyntaxErrors } from '../../src/check/python/strict-syntax.js';
import type { SyntaxNode, SyntaxTree } from '../../src/check/python/syntax-node.js';
import { treeSitterSyntaxTree } from '../../src/check/python/syntax-tree.js';
import { writeMigration } from '../../src/generate/write-migration.js';
import { BUILT_IN_DEFAULTS } from '../../src/spec-file/read-spec.js';
import { loadSpec } from '../../src/spec-file/load-spec.js';
import { corpus, mutatedMigrations } from '../support/mutated-migrations.js';
import { randomPythonModules } from '../support/random-python.js';
import { SPECS } from '../support/specs.js';

// check's own Python reader (src/check/python/fast-python-tree.ts) must give exactly the tree
// that tree-sitter's copy gives, or none (then tree-sitter reads the file): compared here node
// by node (type, field, range, row) on every migration the tests have, a history generate writes
// from every spec, the benchmark's hand-written migrations, the fuzz test's mutated files and
// random modules. CREATE_MIGRATION_REAL_HISTORIES=<directory> adds every .py file under it (copies
// of public projects' histories, kept outside the repository); CREATE_MIGRATION_RANDOM_MODULES
// sets how many random modules (default 3000).

const RANDOM_MODULES = Number(process.env.CREATE_MIGRATION_RANDOM_MODULES ?? 3000);
const ROOT = resolve(import.meta.dirname, '../..');

const shape = (node: SyntaxNode): unknown => [node.type, node.field, node.startIndex, node.endIndex, node.row, node.namedChildren.map(shape)];

let treeSitter: PythonParser;
beforeAll(async () => {
  treeSitter = await loadPythonParser();
});

/** The fast reader's tree, or undefined when it leaves the text to tree-sitter; any other error fails the test. */
function fastTree(text: string): SyntaxTree | undefined {
  try {
    return readFast(text);
  } catch (error) {
    if (error instanceof NotFastReadable) return undefined;
    throw error;
  }
}

/** Compares the two readers on `text`; true when the fast reader read it. */
function sameTree(text: string, where: string): boolean {
  const fast = fastTree(text);
  if (!fast) return false;
  const copied = treeSitterSyntaxTree(text, treeSitter);
  expect(copied.syntaxError, `${where}: the fast reader read a text tree-sitter finds a syntax error in`).toBeUndefined();
  expect(strictSyntaxErrors(copied.root), `${where}: the fast reader read a text Python 3 refuses`).toEqual([]);
  expect(shape(fast.root), where).toEqual(shape(copied.root));
  return true;
}

/** How many of `texts` the fast reader read, each compared with tree-sitter's tree. */
function compared(texts: readonly { readonly text: string; readonly where: string }[]): number {
  return texts.filter(({ text, where }) => sameTree(text, where)).length;
}

function pythonFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((name) => join(directory, name))
    .filter((path) => path.endsWith('.py') && statSync(path, { throwIfNoEntry: false })?.isFile());
}

describe('the fast reader builds tree-sitter’s tree, or none', () => {
  it('on tricky placements of comments, blocks, decorators, f-strings and operators, each read', () => {
    const cases = [
      'def f():\n    x()\n    # same indent\n\n# column 0\ny = 1\n',
      'def f():\n    if a:\n        x()\n# column 0\n    y()\n',
      'def f():\n    if a:\n        x()\n    # between\n    else:\n        y()\n',
      'def f():\n    if a:\n        x()  # trailing\nz = 1\n',
      'def f():\n    if a:\n        x()\n            # deeper\n  # between levels\nz = 1\n',
      'def f():\n    x()\n    # last, no newline at the end',
      'class A:\n    def f(self): return 1  # same line\n    @dec  # note\n    def g(self):\n        pass\n',
      'if a: pass\nelif b: x = 1; y = 2;\nelse:\n    pass\n',
      'x = f"a{b!r:>10}c{{d}}\\n{e.f[0]}" "plain" rb"\\x00"\n',
      'revision: str = "1"\ndown_revision: Union[str, None] = None\nbranch_labels: str | Sequence[str] | None = None\n',
      'def upgrade() -> None:\n    with op.batch_alter_table("t", schema=None) as batch_op:\n        batch_op.add_column(sa.Column("c", sa.Integer(), nullable=True))\n',
      'x = a & b ^ c | d << 1 ** -2 * ~e // f % g @ h\n',
      'y = not a in b and c is not d or e not in f < g <= h\n',
      'z = lambda a, b=1, *c, **d: a if b else [i for i in c if i for j in d] + {k: v for k, v in d.items()}\n',
      'w = f(*a, **b, c=1)[1:2, ::3, :](x for x in y)\n',
      'v = ({}, {1, 2}, {**a, "b": 1}, [*a, b], (1,), (), ((a)))\n',
      'try:\n    pass\nexcept (A, B) as e:\n    raise X from e\nexcept C:\n    raise\nelse:\n    pass\nfinally:\n    pass\n',
      'for a, b in c:\n    continue\nelse:\n    break\nwhile True:\n    del a, b\n    global g\n    assert a, "m"\n',
      'from . import a\nfrom ..b.c import (d, e as f,)\nimport g.h as i, j\nfrom __future__ import annotations\n',
      'type.x = match.y = print(exec(1)) or (type)(x).match\nif a: x = 1; match.b = 2\n',
      'x = (\n    a +  # inside brackets\n    b\n)\n',
      '@dec\n# between a decorator and its def\ndef f():\n\tpass\n'.replace('\t', '    ') + 'x =\t1  \t# tabs inside a line\n',
    ];
    cases.forEach((text, index) => expect(sameTree(text, `case ${index}:\n${text}`), `case ${index} read:\n${text}`).toBe(true));
  });

  it('on every .py file of the fixtures, the examples and the snapshots (and real histories, when named), reading most', () => {
    const files = corpus().map((text, index) => ({ text, where: `corpus file ${index}` }));
    expect(compared(files)).toBeGreaterThan(files.length * 0.9);
    const directory = process.env.CREATE_MIGRATION_REAL_HISTORIES;
    if (directory === undefined) return;
    const real = pythonFiles(directory).map((path) => ({ text: readFileSync(path, 'utf8'), where: path }));
    process.stdout.write(`real histories: ${compared(real)} of ${real.length} files read by the fast reader, each as tree-sitter reads it\n`);
  });

  describe('on a history generate writes from every spec, reading every file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'cm-fast-reader-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it('reads each', async () => {
      const versions = join(directory, 'versions');
      mkdirSync(versions);
      const settings = { cwd: directory, versions: { directories: [versions], recursive: false, source: 'the test' }, defaults: BUILT_IN_DEFAULTS };
      for (const spec of SPECS) await writeMigration(await loadSpec(spec, () => new Uint8Array()), { settings, dryRun: false, date: '2026-01-15 09:30:00.000000' });
      const files = readdirSync(versions).map((name) => ({ text: readFileSync(join(versions, name), 'utf8'), where: name }));
      expect(files).toHaveLength(SPECS.length);
      expect(compared(files)).toBe(files.length);
    });
  });

  it('on the benchmark’s hand-written migrations, reading every one', async () => {
    const { TEMPLATES, handWrittenMigration } = (await import(join(ROOT, 'bench', 'hand-written-migrations.mjs'))) as {
      TEMPLATES: unknown[];
      handWrittenMigration: (number: number, previous: string | null) => { python: string; file: string };
    };
    const files = Array.from({ length: TEMPLATES.length * 2 }, (_, index) => handWrittenMigration(index + 1, index === 0 ? null : 'abc')).map(({ python, file }) => ({ text: python, where: file }));
    expect(compared(files)).toBe(files.length);
  });

  it('on the fuzz test’s mutated migrations', () => {
    const files = mutatedMigrations(20261122, 600).map((text, index) => ({ text, where: `mutated ${index}:\n${text}` }));
    expect(compared(files)).toBeGreaterThan(60);
  });

  it(`on ${RANDOM_MODULES} random modules, reading a fair share`, () => {
    const files = randomPythonModules(20261130, RANDOM_MODULES).map((text, index) => ({ text, where: `random module ${index}:\n${text}` }));
    expect(compared(files)).toBeGreaterThan(RANDOM_MODULES * 0.1);
  });
});
