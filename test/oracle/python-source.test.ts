import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { comment, pythonString, tripleQuoted } from '../../src/render/python-source.js';
import { lintDefault } from '../fuzz/lint-default.js';
import { pythonJson } from '../support/python-run.js';

const python = inject('python');

// Every value that reaches a generated file goes through these three writers: whatever it
// holds, Python must read back exactly it, no comment may grow a second line, and ruff (default
// rules and format) must find nothing to say.
const VALUES = [
  'plain',
  'say "hi"',
  "it's",
  `both " and '`,
  '"leading quote',
  'trailing quote"',
  '"""',
  '""""',
  '\\',
  'ends in a backslash \\',
  'line1\r\nline2',
  'bare\rcarriage return',
  'esc \x1b[31m red',
  'back\bspace',
  'nul \x00 and del \x7f',
  'next line \x85 here',
  'rtl \u202e override \u2066 isolate',
  'zero\u200bwidth\u200djoiner\ufeffbom',
  'line\u2028separator\u2029paragraph',
  'tag \u{e0001} astral format',
  'astral letters 𠮷野家 𝐱 😀',
  'tab\tinside',
  '\nnewline at the start and end\n',
];

const READ_BACK = `
import ast, json, sys, tokenize, io
source = sys.stdin.read()
tree = ast.parse(source)
values = {}
for node in tree.body:
    if isinstance(node, ast.Assign):
        values[node.targets[0].id] = node.value.value
comments = [token.string for token in tokenize.generate_tokens(io.StringIO(source).readline) if token.type == tokenize.COMMENT]
print(json.dumps({"values": values, "comments": comments}))
`;

describe('the one writer of text into Python source', () => {
  it('writes every hostile value so that Python reads back exactly it, and ruff finds nothing', () => {
    const lines = VALUES.flatMap((value, index) => [`# ${comment(value)}`, `s${index} = ${pythonString(value)}`, `t${index} = """${tripleQuoted(value)}"""`]);
    const source = `${lines.join('\n')}\n`;
    const read = pythonJson<{ values: Record<string, string>; comments: string[] }>(python, READ_BACK.replace('sys.stdin.read()', 'json.load(sys.stdin)'), source);
    for (const [index, value] of VALUES.entries()) {
      expect(read.values[`s${index}`], `pythonString(${JSON.stringify(value)})`).toBe(value);
      expect(read.values[`t${index}`], `tripleQuoted(${JSON.stringify(value)})`).toBe(value);
    }
    // One comment per value, each on its own line: nothing ended one early or began code.
    expect(read.comments).toHaveLength(VALUES.length);
    const directory = mkdtempSync(join(tmpdir(), 'cm-python-source-'));
    writeFileSync(join(directory, 'values.py'), source);
    expect(lintDefault(python, [join(directory, 'values.py')])).toEqual([]);
  });

  it('quotes a one-line literal as ruff format does', () => {
    expect(pythonString('abc')).toBe('"abc"');
    expect(pythonString('say "hi"')).toBe(`'say "hi"'`);
    expect(pythonString(`a "b" "c" 'd'`)).toBe(`'a "b" "c" \\'d\\''`);
    expect(pythonString(`'a' "b"`)).toBe(`"'a' \\"b\\""`);
  });
});
