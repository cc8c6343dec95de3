import { quoteIdent } from './identifiers.js';
import { RESERVED_KEYWORDS } from './keywords.js';
import { sqlTokens, type SqlToken } from './sql-lexer.js';

// A column renamed after an index or CHECK was defined: the definitions the schema model keeps
// must name the new column, as PostgreSQL's own stored definitions do after RENAME COLUMN.

/** The name an identifier token stands for: a bare word folded to lower case, a quoted one as written. */
function identifierName(sql: string, token: SqlToken): string | undefined {
  const text = sql.slice(token.start, token.end);
  if (token.kind === 'identifier') return text.slice(1, -1).replaceAll('""', '"');
  if (token.kind === 'word' && !/^[0-9]/.test(text)) {
    const folded = text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
    return RESERVED_KEYWORDS.has(folded) ? undefined : folded;
  }
  return undefined;
}

const textOf = (sql: string, token: SqlToken | undefined): string => (token ? sql.slice(token.start, token.end) : '');

/**
 * `sql` (an expression, or the part of a definition that holds expressions) with every reference
 * to column `from` renamed `to`: identifiers outside quotes and comments that name it, except a
 * function's name (followed by `(`), a type's (after `::`) and a part of a qualified name.
 * `skip` tokens at the start are left alone (an index's method after USING).
 */
export function renameColumnReferences(sql: string, from: string, to: string, skip = 0): string {
  const tokens = [...sqlTokens(sql)].filter((token) => token.kind !== 'comment');
  let renamed = '';
  let copied = 0;
  tokens.forEach((token, index) => {
    if (index < skip || identifierName(sql, token) !== from) return;
    const before = textOf(sql, tokens[index - 1]);
    const beforeThat = textOf(sql, tokens[index - 2]);
    const after = textOf(sql, tokens[index + 1]);
    if (after === '(' || after === '.' || before === '.' || (before === ':' && beforeThat === ':')) return;
    renamed += sql.slice(copied, token.start) + quoteIdent(to);
    copied = token.end;
  });
  return renamed + sql.slice(copied);
}

/**
 * A stored index or CHECK definition with column `from` renamed `to`: only its expressions are
 * rewritten (after USING and the method of an index, after CHECK of a constraint), never the
 * index's or table's name.
 */
export function renameColumnInDefinition(definition: string, from: string, to: string): string {
  for (const token of sqlTokens(definition)) {
    if (token.kind !== 'word') continue;
    const word = definition.slice(token.start, token.end).toUpperCase();
    if (word === 'USING' || word === 'CHECK') {
      const rest = definition.slice(token.end);
      return definition.slice(0, token.end) + renameColumnReferences(rest, from, to, word === 'USING' ? 1 : 0);
    }
  }
  return definition;
}
