import { describe, expect, it } from 'vitest';
import { blankStringConstants } from '../../src/sql/blank-string-constants.js';
import { catalogLookups } from '../../src/sql/catalog-guard.js';
import { loadPgParser } from '../../src/sql/pg-parser.js';

describe('blankStringConstants', () => {
  it.each([
    ["to_regclass('migration.users_5') IS NULL", "to_regclass('') IS NULL"],
    ["conname = 'it''s' AND x = ''", "conname = '' AND x = ''"],
    ['NOT found', 'NOT found'],
  ])('blanks %j to %j', (sql, blanked) => {
    expect(blankStringConstants(sql)).toBe(blanked);
  });

  it.each([
    "x = E'a\\\\'",
    "x = U&'d\\0061'",
    "x = interval'1 day'",
    'x = $$a$$',
    'x = "quoted"',
    "x = 'a' -- '",
    "x = 'a' /* ' */",
    "x = 'unterminated",
  ])('leaves %j alone: a simple scan could misread it', (sql) => {
    expect(blankStringConstants(sql)).toBeUndefined();
  });

  it('changes nothing in the parse tree but the constants\' values (and the offsets after them)', async () => {
    const parser = await loadPgParser();
    const shape = (sql: string): string =>
      JSON.stringify(parser.parse(`SELECT ${sql}`), (key, value: unknown) => (key === 'location' ? undefined : key === 'sval' && typeof value === 'object' ? {} : value));
    for (const condition of [
      "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('s.t') AND conname = 'pk_t')",
      "to_regtype('s.mood') IS NULL AND 'a' || 'b' = 'ab'",
    ]) {
      expect(shape(blankStringConstants(condition)!)).toBe(shape(condition));
    }
  });

  it('lets catalogLookups still see the lookups of a condition it blanked', async () => {
    const parser = await loadPgParser();
    expect([...catalogLookups(parser, "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'x')")]).toEqual(['constraint']);
    expect([...catalogLookups(parser, "to_regtype('s.mood') IS NULL")]).toEqual(['type']);
    expect([...catalogLookups(parser, "'pg_class' = 'pg_class'")]).toEqual([]);
  });
});
