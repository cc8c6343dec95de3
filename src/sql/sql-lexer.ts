/**
 * Just enough of PostgreSQL's lexer to know where quoted text is: '...' (with '' and, after E,
 * backslash escapes), "...", $tag$...$tag$, comments, and the words between them.
 */
export interface SqlToken {
  /** `string` '...', `identifier` "...", `dollar` $tag$...$tag$, `comment`, `word` (a bare word or number), `other` (one character). */
  readonly kind: 'string' | 'identifier' | 'dollar' | 'comment' | 'word' | 'other';
  readonly start: number;
  readonly end: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

const isWordChar = (character: string | undefined): boolean => character !== undefined && WORD_CHAR.test(character);

/** Where the token starting at `i` ends, and its kind (whitespace is skipped by the caller). */
function tokenAt(sql: string, i: number): SqlToken {
  const character = sql[i]!;
  let end = i + 1;
  if (character === '-' && sql[i + 1] === '-') {
    while (end < sql.length && sql[end] !== '\n') end += 1;
    return { kind: 'comment', start: i, end };
  }
  if (character === '/' && sql[i + 1] === '*') {
    let depth = 1;
    end = i + 2;
    while (end < sql.length && depth > 0) {
      if (sql[end] === '/' && sql[end + 1] === '*') (depth += 1), (end += 2);
      else if (sql[end] === '*' && sql[end + 1] === '/') (depth -= 1), (end += 2);
      else end += 1;
    }
    return { kind: 'comment', start: i, end };
  }
  if (character === "'") {
    const escapes = /[Ee]/.test(sql[i - 1] ?? '') && !isWordChar(sql[i - 2]);
    while (end < sql.length) {
      if (escapes && sql[end] === '\\') end += 2;
      else if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
      else if (sql[end] === "'") break;
      else end += 1;
    }
    return { kind: 'string', start: i, end: Math.min(end + 1, sql.length) };
  }
  if (character === '"') {
    while (end < sql.length && !(sql[end] === '"' && sql[end + 1] !== '"')) end += sql[end] === '"' ? 2 : 1;
    return { kind: 'identifier', start: i, end: Math.min(end + 1, sql.length) };
  }
  if (character === '$' && !isWordChar(sql[i - 1])) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (tag) {
      const close = sql.indexOf(tag[0], i + tag[0].length);
      return { kind: 'dollar', start: i, end: close === -1 ? sql.length : close + tag[0].length };
    }
  }
  if (WORD_START.test(character) || /[0-9]/.test(character)) {
    // E'...' is one string: the E belongs to it.
    if (/[Ee]/.test(character) && sql[i + 1] === "'") return { ...tokenAt(sql, i + 1), start: i };
    while (end < sql.length && isWordChar(sql[end])) end += 1;
    return { kind: 'word', start: i, end };
  }
  return { kind: 'other', start: i, end };
}

/** The tokens of `sql`, whitespace left out. */
export function* sqlTokens(sql: string): Generator<SqlToken> {
  let i = 0;
  while (i < sql.length) {
    if (/\s/.test(sql[i]!)) {
      i += 1;
      continue;
    }
    const token = tokenAt(sql, i);
    yield token;
    i = token.end;
  }
}

/**
 * Whether a newline falls inside quoted text. Used to decide whether a statement may be
 * re-indented: indenting a line that starts inside quoted text would change the text.
 */
export function hasNewlineInQuotes(sql: string): boolean {
  for (const token of sqlTokens(sql)) {
    if (token.kind !== 'comment' && token.kind !== 'word' && token.kind !== 'other' && sql.slice(token.start, token.end).includes('\n')) return true;
  }
  return false;
}
