import { readStringLiteral } from './python-string-literal.js';

/**
 * Reads the module-level `revision` and `down_revision` assignments of an Alembic migration
 * without running Python: a scanner that knows Python's strings, comments, brackets and blocks
 * well enough to find the statements that start at column 0 and read their literal values
 * exactly, and to notice anything else in the module that could change those names (a second
 * assignment, `+=`, a `for` or `import` binding them, `global`, `globals()`, `exec`, `import *`).
 * When Python might end up with another value than the one read, the file is refused: a wrong
 * `down_revision` would silently break the history.
 *
 * The text must have Python's newline normalization applied (CRLF and CR read as LF).
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
type Found = { -readonly [K in (typeof KEYS)[keyof typeof KEYS]]?: Assignment };
const NAMES = new Set(['revision', 'down_revision']);
/** Module-level names through which code can set any module variable, `revision` included. */
const NAMESPACE_WRITERS = new Set(['globals', 'locals', 'vars', 'exec', 'eval', 'setattr', '__import__', 'importlib']);
/** Attributes that reach a module's namespace: `sys.modules[__name__]`, `module.__dict__`. */
const NAMESPACE_ATTRIBUTES = new Set(['modules', '__dict__']);
const WORTH_A_LOOK = /revision|globals|locals|vars|exec|eval|setattr|import|modules|__dict__|[^\x00-\x7f]/;
const IDENTIFIER = /[\p{L}\p{N}\p{M}\p{Pc}]+/gu;
const BLOCK_HEADER = /(?:async[ \t]+)?(?:def|class)\b/y;
const DECLARATION = /(?:global|nonlocal)\b/y;

interface Cursor {
  pos: number;
}

class Refusal {
  constructor(
    readonly line: number,
    readonly message: string,
  ) {}
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < pos; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

function skipSpace(text: string, cursor: Cursor, newlines: boolean): void {
  while (cursor.pos < text.length) {
    const character = text[cursor.pos]!;
    if (character === ' ' || character === '\t' || character === '\f') cursor.pos += 1;
    else if (character === '\\' && text[cursor.pos + 1] === '\n') cursor.pos += 2;
    else if (newlines && character === '\n') cursor.pos += 1;
    else if (newlines && character === '#') {
      while (cursor.pos < text.length && text[cursor.pos] !== '\n') cursor.pos += 1;
    } else break;
  }
}

/** One string, or several written side by side (`"a" "b"` is `"ab"`), exactly as Python reads them. */
function readStrings(text: string, cursor: Cursor, newlines: boolean): string | undefined {
  let value: string | undefined;
  for (;;) {
    const literal = readStringLiteral(text, cursor.pos);
    if (literal === undefined) return value;
    if ('problem' in literal) throw new Refusal(lineAt(text, cursor.pos), literal.problem);
    value = (value ?? '') + literal.value;
    cursor.pos = literal.end;
    const after = cursor.pos;
    skipSpace(text, cursor, newlines);
    if (readStringLiteral(text, cursor.pos) === undefined) {
      cursor.pos = after;
      return value;
    }
  }
}

/** None, a string, or a tuple or list of strings (a merge revision). */
function readValue(text: string, cursor: Cursor): RevisionValue | undefined {
  if (text.startsWith('None', cursor.pos) && !/[\p{L}\p{N}_]/u.test(text[cursor.pos + 4] ?? '')) {
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
      const item = readStrings(text, cursor, true);
      if (item === undefined) return undefined;
      items.push(item);
      skipSpace(text, cursor, true);
      comma = text[cursor.pos] === ',';
      if (comma) cursor.pos += 1;
      else if (text[cursor.pos] !== close) return undefined;
    }
  }
  return readStrings(text, cursor, false);
}

