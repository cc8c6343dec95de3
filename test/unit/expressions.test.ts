import { describe, expect, it } from 'vitest';
import { checkExpression, type ExpressionUse } from '../../src/sql/expressions.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';

const parser = await loadSqlParser();
const check = (text: string, use: ExpressionUse = 'default') => checkExpression(parser, text, use);

describe('checkExpression', () => {
  it('accepts one expression and says whether a DEFAULT needs parentheses', () => {
    expect(check("'{}'::jsonb")).toEqual({ text: "'{}'::jsonb", columns: [], simple: true });
    expect(check('gen_random_uuid()')).toMatchObject({ simple: true });
    expect(check('CURRENT_TIMESTAMP')).toMatchObject({ simple: true });
    expect(check('-1')).toMatchObject({ simple: true });
    expect(check('1 + 1')).toMatchObject({ simple: false });
    expect(check('true AND false')).toMatchObject({ simple: false });
  });

  it('refuses anything that is not exactly one expression', () => {
    for (const text of ['true); DROP TABLE users; --', 'true; DROP TABLE users', '1, 2', '1 AS x', '1 -- trailing comment', '1 FROM users', '(1', '']) {
      expect(check(text), text).toHaveProperty('problem');
    }
    expect(check('true); DROP TABLE users; --')).toEqual({ problem: 'is not a valid SQL expression: syntax error at or near ")" at character 5' });
    expect(check("'a'; DROP TABLE users")).toEqual({ problem: 'must be one SQL expression, not several statements' });
    expect(check('1, 2')).toEqual({ problem: 'must be one SQL expression, not a list' });
    // Its comment hides the sentinel, so two targets come back either way: the second is the user's.
    expect(check('1, 2 -- c')).toEqual({ problem: 'must be one SQL expression, not a list' });
    expect(check("'é', 2 -- c")).toEqual({ problem: 'must be one SQL expression, not a list' });
    expect(check('1 AS x')).toEqual({ problem: 'must be one SQL expression without an alias (AS ...)' });
    expect(check('1 FROM users')).toEqual({ problem: 'must be one SQL expression, not a query' });
    expect(check('1 -- trailing comment')).toEqual({ problem: 'must not end in a -- comment, which would hide the SQL that follows it' });
    expect(check('1 /* a closed comment is harmless */')).toMatchObject({ simple: true });
  });

  it('refuses newlines and control characters, which re-indenting would change', () => {
    expect(check("'a\nb'")).toEqual({ problem: 'must be a single line without control characters (tabs, newlines)' });
  });

  it('refuses what PostgreSQL refuses where the expression is used', () => {
    expect(check('active')).toEqual({ problem: `refers to a column "active", which a DEFAULT cannot; if you meant the text, quote it: 'active'` });
    expect(check('(SELECT 1)', 'check')).toEqual({ problem: 'cannot contain a subquery: PostgreSQL does not allow one in a CHECK constraint' });
    expect(check('id IN (SELECT id FROM t)', 'predicate')).toHaveProperty('problem');
  });

  it('lists the columns a CHECK or predicate reads, in order', () => {
    expect(check("status IN ('a') OR other_col IS NULL OR status = ''", 'check')).toMatchObject({ columns: ['status', 'other_col'] });
  });
});
