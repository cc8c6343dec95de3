/**
 * Reads the module-level `revision` and `down_revision` assignments of an Alembic migration
 * without running Python: a scanner that knows Python's strings, comments and brackets well
 * enough to find statements that start at column 0, and reads their literal values.
 */

export type RevisionValue = string | null | readonly string[];

export interface Assignment {
  readonly value: RevisionValue;
  /** 1-based line of the assignment. */
  readonly line: number;
}

export interface ModuleAssignments {
  readonly revision?: Assignment;
  readonly downRevision?: Assignment;
  /** Why a target assignment could not be read, when it could not. */
  readonly problem?: { readonly line: number; readonly message: string };
}

const TARGET = /(revision|down_revision)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*/y;
const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y;

interface Cursor {
  pos: number;
}

function skipString(text: string, cursor: Cursor, quote: string, raw: boolean): string | undefined {
  let value = '';
  let pos = cursor.pos;
  while (pos < text.length) {
    if (text.startsWith(quote, pos)) {
      cursor.pos = pos + quote.length;
      return value;
    }
    const character = text[pos]!;
    if (character === '\n' && quote.length === 1) return undefined;
    if (character === '\\' && pos + 1 < text.length) {
      const next = text[pos + 1]!;
      value += raw ? character + next : next === 'n' ? '\n' : next === 't' ? '\t' : next === '\n' ? '' : next;
      pos += 2;
      continue;
    }
    value += character;
    pos += 1;
  }
  return undefined;
}

function readStringLiteral(text: string, cursor: Cursor): string | undefined {
  STRING_START.lastIndex = cursor.pos;
  const match = STRING_START.exec(text);
  if (!match) return undefined;
  cursor.pos = STRING_START.lastIndex;
  return skipString(text, cursor, match[2]!, /r/i.test(match[1]!));
}

function skipSpace(text: string, cursor: Cursor, newlines: boolean): void {
  while (cursor.pos < text.length) {
    const character = text[cursor.pos]!;
    if (character === ' ' || character === '\t' || (newlines && (character === '\n' || character === '\r'))) cursor.pos += 1;
    else if (newlines && character === '#') {
      while (cursor.pos < text.length && text[cursor.pos] !== '\n') cursor.pos += 1;
    } else break;
  }
}

/** None, a string, or a tuple or list of strings (a merge revision). */
function readValue(text: string, cursor: Cursor): RevisionValue | undefined {
  if (text.startsWith('None', cursor.pos) && !/\w/.test(text[cursor.pos + 4] ?? '')) {
    cursor.pos += 4;
    return null;
  }
  const open = text[cursor.pos];
  if (open === '(' || open === '[') {
    const close = open === '(' ? ')' : ']';
    cursor.pos += 1;
    const items: string[] = [];
    let comma = false;
    for (;;) {
      skipSpace(text, cursor, true);
      if (text[cursor.pos] === close) {
        cursor.pos += 1;
        // ("abc") is a parenthesized string; ("abc",) and ["abc"] are sequences.
        return open === '(' && items.length === 1 && !comma ? items[0]! : items;
      }
      const item = readStringLiteral(text, cursor);
      if (item === undefined) return undefined;
      items.push(item);
      skipSpace(text, cursor, true);
      comma = text[cursor.pos] === ',';
      if (comma) cursor.pos += 1;
      else if (text[cursor.pos] !== close) return undefined;
    }
  }
  const first = readStringLiteral(text, cursor);
  if (first === undefined) return undefined;
  return first;
}

/** Nothing but a comment follows the value: `"a" + "b"` or `"a".upper()` is not a literal. */
function atStatementEnd(text: string, cursor: Cursor): boolean {
  skipSpace(text, cursor, false);
  const next = text[cursor.pos];
  return next === undefined || next === '\n' || next === '\r' || next === '#' || next === ';';
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

export function readModuleAssignments(text: string): ModuleAssignments {
  const found: { revision?: Assignment; downRevision?: Assignment } = {};
  let depth = 0;
  let lineStart = true;
  let pos = 0;
  const cursor: Cursor = { pos: 0 };
  while (pos < text.length) {
    const character = text[pos]!;
    if (lineStart && depth === 0 && (character === 'r' || character === 'd')) {
      TARGET.lastIndex = pos;
      const match = TARGET.exec(text);
      if (match) {
        cursor.pos = TARGET.lastIndex;
        const value = readValue(text, cursor);
        const line = lineAt(text, pos);
        const key = match[1] === 'revision' ? 'revision' : 'downRevision';
        if (value === undefined || !atStatementEnd(text, cursor)) {
          return { ...found, problem: { line, message: `${match[1]} must be a string literal, None, or a tuple of strings` } };
        }
        if (key === 'revision' && typeof value !== 'string') {
          return { ...found, problem: { line, message: 'revision must be a string literal' } };
        }
        found[key] = { value, line };
        if (found.revision && found.downRevision) return found;
        pos = cursor.pos;
        lineStart = false;
        continue;
      }
    }
    lineStart = false;
    if (character === '\n') {
      lineStart = true;
      pos += 1;
    } else if (character === '#') {
      while (pos < text.length && text[pos] !== '\n') pos += 1;
    } else if (character === '\\' && text[pos + 1] === '\n') {
      pos += 2;
    } else if (character === '"' || character === "'") {
      cursor.pos = pos;
      STRING_START.lastIndex = pos;
      const match = STRING_START.exec(text)!;
      cursor.pos = STRING_START.lastIndex;
      if (skipString(text, cursor, match[2]!, false) === undefined) break;
      pos = cursor.pos;
    } else {
      if (character === '(' || character === '[' || character === '{') depth += 1;
      else if ((character === ')' || character === ']' || character === '}') && depth > 0) depth -= 1;
      pos += 1;
    }
  }
  return found;
}
