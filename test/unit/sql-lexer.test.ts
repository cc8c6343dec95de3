import { describe, expect, it } from 'vitest';
import { hasNewlineInQuotes } from '../../src/sql/sql-lexer.js';

describe('hasNewlineInQuotes', () => {
  it('finds newlines inside quoted text of every kind', () => {
    expect(hasNewlineInQuotes("SELECT 'a\nb'")).toBe(true);
    expect(hasNewlineInQuotes('SELECT "a\nb" FROM t')).toBe(true);
    expect(hasNewlineInQuotes('SELECT $$a\nb$$')).toBe(true);
    expect(hasNewlineInQuotes('SELECT $body$ x \n $body$')).toBe(true);
    expect(hasNewlineInQuotes("SELECT E'it\\'s\n'")).toBe(true);
  });

  it('ignores newlines between tokens and inside comments, and quotes that end early', () => {
    expect(hasNewlineInQuotes("SELECT 'a'\n, 'b'")).toBe(false);
    expect(hasNewlineInQuotes("SELECT 'it''s'\nFROM t")).toBe(false);
    expect(hasNewlineInQuotes("SELECT 1 -- it's\nFROM t")).toBe(false);
    expect(hasNewlineInQuotes("SELECT /* 'x\n */ 1")).toBe(false);
    expect(hasNewlineInQuotes('SELECT $1,\n$2')).toBe(false);
    expect(hasNewlineInQuotes('SELECT a$b\n, $$x$$')).toBe(false);
    expect(hasNewlineInQuotes("SELECT 'a\\'\n, 'b'")).toBe(false);
  });
});
