import { describe, expect, inject, it } from 'vitest';
import { escapeForSqlalchemyText, wordClass } from '../../src/render/sqlalchemy-text.js';
import { renderExecute, tripleQuoted } from '../../src/render/python-source.js';
import { pythonJson } from '../support/python-run.js';

const python = inject('python');

const AWKWARD_SQL = [
  "SELECT ':name'",
  "SELECT ' :name '",
  "SELECT 'a:b', 'x :y:z'",
  "SELECT '{}'::jsonb, now()::date",
  "SELECT '\\:already', '\\\\:double'",
  "SELECT ':$x', ' :é'",
  "SELECT ':'",
  "SELECT ':1', ' :_'",
  "SELECT '100%', '%s', '%(name)s'",
  "SELECT '\"\"\"', '\"\"\"\"', '\\'",
  "SELECT 'ends with backslash \\'",
  "SELECT $$ :x $$",
  'SELECT "a:b" FROM t',
  "SELECT 1\n  -- :comment\n, 2",
];

// Extracts each op.execute() argument from a module with Python's own parser, and compiles it
// with SQLAlchemy's text() the way Alembic does online (psycopg2) and offline (named paramstyle).

const ORACLE = `
import ast, json, sys, textwrap
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import psycopg2
source = json.load(sys.stdin)
tree = ast.parse(source)
out = []
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "execute":
        sql = node.args[0].value
        clause = text(sql)
        named = str(clause.compile(dialect=psycopg2.dialect(paramstyle="named")))
        online = str(clause.compile(dialect=psycopg2.dialect()))
        # The triple-quoted form indents the statement for the reader; PostgreSQL ignores that.
        unindent = lambda s: textwrap.dedent(s).strip()
        out.append({"named": unindent(named), "online": unindent(online.replace("%%", "%"))})
print(json.dumps(out))
`;

describe('escaping for Python strings and SQLAlchemy text()', () => {
  it('round-trips every awkward statement through real Python and SQLAlchemy unchanged, with no bind parameters', () => {
    const module = AWKWARD_SQL.map((sql) => renderExecute(sql, 0)).join('\n');
    const compiled = pythonJson<{ named: string; online: string }[]>(python, ORACLE, `from alembic import op\n${module}\n`);
    // Offline mode (named paramstyle) prints the statement as PostgreSQL will receive it...
    expect(compiled.map((entry) => entry.named)).toEqual(AWKWARD_SQL);
    // ...and online (psycopg2's pyformat) a bound :name would have become %(name)s.
    expect(compiled.map((entry) => entry.online)).toEqual(AWKWARD_SQL);
  });

  it('escapes only colons that text() would read as parameters or escapes', () => {
    expect(escapeForSqlalchemyText("'{}'::jsonb")).toBe("'{}'::jsonb");
    expect(escapeForSqlalchemyText("' :name'")).toBe("' \\:name'");
    expect(escapeForSqlalchemyText("'a:b'")).toBe("'a:b'");
    expect(escapeForSqlalchemyText("'\\:x'")).toBe("'\\\\:x'");
  });

  it('keeps triple quotes and backslashes inside a triple-quoted Python string', () => {
    expect(tripleQuoted('a """ b \\ c')).toBe('a ""\\" b \\\\ c');
  });
});


// Every general category of Unicode, astral planes included: sample characters of each, put next
// to a colon in every position that matters to SQLAlchemy's patterns, rendered, and compiled by
// the real text() of the suite's SQLAlchemy. The statement PostgreSQL would receive must be the
// one the spec said; where Python versions disagree (a letter newer than Unicode 13.0) the tool
// must refuse rather than guess.
const CATEGORIES = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'Sm', 'Sc', 'Sk', 'So', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Co', 'Cn'];

function samplesOf(category: string): string[] {
  const pattern = new RegExp(`^\\p{gc=${category}}$`, 'u');
  const bmp: number[] = [];
  const astral: number[] = [];
  for (let code = 0; code <= 0x10ffff; code += code < 0x10000 ? 1 : 7) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if (!pattern.test(String.fromCodePoint(code))) continue;
    (code < 0x10000 ? bmp : astral).push(code);
  }
  // First, last and a spread of the middle of each plane's members: deterministic, no seed needed.
  const spread = (codes: number[]): number[] => (codes.length <= 6 ? codes : [0, 1, 2, 3, 4, 5].map((step) => codes[Math.floor((step * (codes.length - 1)) / 5)]!));
  return [...spread(bmp), ...spread(astral)].map((code) => String.fromCodePoint(code));
}

const SHAPES = [(x: string) => `SELECT ':${x}'`, (x: string) => `SELECT 'a:${x}'`, (x: string) => `SELECT ' :a${x} '`, (x: string) => `SELECT ' :a${x}: '`, (x: string) => `SELECT '${x}:a '`, (x: string) => `SELECT ' :${x}a '`, (x: string) => `SELECT '\\:${x} '`, (x: string) => `SELECT ' :${x}: '`, (x: string) => `SELECT '${x}:${x}:${x}'`];

const WORD_SET = `
import json, re, sys
word = re.compile(r"[\\w$]")
ranges, start = [], None
for code in range(0x110001):
    inside = code < 0x110000 and not 0xD800 <= code <= 0xDFFF and word.match(chr(code)) is not None
    if inside and start is None: start = code
    if not inside and start is not None: ranges.append([start, code - 1]); start = None
import unicodedata
print(json.dumps({"ranges": ranges, "unicode": unicodedata.unidata_version}))
`;

describe('what text() reads as a bind parameter, for every Unicode category', () => {
  it("agrees with this Python's \\w on every code point: never 'word' where it is not one, never 'other' where it is", () => {
    const { ranges } = pythonJson<{ ranges: [number, number][] }>(python, WORD_SET, null);
    const pythonWord = new Set<number>();
    for (const [from, to] of ranges) for (let code = from; code <= to; code += 1) pythonWord.add(code);
    const wrong: string[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ours = wordClass(String.fromCodePoint(code));
      if (pythonWord.has(code) ? ours === 'other' : ours === 'word') wrong.push(`U+${code.toString(16)} ${ours}`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('renders each category next to a colon so that real SQLAlchemy hands PostgreSQL exactly the statement', () => {
    const rendered: string[] = [];
    const expected: string[] = [];
    const refused: string[] = [];
    for (const category of CATEGORIES) {
      for (const character of samplesOf(category)) {
        for (const shape of SHAPES) {
          const sql = shape(character);
          try {
            rendered.push(renderExecute(sql, 0));
            expected.push(sql);
          } catch (error) {
            // Only a character whose meaning differs between Python versions may be refused.
            expect(wordClass(character), `${(error as Error).message}`).toBe('either');
            refused.push(sql);
          }
        }
      }
    }
    const module = rendered.join('\n');
    const compiled = pythonJson<{ named: string; online: string }[]>(python, ORACLE, `from alembic import op\n${module}\n`);
    expect(compiled.map((entry) => entry.named)).toEqual(expected);
    expect(compiled.map((entry) => entry.online)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1500);
    expect(refused.length).toBeLessThan(expected.length / 10);
  });

  it('reads an astral letter after a colon as one character (the 𠮷 of 𠮷野家 is a word character)', () => {
    expect(escapeForSqlalchemyText("COMMENT ON TABLE t IS 'name :𠮷野家'")).toBe("COMMENT ON TABLE t IS 'name \\:𠮷野家'");
    expect(escapeForSqlalchemyText("SELECT 'tag :ab𝐱: end'")).toBe("SELECT 'tag :ab𝐱: end'");
  });
});
