import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../src/check/python/python-parser.js';
import { INTERPOLATED, staticString } from '../../src/check/python/string-literal.js';
import { copyTree } from '../../src/check/python/syntax-node.js';
import { escapeForSqlalchemyText, sqlOfSqlalchemyText } from '../../src/render/sqlalchemy-text.js';

async function firstExpression(source: string) {
  const parser = await loadPythonParser();
  const tree = parser.parse(source);
  try {
    return copyTree(tree, source).root.namedChild(0)!.namedChild(0)!;
  } finally {
    tree.delete();
  }
}

describe('staticString', () => {
  it.each([
    [String.raw`"a\tb\\c\"d\x41\u00e9\101"`, 'a\tb\\c"dAéA'],
    [String.raw`r"\d+\n"`, String.raw`\d+\n`],
    [`'one' "two" 'three'`, 'onetwothree'],
    [`("paren")`, 'paren'],
    ['"""line one\\\nstill one\nline two"""', 'line onestill one\nline two'],
  ])('reads %s', async (source, value) => {
    expect(staticString(await firstExpression(source))?.value).toBe(value);
  });

  it('reads f-strings, .format() and % with a stand-in for what only run time knows, and lists it', async () => {
    for (const source of ['f"CREATE TABLE {name} ()"', '"CREATE TABLE {} ()".format(name)', '"CREATE TABLE %s ()" % name', '"CREATE TABLE %(t)s ()" % {"t": name}']) {
      const text = staticString(await firstExpression(source))!;
      expect(text.value, source).toBe(`CREATE TABLE ${INTERPOLATED} ()`);
      expect(text.interpolated, source).toHaveLength(1);
    }
    expect(staticString(await firstExpression('f"{{literal}} {a!r:>3}"'))).toMatchObject({ value: `{literal} ${INTERPOLATED}`, interpolated: ['a'] });
  });

  it('fills in what a constant of the file gives, exactly', async () => {
    const constants = new Map([['SCHEMA', { value: 'app', lineOf: () => 1 }]]);
    const resolve = (node: { type: string; text: string }) => (node.type === 'identifier' ? constants.get(node.text) : undefined);
    for (const source of ['f"CREATE TABLE {SCHEMA}.t ()"', '"CREATE TABLE {}.t ()".format(SCHEMA)', '"CREATE TABLE %s.t ()" % SCHEMA']) {
      const text = staticString(await firstExpression(source), resolve)!;
      expect(text.value, source).toBe('CREATE TABLE app.t ()');
      expect(text.interpolated, source).toBeUndefined();
    }
  });

  it('keeps the source line of every character after a replacement', async () => {
    const text = staticString(await firstExpression('f"""one {x}\ntwo {y}\nthree"""'))!;
    expect(text.lineOf(text.value.indexOf('three'))).toBe(3);
  });

  it('knows the source line of every character, across continuations and concatenations', async () => {
    const text = staticString(await firstExpression('(\n    "first\\n"\n    """second\nthird\\\nfourth"""\n)'))!;
    expect(text.value).toBe('first\nsecond\nthirdfourth');
    expect([0, 6, 13, 18].map((offset) => text.lineOf(offset))).toEqual([2, 3, 4, 5]);
  });
});

describe('sqlOfSqlalchemyText', () => {
  it('undoes escapeForSqlalchemyText, so check parses the SQL the generator meant', () => {
    for (const sql of ["SELECT ':name', a::text, '\\:x'", "COMMENT ON COLUMN t.c IS 'at 10:30'", 'SELECT 1']) {
      expect(sqlOfSqlalchemyText(escapeForSqlalchemyText(sql))).toBe(sql);
    }
  });

  it('turns bind parameters into placeholders PostgreSQL can parse', () => {
    expect(sqlOfSqlalchemyText("UPDATE t SET a = :new WHERE b = :old AND c = '{}'::jsonb")).toBe("UPDATE t SET a = $1 WHERE b = $1 AND c = '{}'::jsonb");
  });
});
