import { describe, expect, inject, it } from 'vitest';
import { identifierProblem, qualify, quoteIdent } from '../../src/sql/identifiers.js';
import { NON_UNRESERVED_KEYWORDS, RESERVED_KEYWORDS } from '../../src/sql/keywords.js';
import { loadSqlParser } from '../../src/sql/sql-parser.js';
import { withClient } from '../support/databases.js';

const adminUrl = inject('adminUrl');

describe('quoteIdent', () => {
  it('knows every keyword the running server would misread as an identifier', async () => {
    const serverWords = await withClient(adminUrl, async (client) => {
      const result = await client.query<{ word: string }>("SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'");
      return result.rows.map((row) => row.word);
    });
    expect(serverWords.length).toBeGreaterThan(100);
    expect(serverWords.filter((word) => !NON_UNRESERVED_KEYWORDS.has(word))).toEqual([]);
  });

  it('knows which keywords can never be a bare column reference (reserved and type/function-name ones)', async () => {
    const reserved = await withClient(adminUrl, async (client) => {
      const result = await client.query<{ word: string }>("SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T') ORDER BY word");
      return result.rows.map((row) => row.word);
    });
    expect([...RESERVED_KEYWORDS].sort()).toEqual(reserved);
  });

  it('gives back exactly the name, as PostgreSQL\'s parser reads it, for every keyword and awkward name', async () => {
    const parser = await loadSqlParser();
    const names = [
      ...NON_UNRESERVED_KEYWORDS,
      'users', 'user', 'order', 'Order', 'MixedCase', 'café', 'naïve', 'with space', 'quote"inside', '"', '$dollar', 'a$b', '_x', '9lives', 'ÀÉÎ', '表',
    ];
    for (const name of names) {
      const sql = `CREATE TABLE ${qualify('order', name)} (${quoteIdent(name)} integer)`;
      const result = parser.parse(sql);
      expect(result, sql).not.toHaveProperty('error');
      const statement = (result as { tree: { stmts: { stmt: { CreateStmt: { relation: { relname: string; schemaname: string }; tableElts: { ColumnDef: { colname: string } }[] } } }[] } }).tree.stmts[0]!.stmt.CreateStmt;
      expect(statement.relation.relname, sql).toBe(name);
      expect(statement.relation.schemaname, sql).toBe('order');
      expect(statement.tableElts[0]!.ColumnDef.colname, sql).toBe(name);
    }
  });

  it('leaves plain lowercase names bare', () => {
    expect(quoteIdent('service_accounts')).toBe('service_accounts');
    expect(quoteIdent('user')).toBe('"user"');
    expect(quoteIdent('Order')).toBe('"Order"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});

describe('identifierProblem', () => {
  it('accepts 63 bytes and refuses 64, counting UTF-8 bytes', () => {
    expect(identifierProblem('a'.repeat(63))).toBeUndefined();
    expect(identifierProblem('a'.repeat(64))).toBe('is 64 bytes long; PostgreSQL identifiers are at most 63 bytes');
    expect(identifierProblem('é'.repeat(31))).toBeUndefined();
    expect(identifierProblem('é'.repeat(32))).toMatch(/64 bytes/);
  });

  it('refuses empty names and control characters', () => {
    expect(identifierProblem('')).toBe('must not be empty');
    expect(identifierProblem('a\nb')).toBe('must not contain U+000A LINE FEED: control and invisible characters are refused in names');
    expect(identifierProblem('a\u0000')).toBe('must not contain U+0000 (a control character): control and invisible characters are refused in names');
  });

  it('refuses CR, ESC, backspace, NEL, bidirectional controls and zero-width characters, naming them', () => {
    const cases: [string, string][] = [
      ['a\rb', 'U+000D CARRIAGE RETURN'],
      ['a\u001bb', 'U+001B ESCAPE'],
      ['a\bb', 'U+0008 BACKSPACE'],
      ['a\u0085b', 'U+0085 NEXT LINE'],
      ['users\u202e', 'U+202E RIGHT-TO-LEFT OVERRIDE'],
      ['us\u2066ers', 'U+2066 LEFT-TO-RIGHT ISOLATE'],
      ['us\u200bers', 'U+200B ZERO WIDTH SPACE'],
      ['us\u200ders', 'U+200D ZERO WIDTH JOINER'],
      ['\ufeffusers', 'U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)'],
      ['a\u2028b', 'U+2028 LINE SEPARATOR'],
      ['a\u{e0001}b', 'U+E0001 (an invisible formatting character)'],
    ];
    for (const [name, described] of cases) expect(identifierProblem(name), described).toContain(`must not contain ${described}`);
    // Letters of every script stay names: only invisible and control characters are refused.
    for (const name of ['café', 'ユーザー', 'таблица', '𠮷野家', 'emoji_😀']) expect(identifierProblem(name), name).toBeUndefined();
  });
});
