import { describe, expect, it } from 'vitest';
import { checkColumnValue, type ValueUse } from '../../src/sql/default-values.js';
import { checkExpression } from '../../src/sql/expressions.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';
import { valueTarget } from '../support/value-target.js';

const parser = await loadSqlParser();
const problem = (type: string | undefined, text: string, use: ValueUse = 'default'): string | undefined => {
  const result = checkColumnValue(parser, text, type === undefined ? undefined : valueTarget(type), use);
  return 'problem' in result ? result.problem : undefined;
};

describe('checkColumnValue', () => {
  it('without a column, is checkExpression for a DEFAULT', () => {
    for (const text of ["'{}'::jsonb", 'now()', '1 + 1', 'active', '(SELECT 1)', "'a'; DROP TABLE t"]) {
      expect(checkColumnValue(parser, text, undefined, 'default'), text).toEqual(checkExpression(parser, text, 'default'));
    }
  });

  it('keeps the case of a bare word in its hint, and offers quoting only where the quoted text is of the type', () => {
    expect(problem('text', 'Active')).toBe(`refers to a column "active", which a DEFAULT cannot; if you meant the text, quote it: 'Active'`);
    expect(problem('boolean', 'yes')).toBe(`refers to a column "yes", which a DEFAULT cannot; if you meant the text, quote it: 'yes'`);
    expect(problem('integer', 'many')).toBe('refers to a column "many", which a DEFAULT cannot');
    expect(problem('text', '(Active)')).toBe(`refers to a column "active", which a DEFAULT cannot; if you meant the text, quote it: 'active'`);
    expect(problem('mood', '"HAPPY"')).toBe(`refers to a column "HAPPY", which a DEFAULT cannot; did you mean the label 'HAPPY'?`);
    expect(problem('mood', 'GLAD')).toBe(`refers to a column "glad", which a DEFAULT cannot, and 'GLAD' is not a label of mood either; its labels are 'HAPPY', 'SAD'`);
    expect(problem('timestamptz', 'now')).toBe('refers to a column "now", which a DEFAULT cannot; did you mean now()?');
  });

  it('refuses a number the integer column cannot hold, rounded as PostgreSQL rounds it', () => {
    expect(problem('integer', '2147483647.4')).toBeUndefined();
    expect(problem('integer', '2147483647.5')).toBe('2147483647.5 does not fit a column of type integer (PostgreSQL: integer out of range)');
    expect(problem('smallint', '-32768')).toBeUndefined();
    expect(problem('smallint', '-32769')).toBe('-32769 does not fit a column of type smallint (PostgreSQL: smallint out of range)');
  });

  it("judges a backfill as an UPDATE's value: a fixed moment is what a backfill means", () => {
    expect(problem('timestamptz', "'now'", 'backfill')).toBeUndefined();
    expect(problem('boolean', '0', 'backfill')).toContain('(PostgreSQL: column "c" is of type boolean but expression is of type integer)');
  });

  it("leaves to PostgreSQL what an extension's type takes", () => {
    expect(problem('citext', '0')).toBeUndefined();
    expect(problem('citext', "'x'")).toBeUndefined();
  });
});
