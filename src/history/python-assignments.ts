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
  readonly branchLabels?: Assignment;
  readonly dependsOn?: Assignment;
  /** Why a target assignment could not be read, when it could not. */
  readonly problem?: { readonly line: number; readonly message: string };
}

const TARGET = /(revision|down_revision|branch_labels|depends_on)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*/y;
const KEYS = { revision: 'revision', down_revision: 'downRevision', branch_labels: 'branchLabels', depends_on: 'dependsOn' } as const;
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
  for (let at = text.indexOf('\n'); at !== -1 && at < pos; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/** Whether the character at `pos` follows an odd run of backslashes, which escapes it. */
function escaped(text: string, pos: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(pos - 1 - backslashes) === BACKSLASH) backslashes += 1;
  return backslashes % 2 === 1;
}

/**
 * Where the string literal whose quote starts at `pos` ends (just after its closing quote), or -1
 * when it does not end: a one-quote string cut by an unescaped newline, or the text's end. A
 * backslash escapes the next character in raw strings too, as far as finding the end goes.
 */
function stringEnd(text: string, pos: number): number {
  const character = text[pos]!;
  const quote = text.startsWith(character.repeat(3), pos) ? character.repeat(3) : character;
  for (let from = pos + quote.length; ; ) {
    const close = text.indexOf(quote, from);
    const newline = quote.length === 1 ? text.indexOf('\n', from) : -1;
    if (newline !== -1 && (close === -1 || newline < close)) {
      if (!escaped(text, newline)) return -1;
      from = newline + 1;
    } else if (close === -1) {
      return -1;
    } else if (escaped(text, close)) {
      from = close + 1;
    } else {
      return close + quote.length;
    }
  }
}

const NEWLINE = 10;
const BACKSLASH = 92;
/** What the scanner must stop at: all else is skipped in one search. */
const SIGNIFICANT = /[\n#\\"'()[\]{}]/g;

export function readModuleAssignments(text: string): ModuleAssignments {
  const found: { -readonly [K in (typeof KEYS)[keyof typeof KEYS]]?: Assignment } = {};
  let depth = 0;
  let lineStart = true;
  let pos = 0;
  const cursor: Cursor = { pos: 0 };
  while (pos < text.length) {
    const character = text[pos]!;
    if (lineStart && depth === 0 && (character === 'r' || character === 'd' || character === 'b')) {
      TARGET.lastIndex = pos;
      const match = TARGET.exec(text);
      if (match) {
        cursor.pos = TARGET.lastIndex;
        const value = readValue(text, cursor);
        const line = lineAt(text, pos);
        const key = KEYS[match[1] as keyof typeof KEYS];
        if ((value === undefined || !atStatementEnd(text, cursor)) && (key === 'branchLabels' || key === 'dependsOn')) {
          // Names from elsewhere (`(cli.EXPAND_BRANCH,)`): dependencies are left unknown, and labels
          // are known by their expression, so two revisions naming the same constant share a label.
          const end = text.indexOf('\n', TARGET.lastIndex);
          const expression = text.slice(TARGET.lastIndex, end === -1 ? text.length : end).replace(/#.*$/, '').trim();
          if (key === 'branchLabels' && expression !== '') found.branchLabels = { value: [expression], line: lineAt(text, pos) };
          pos = TARGET.lastIndex;
          lineStart = false;
          continue;
        }
        if (value === undefined || !atStatementEnd(text, cursor)) {
          return { ...found, problem: { line, message: `${match[1]} must be a string literal, None, or a tuple of strings` } };
        }
        if (key === 'revision' && typeof value !== 'string') {
          return { ...found, problem: { line, message: 'revision must be a string literal' } };
        }
        found[key] = { value, line };
        if (found.revision && found.downRevision && found.branchLabels && found.dependsOn) return found;
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
      const newline = text.indexOf('\n', pos);
      pos = newline === -1 ? text.length : newline;
    } else if (character === '\\') {
      pos += text.charCodeAt(pos + 1) === NEWLINE ? 2 : 1;
    } else if (character === '"' || character === "'") {
      const end = stringEnd(text, pos);
      if (end === -1) break;
      pos = end;
    } else {
      if (character === '(' || character === '[' || character === '{') depth += 1;
      else if ((character === ')' || character === ']' || character === '}') && depth > 0) depth -= 1;
      SIGNIFICANT.lastIndex = pos + 1;
      pos = SIGNIFICANT.exec(text)?.index ?? text.length;
    }
  }
  return found;
}
