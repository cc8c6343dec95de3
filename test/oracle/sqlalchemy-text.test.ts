import { describe, expect, inject, it } from 'vitest';
import { escapeTripleQuoted, renderExecute } from '../../src/render/python-source.js';
import { escapeForSqlalchemyText } from '../../src/render/sqlalchemy-text.js';
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
    expect(escapeTripleQuoted('a """ b \\ c')).toBe('a ""\\" b \\\\ c');
  });
});