/** Nothing but a comment follows the value: `"a" + "b"` or `"a".upper()` is not a literal. */
function atStatementEnd(text: string, cursor: Cursor): boolean {
  skipSpace(text, cursor, false);
  const next = text[cursor.pos];
  return next === undefined || next === '\n' || next === '#';
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

/** The last character before `pos` that is not a space (continuation lines included). */
function previousCharacter(text: string, pos: number): string | undefined {
  let at = pos - 1;
  while (at >= 0 && ' \t\f\n\\'.includes(text[at]!)) at -= 1;
  return text[at];
}

const BACKSLASH = 92;
/** What the scanner must stop at: all else is skipped in one search. */
const SIGNIFICANT = /[\n#\\"'()[\]{}]/g;

/** The scanner's view of where it is: bracket depth, and the blocks (def, class) it is inside. */
interface Scope {
  depth: number;
  /** Indentation of each enclosing def or class header. */
  readonly locals: number[];
  /** The current logical line is a def/class header (its parameters are local too) or a global statement. */
  header: boolean;
  declaration: boolean;
  /** The current logical line starts with a bracket: `(revision) = ...` and `[a, revision] = ...` bind. */
  bracketed: boolean;
}

/** Measures the indentation of the line starting at `pos` the way Python does (tabs to multiples of 8). */
function indentation(text: string, pos: number): { width: number; end: number } {
  let width = 0;
  let end = pos;
  for (; end < text.length; end += 1) {
    const character = text[end];
    if (character === ' ') width += 1;
    else if (character === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else if (character === '\f') width = 0;
    else break;
  }
  return { width, end };
}

/** A logical line starts at `pos` (after its indentation): update the blocks it is inside. */
function startLogicalLine(text: string, pos: number, width: number, scope: Scope): void {
  while (scope.locals.length > 0 && scope.locals.at(-1)! >= width) scope.locals.pop();
  BLOCK_HEADER.lastIndex = pos;
  scope.header = BLOCK_HEADER.test(text);
  DECLARATION.lastIndex = pos;
  scope.declaration = DECLARATION.test(text);
  scope.bracketed = text[pos] === '(' || text[pos] === '[';
  if (scope.header) scope.locals.push(width);
}

/** Checks the identifiers of a stretch of code (no strings or comments in it) for what could rebind the targets. */
function checkCode(text: string, from: number, to: number, scope: Scope): void {
  const moduleLevel = scope.locals.length === 0 && !scope.header;
  // In a function or class body only a `global` declaration matters (the rest is local).
  if (!moduleLevel && !scope.declaration) return;
  const code = text.slice(from, to);
  if (!WORTH_A_LOOK.test(code)) return;
  if (moduleLevel && /\bimport[ \t]+\*/.test(code)) throw new Refusal(lineAt(text, from), '`import *` at module level could rebind revision or down_revision');
  for (const match of code.matchAll(IDENTIFIER)) {
    const name = /^[\x00-\x7f]*$/.test(match[0]) ? match[0] : match[0].normalize('NFKC');
    const at = from + match.index;
    const attribute = previousCharacter(text, at) === '.';
    if (NAMES.has(name)) {
      if (scope.declaration) throw new Refusal(lineAt(text, at), `declares ${name} global, so code may change it`);
      if (attribute || !moduleLevel) continue;
      // Inside brackets a name is read (a keyword argument's name is not even that), unless `:=`
      // binds it or the brackets are an assignment's target.
      const after = text.slice(at + match[0].length, at + match[0].length + 40).match(/^[ \t]*(:=)?/)![1];
      if (scope.depth > 0 && after === undefined && !scope.bracketed) continue;
      throw new Refusal(lineAt(text, at), `${name} appears again at module level, so Python may end with another value than the assignment create-migration reads`);
    }
    if (moduleLevel && (attribute ? NAMESPACE_ATTRIBUTES.has(name) : NAMESPACE_WRITERS.has(name))) {
      throw new Refusal(lineAt(text, at), `uses ${name} at module level, which could change revision or down_revision while the module loads`);
    }
  }
}

/** Reads one `revision = ...` (or down_revision, branch_labels, depends_on) statement at `pos`, if one starts there. */
function readTarget(text: string, pos: number, found: Found): number | undefined {
  TARGET.lastIndex = pos;
  const match = TARGET.exec(text);
  if (!match) return undefined;
  const cursor: Cursor = { pos: TARGET.lastIndex };
  const key = KEYS[match[1] as keyof typeof KEYS];
  const line = lineAt(text, pos);
  if (key === 'branchLabels' || key === 'dependsOn') {
    const value = literalOrUndefined(text, cursor);
    if (value === undefined || !atStatementEnd(text, cursor)) {
      // Names from elsewhere (`(cli.EXPAND_BRANCH,)`): dependencies are left unknown, and labels
      // are known by their expression, so two revisions naming the same constant share a label.
      const end = text.indexOf('\n', TARGET.lastIndex);
      const expression = text.slice(TARGET.lastIndex, end === -1 ? text.length : end).replace(/#.*$/, '').trim();
      if (key === 'branchLabels' && expression !== '') found.branchLabels = { value: [expression], line };
      return end === -1 ? text.length : end;
    }
    found[key] = { value, line };
    return cursor.pos;
  }
  const value = readValue(text, cursor);
  if (value === undefined || !atStatementEnd(text, cursor)) throw new Refusal(line, `${match[1]} must be a string literal, None, or a tuple of strings`);
  if (key === 'revision' && typeof value !== 'string') throw new Refusal(line, 'revision must be a string literal');
  const earlier = found[key];
  if (earlier) throw new Refusal(line, `${match[1]} is assigned again (first on line ${earlier.line}); Python keeps the last`);
  found[key] = { value, line };
  return cursor.pos;
}

/** A literal value, or undefined where the text is something else (a name, a call) or a literal create-migration refuses. */
function literalOrUndefined(text: string, cursor: Cursor): RevisionValue | undefined {
  try {
    return readValue(text, cursor);
  } catch (error) {
    if (error instanceof Refusal) return undefined;
    throw error;
  }
}

export function readModuleAssignments(text: string): ModuleAssignments {
  const found: Found = {};
  const scope: Scope = { depth: 0, locals: [], header: false, declaration: false, bracketed: false };
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineStart = true;
  try {
    while (pos < text.length) {
      if (lineStart && scope.depth === 0) {
        lineStart = false;
        const { width, end } = indentation(text, pos);
        const first = text[end];
        if (first !== undefined && first !== '\n' && first !== '#') {
          startLogicalLine(text, end, width, scope);
          const after = end === pos && (first === 'r' || first === 'd' || first === 'b') ? readTarget(text, pos, found) : undefined;
          if (after !== undefined) {
            pos = after;
            continue;
          }
        }
        pos = end;
        continue;
      }
      lineStart = false;
      const character = text[pos]!;
      if (character === '\n') {
        lineStart = true;
        pos += 1;
      } else if (character === '#') {
        const newline = text.indexOf('\n', pos);
        pos = newline === -1 ? text.length : newline;
      } else if (character === '\\') {
        pos += text.charCodeAt(pos + 1) === 10 ? 2 : 1;
      } else if (character === '"' || character === "'") {
        const end = stringEnd(text, pos);
        if (end === -1) break;
        pos = end;
      } else {
        if (character === '(' || character === '[' || character === '{') scope.depth += 1;
        else if ((character === ')' || character === ']' || character === '}') && scope.depth > 0) scope.depth -= 1;
        SIGNIFICANT.lastIndex = pos + 1;
        const next = SIGNIFICANT.exec(text)?.index ?? text.length;
        checkCode(text, pos, next, scope);
        pos = next;
      }
    }
  } catch (error) {
    if (error instanceof Refusal) return { ...found, problem: { line: error.line, message: error.message } };
    throw error;
  }
  return found;
}
