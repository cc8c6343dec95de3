// Alembic passes a string given to op.execute() through sqlalchemy.text(), which reads `:name`
// as a bind parameter. These mirror SQLAlchemy's own patterns (sqlalchemy.sql.compiler
// BIND_PARAMS and BIND_PARAMS_ESC): a colon is a parameter when it follows no colon, word
// character or backslash and starts a run of word characters that no colon follows. A
// backslash before such a colon is removed again when the statement is compiled.
const WORD = /[\p{L}\p{N}_$]/u;

function runEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && WORD.test(text[end]!)) end += 1;
  return end;
}

/** Escapes `sql` so that text() neither binds nor alters any of it. */
export function escapeForSqlalchemyText(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; i += 1) {
    const character = sql[i]!;
    if (character === ':') {
      const end = runEnd(sql, i + 1);
      const runIsFree = sql[end] !== ':';
      const before = i > 0 ? sql[i - 1]! : '';
      const isParameter = runIsFree && end > i + 1 && before !== ':' && before !== '\\' && !WORD.test(before);
      const escapeWouldBeEaten = runIsFree && before === '\\';
      if (isParameter || escapeWouldBeEaten) out += '\\';
    }
    out += character;
  }
  return out;
}

const BIND_PARAMETER = /(?<![:\p{L}\p{N}_$\\]):([\p{L}\p{N}_$]+)(?![:\p{L}\p{N}_$])/gu;
const ESCAPED_COLON = /\\(:[\p{L}\p{N}_$]*)(?![:\p{L}\p{N}_$])/gu;

/**
 * The SQL PostgreSQL receives for `text(value)`: escaped colons lose their backslash, and each
 * bind parameter becomes a placeholder (`$1`), so the statement can be parsed as it will run.
 */
export function sqlOfSqlalchemyText(value: string): string {
  return value.replace(BIND_PARAMETER, '$$1').replace(ESCAPED_COLON, '$1');
}
