import { CreateMigrationError } from '../errors.js';
import { NEWER_WORD_RANGES } from './unicode-newer-words.js';

// Alembic passes a string given to op.execute() through sqlalchemy.text(), which reads `:name`
// as a bind parameter. This module is the one place that decides what text() will read, after
// SQLAlchemy's own patterns (sqlalchemy.sql.compiler):
//   BIND_PARAMS     (?<![:\w\$\x5c]):([\w\$]+)(?![:\w\$])
//   BIND_PARAMS_ESC \x5c(:[\w\$]*)(?![:\w\$])
// A colon is a parameter when it follows no colon, word character or backslash and starts a run
// of word characters that no colon follows; a backslash before a colon whose run no colon
// follows is removed when the statement is compiled.
//
// Python's \w is "a letter or number" of the Unicode version that Python was built with: 13.0 in
// Python 3.9 and 3.10, 14.0 in 3.11, 15.0 in 3.12, and so on. A letter added after 13.0, or a code
// point unassigned today, is a word character for some Pythons and not for others. Text is read
// code point by code point (an astral letter is one character, not two halves).

type WordClass = 'word' | 'other' | 'either';

const ASCII_WORD = /^[A-Za-z0-9_$]$/;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const UNASSIGNED = /^\p{Cn}$/u;

function isNewerWord(code: number): boolean {
  let low = 0;
  let high = NEWER_WORD_RANGES.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [from, to] = NEWER_WORD_RANGES[middle]!;
    if (code < from) high = middle - 1;
    else if (code > to) low = middle + 1;
    else return true;
  }
  return false;
}

/** Whether every supported Python's \w (with `$`) matches `character`, none does, or it depends on the Python. */
export function wordClass(character: string | undefined): WordClass {
  if (character === undefined) return 'other';
  const code = character.codePointAt(0)!;
  if (code < 0x80) return ASCII_WORD.test(character) ? 'word' : 'other';
  if (UNASSIGNED.test(character)) return 'either';
  if (!LETTER_OR_NUMBER.test(character)) return 'other';
  return isNewerWord(code) ? 'either' : 'word';
}

/** Whether text() on some Python would bind or unescape the colon at `at`, and whether escaping it is wrong on another. */
function colonReading(characters: readonly string[], at: number): { escape: boolean; conflict: boolean } {
  const before = characters[at - 1];
  let end = at + 1;
  let eitherInside = false;
  while (end < characters.length && wordClass(characters[end]) !== 'other') {
    if (end > at + 1 && wordClass(characters[end]) === 'either') eitherInside = true;
    end += 1;
  }
  const mayBind = before !== ':' && before !== '\\' && wordClass(before) !== 'word';
  if (characters[end] !== ':') {
    // No reading has a colon after the run: an escape is removed again wherever it is not needed.
    return { escape: before === '\\' || (end > at + 1 && mayBind), conflict: false };
  }
  // Read with every character as a word, the run ends at a colon (nothing binds, an escape would
  // stay); a Python that does not know a character inside the run cuts it there instead.
  const firstEither = characters.slice(at + 1, end).some((character) => wordClass(character) === 'either');
  return { escape: false, conflict: firstEither && (before === '\\' || (eitherInside && mayBind)) };
}

/** Escapes `sql` so that text() neither binds nor alters any of it, on every supported Python. */
export function escapeForSqlalchemyText(sql: string): string {
  if (!sql.includes(':')) return sql;
  const characters = [...sql];
  let out = '';
  for (const [index, character] of characters.entries()) {
    if (character === ':') {
      const reading = colonReading(characters, index);
      if (reading.conflict) {
        const context = characters.slice(Math.max(0, index - 10), index + 12).join('');
        throw new CreateMigrationError(
          `the SQL ${JSON.stringify(context)} has a ":" that SQLAlchemy's text() reads as a bind parameter on some Python versions and not on others (it holds a letter newer than Unicode 13.0, or an unassigned one); put a space after the colon or write the text another way`,
        );
      }
      if (reading.escape) out += '\\';
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
