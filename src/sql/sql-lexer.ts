/**
 * Just enough of PostgreSQL's lexer to know where quoted text is: '...' (with '' and, after E,
 * backslash escapes), "...", $tag$...$tag$, and comments. Used to decide whether a statement
 * may be re-indented: indenting a line that starts inside quoted text would change the text.
 */
export function hasNewlineInQuotes(sql: string): boolean {
  let i = 0;
  const isWordChar = (character: string | undefined): boolean => character !== undefined && /[A-Za-z0-9_$]/.test(character);
  const spanHasNewline = (start: number, end: number): boolean => sql.slice(start, end).includes('\n');
  while (i < sql.length) {
    const character = sql[i]!;
    if (character === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i += 1;
    } else if (character === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') (depth += 1), (i += 2);
        else if (sql[i] === '*' && sql[i + 1] === '/') (depth -= 1), (i += 2);
        else i += 1;
      }
    } else if (character === "'") {
      const escapes = /[Ee]/.test(sql[i - 1] ?? '') && !isWordChar(sql[i - 2]);
      const start = i;
      i += 1;
      while (i < sql.length) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i += 1;
      }
      if (spanHasNewline(start, i)) return true;
      i += 1;
    } else if (character === '"') {
      const start = i;
      i += 1;
      while (i < sql.length && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      if (spanHasNewline(start, i)) return true;
      i += 1;
    } else if (character === '$' && !isWordChar(sql[i - 1])) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (!tag) {
        i += 1;
        continue;
      }
      const end = sql.indexOf(tag[0], i + tag[0].length);
      const stop = end === -1 ? sql.length : end;
      if (spanHasNewline(i, stop)) return true;
      i = stop + tag[0].length;
    } else {
      i += 1;
    }
  }
  return false;
}
