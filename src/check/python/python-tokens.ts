// The tokens of a migration's Python for the fast reader (fast-python-tree.ts), placed where
// tree-sitter's Python grammar places them, so that the tree built from them is tree-sitter's,
// node for node. tree-sitter's external scanner decides three things a plain tokenizer would not:
// - a NEWLINE comes after the line's comment (`x()  # note`), so a block or decorator ending on
//   that line ends after the comment;
// - a block ends (DEDENT) after the comment lines that follow it at its own indentation or deeper,
//   before the first one indented less (see dedentTo);
// - comments elsewhere are nodes of their own, which copyTree leaves out: they change nothing else.
// Whatever this does not read exactly as tree-sitter does throws NotFastReadable, and tree-sitter
// reads the file instead: tabs or form feeds in indentation, carriage returns, NUL characters, a
// backslash line continuation, a line inside brackets indented less than its block, names outside
// ASCII, Python 2 numbers and string prefixes, t-strings, raw f-strings with backslashes, and
// f-strings whose fields hold strings, comments, braces, backslashes, newlines or `=`.

/** This file (or this part of it) is for tree-sitter to read. */
export class NotFastReadable extends Error {}

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'end';

/** An escape inside an f-string's literal text: `\n` (escape_sequence) or `{{` (escape_interpolation). */
export interface FStringEscape {
  readonly type: 'escape_sequence' | 'escape_interpolation';
  readonly start: number;
  readonly end: number;
  readonly row: number;
}

/** A run of an f-string's literal text (string_content), or one of its `{...}` fields (interpolation). */
export type FStringPart =
  | { readonly kind: 'content'; readonly start: number; readonly end: number; readonly row: number; readonly escapes: readonly FStringEscape[] }
  | {
      readonly kind: 'interpolation';
      readonly start: number;
      readonly end: number;
      readonly row: number;
      /** The field's expression, tokenized as if in brackets, ending with an `end` token. */
      readonly tokens: readonly Token[];
      readonly conversion?: { readonly start: number; readonly end: number };
      readonly spec?: { readonly start: number; readonly end: number };
    };

export interface FString {
  /** Where string_start ends: after the prefix and the opening quotes. */
  readonly bodyStart: number;
  /** Where string_end starts. */
  readonly bodyEnd: number;
  readonly endRow: number;
  readonly parts: readonly FStringPart[];
}

export interface Token {
  readonly kind: TokenKind;
  /** A name's, number's or operator's text; '' for the others. */
  readonly text: string;
  /** NEWLINE and DEDENT are empty, at the place tree-sitter puts them. */
  readonly start: number;
  readonly end: number;
  /** 0-based row of `start`. */
  readonly row: number;
  /** A number's node type. */
  readonly float: boolean;
  readonly fstring: FString | undefined;
}

export interface Tokens {
  readonly tokens: Token[];
  /** Where the module node starts: the first token or comment. */
  readonly moduleStart: number;
  readonly moduleRow: number;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const FF = 12;
const HASH = 35;
const BACKSLASH = 92;
const QUOTE = 39;
const DOUBLE_QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Classes of the ASCII characters, by code: a table read costs less than a call in code not yet optimized. */
const NAME_START = 1;
const DIGIT = 2;
const CLASSES = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const character = String.fromCharCode(code);
  if (/[A-Za-z_]/.test(character)) CLASSES[code] = NAME_START;
  else if (/[0-9]/.test(character)) CLASSES[code] = DIGIT;
}
/** The class of a code unit (NaN past the end, and anything outside ASCII, is 0). */
const classOf = (code: number): number => CLASSES[code] ?? 0;
const isDigit = (code: number): boolean => classOf(code) === DIGIT;
const isNameChar = (code: number): boolean => classOf(code) !== 0;
const isHex = (code: number): boolean => isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);

/** Python 3's string prefixes, which tree-sitter's scanner reads the same way (t-strings aside). */
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

/** Operators, longest first within each leading character. */
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...',
  '->', '**', '//', '>>', '<<', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=',
  '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '@', '=', '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>',
];
/** The operators by the code of their first character, longest first. */
const OPERATORS_BY_FIRST: (readonly string[] | undefined)[] = [];
for (const operator of OPERATORS) OPERATORS_BY_FIRST[operator.charCodeAt(0)] = [...(OPERATORS_BY_FIRST[operator.charCodeAt(0)] ?? []), operator];

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

/** tree-sitter-python's escape_sequence, after its backslash. */
const ESCAPE = /u[a-fA-F\d]{4}|U[a-fA-F\d]{8}|x[a-fA-F\d]{2}|\d{1,3}|\n|['"abfrntv\\]|N\{[^}]+\}/y;

class Scanner {
  private pos: number;
  private row: number;
  private depth = 0;
  /** The indentation of each open block, outermost first. */
  private readonly indents = [0];
  /** Where the last token (or a comment after it on its line) ends: where NEWLINE and DEDENT go. */
  private lastEnd = 0;
  readonly tokens: Token[] = [];

  constructor(
    private readonly source: string,
    from: number,
    row: number,
    private readonly limit: number,
  ) {
    this.pos = from;
    this.row = row;
  }

  private push(kind: TokenKind, text: string, start: number, end: number, row = this.row, float = false, fstring: FString | undefined = undefined): void {
    // Every token has every field, in one order: one shape for the parser's property reads.
    this.tokens.push({ kind, text, start, end, row, float, fstring });
    if (kind !== 'newline' && kind !== 'dedent' && kind !== 'indent') this.lastEnd = end;
  }

  /** The whole module: logical lines, indentation, and tree-sitter's placing of NEWLINE and DEDENT. */
  module(): Tokens {
    const { source, limit, indents } = this;
    /** Comment lines since the last logical line: they may extend the blocks that end before the next. */
    let comments: { indent: number; end: number }[] = [];
    let moduleStart = -1;
    let moduleRow = 0;
    // tree-sitter's scanner ends a block (DEDENT) when the next line of code is indented less than
    // the block and so is the next comment line, if one comes first; else that comment is read
    // into the block, and the next one decides.
    const dedentTo = (indent: number): void => {
      let at = this.lastEnd;
      let next = 0;
      for (;;) {
        const current = indents.at(-1)!;
        const comment = comments[next];
        if (indent < current && (comment === undefined || comment.indent < current)) {
          indents.pop();
          this.push('dedent', '', at, at);
        } else if (comment !== undefined) {
          at = comment.end;
          next += 1;
        } else {
          break;
        }
      }
      if (indent !== indents.at(-1)) throw new NotFastReadable('a dedent to no enclosing indentation');
    };
    for (;;) {
      // At the start of a line outside brackets: its indentation.
      let indent = 0;
      let at = this.pos;
      while (at < limit && source.charCodeAt(at) === SPACE) {
        indent += 1;
        at += 1;
      }
      if (at >= limit) break;
      const code = source.charCodeAt(at);
      if (code === TAB || code === FF || code === CR) throw new NotFastReadable('tabs, form feeds or carriage returns at the start of a line');
      if (code === LF) {
        this.pos = at + 1;
        this.row += 1;
        continue;
      }
      if (moduleStart < 0) {
        moduleStart = at;
        moduleRow = this.row;
      }
      if (code === HASH) {
        const end = this.lineEnd(at);
        comments.push({ indent, end });
        this.pos = end;
        continue;
      }
      if (this.tokens.length === 0) {
        if (indent !== 0) throw new NotFastReadable('an indented first line');
      } else if (indent > indents.at(-1)!) {
        indents.push(indent);
        this.push('indent', '', at, at);
      } else {
        dedentTo(indent);
      }
      comments = [];
      this.pos = at;
      this.line();
      if (this.depth !== 0) throw new NotFastReadable('an unclosed bracket');
    }
    dedentTo(0);
    this.push('end', '', limit, limit);
    if (moduleStart < 0) throw new NotFastReadable('a module without statements');
    return { tokens: this.tokens, moduleStart, moduleRow };
  }

  /** The tokens of an f-string field's expression: as inside brackets, newlines are only space. */
  bracketed(): Token[] {
    this.depth = 1;
    this.line();
    if (this.pos < this.limit || this.depth !== 1) throw new NotFastReadable('an f-string field this reader does not split');
    this.push('end', '', this.limit, this.limit);
    return this.tokens;
  }

  private lineEnd(from: number): number {
    const end = this.source.indexOf('\n', from);
    const stop = end < 0 || end > this.limit ? this.limit : end;
    if (this.source.lastIndexOf('\r', stop) >= from) throw new NotFastReadable('a carriage return in a comment');
    return stop;
  }

  /** Tokens up to the end of the logical line (its NEWLINE included), or to the limit. */
  private line(): void {
    const { source, limit } = this;
    while (this.pos < limit) {
      const start = this.pos;
      const code = source.charCodeAt(start);
      const kind = CLASSES[code] ?? 0;
      if (kind === NAME_START) {
        this.name(start);
      } else if (code === SPACE || code === TAB) {
        let at = start + 1;
        for (let next = source.charCodeAt(at); next === SPACE || next === TAB; next = source.charCodeAt(at)) at += 1;
        this.pos = at;
      } else if (code === LF) {
        this.pos += 1;
        if (this.depth === 0) {
          this.push('newline', '', this.lastEnd, this.lastEnd);
          this.row += 1;
          return;
        }
        this.row += 1;
        this.continuationLine();
      } else if (code === HASH) {
        // A comment after the line's last token moves its NEWLINE after it; inside brackets it changes nothing.
        const end = this.lineEnd(start);
        if (this.depth === 0) this.lastEnd = end;
        this.pos = end;
      } else if (kind === DIGIT || (code === 46 && isDigit(source.charCodeAt(start + 1)))) {
        this.number(start);
      } else if (code === QUOTE || code === DOUBLE_QUOTE) {
        this.string(start, start, '');
      } else {
        this.operator(start);
      }
    }
    if (this.depth === 0 && this.tokens.length > 0 && this.tokens.at(-1)!.kind !== 'newline') this.push('newline', '', this.lastEnd, this.lastEnd);
  }

  /**
   * A line that continues inside brackets. tree-sitter's scanner may end the enclosing block there
   * (a DEDENT, then a syntax error) when the line is indented less than the block: not read here.
   */
  private continuationLine(): void {
    let at = this.pos;
    while (this.source.charCodeAt(at) === SPACE) at += 1;
    const code = this.source.charCodeAt(at);
    if (at < this.limit && code !== LF && at - this.pos < this.indents.at(-1)!) throw new NotFastReadable('a line inside brackets indented less than its block');
  }

  private name(start: number): void {
    const { source } = this;
    let end = start + 1;
    while ((CLASSES[source.charCodeAt(end)] ?? 0) !== 0) end += 1;
    const next = source.charCodeAt(end);
    if (next >= 0x80 || next === BACKSLASH) throw new NotFastReadable('a name outside ASCII, or a line continuation');
    const text = source.slice(start, end);
    if (next === QUOTE || next === DOUBLE_QUOTE) {
      if (!STRING_PREFIXES.has(text.toLowerCase())) throw new NotFastReadable(`the string prefix ${text}`);
      this.string(start, end, text.toLowerCase());
      return;
    }
    this.pos = end;
    this.push('name', text, start, end);
  }

  private digits(from: number): number {
    let at = from;
    if (!isDigit(this.source.charCodeAt(at))) return at;
    while (isDigit(this.source.charCodeAt(at)) || (this.source.charCodeAt(at) === 95 && isDigit(this.source.charCodeAt(at + 1)))) at += 1;
    return at;
  }

  private number(start: number): void {
    const { source } = this;
    let at = start;
    let float = false;
    const radix = source.charCodeAt(start) === 48 ? source[start + 1]?.toLowerCase() : undefined;
    if (radix === 'x' || radix === 'o' || radix === 'b') {
      at = start + 2;
      const valid = radix === 'x' ? isHex : radix === 'o' ? (code: number) => code >= 48 && code <= 55 : (code: number) => code === 48 || code === 49;
      if (!valid(source.charCodeAt(at))) throw new NotFastReadable('a number without digits');
      while (valid(source.charCodeAt(at)) || (source.charCodeAt(at) === 95 && valid(source.charCodeAt(at + 1)))) at += 1;
    } else {
      at = this.digits(start);
      const integerEnd = at;
      if (source.charCodeAt(at) === 46) {
        float = true;
        at = this.digits(at + 1);
      }
      const e = source.charCodeAt(at);
      if (e === 101 || e === 69) {
        const sign = source.charCodeAt(at + 1);
        const first = sign === 43 || sign === 45 ? at + 2 : at + 1;
        if (!isDigit(source.charCodeAt(first))) throw new NotFastReadable('an exponent without digits');
        float = true;
        at = this.digits(first);
      }
      if (!float && integerEnd - start > 1 && source.charCodeAt(start) === 48) throw new NotFastReadable('a Python 2 octal number');
      const j = source.charCodeAt(at);
      if (j === 106 || j === 74) at += 1;
    }
    const after = source.charCodeAt(at);
    if (isNameChar(after) || after === 46 || after >= 0x80) throw new NotFastReadable('a number followed by a name or a dot');
    this.pos = at;
    this.push('number', source.slice(start, at), start, at, this.row, float);
  }

  private operator(start: number): void {
    const { source } = this;
    let operator: string | undefined;
    const candidates = OPERATORS_BY_FIRST[source.charCodeAt(start)] ?? [];
    for (let index = 0; index < candidates.length; index += 1) {
      if (source.startsWith(candidates[index]!, start)) {
        operator = candidates[index];
        break;
      }
    }
    if (operator === undefined) throw new NotFastReadable(`the character ${JSON.stringify(source[start])}`);
    if (OPENING.has(operator)) this.depth += 1;
    else if (CLOSING.has(operator)) {
      this.depth -= 1;
      if (this.depth < 0) throw new NotFastReadable('an unmatched closing bracket');
    }
    this.pos = start + operator.length;
    this.push('op', operator, start, this.pos);
  }

  /** A string literal from its prefix at `start` and its quote at `quoteAt`. */
  private string(start: number, quoteAt: number, prefix: string): void {
    const { source } = this;
    const quote = source.charCodeAt(quoteAt);
    const triple = source.charCodeAt(quoteAt + 1) === quote && source.charCodeAt(quoteAt + 2) === quote;
    const bodyStart = quoteAt + (triple ? 3 : 1);
    const raw = prefix.includes('r');
    const format = prefix.includes('f');
    const startRow = this.row;
    const parts: FStringPart[] = [];
    let escapes: FStringEscape[] = [];
    let contentStart = bodyStart;
    let contentRow = this.row;
    const endContent = (at: number): void => {
      if (at > contentStart) parts.push({ kind: 'content', start: contentStart, end: at, row: contentRow, escapes });
      escapes = [];
    };
    let at = bodyStart;
    for (;;) {
      if (at >= this.limit) throw new NotFastReadable('an unterminated string');
      const code = source.charCodeAt(at);
      if (code === BACKSLASH) {
        const next = source.charCodeAt(at + 1);
        if (next === CR) throw new NotFastReadable('a carriage return in a string');
        if (next === LF) this.row += 1;
        if (format && !raw) {
          if (next === OPEN_BRACE || next === CLOSE_BRACE) throw new NotFastReadable('a backslash before a brace in an f-string');
          ESCAPE.lastIndex = at + 1;
          // Not an escape: the backslash alone, and what follows is read as text.
          if (!ESCAPE.test(source)) at += 1;
          else {
            escapes.push({ type: 'escape_sequence', start: at, end: ESCAPE.lastIndex, row: next === LF ? this.row - 1 : this.row });
            at = ESCAPE.lastIndex;
          }
        } else if (format) {
          // tree-sitter's scanner counts no text for a raw f-string's backslash, which puts a run of
          // only backslashes into the next token: not read here.
          throw new NotFastReadable('a backslash in a raw f-string');
        } else {
          at += 2;
        }
        continue;
      }
      if (code === LF) {
        if (!triple) throw new NotFastReadable('a newline in a one-line string');
        this.row += 1;
        at += 1;
        continue;
      }
      if (code === CR) throw new NotFastReadable('a carriage return in a string');
      if (code === quote && (!triple || (source.charCodeAt(at + 1) === quote && source.charCodeAt(at + 2) === quote))) break;
      if (format && (code === OPEN_BRACE || code === CLOSE_BRACE)) {
        if (source.charCodeAt(at + 1) === code) {
          escapes.push({ type: 'escape_interpolation', start: at, end: at + 2, row: this.row });
          at += 2;
          continue;
        }
        if (code === CLOSE_BRACE) throw new NotFastReadable('a single } in an f-string');
        endContent(at);
        at = this.field(at, parts);
        contentStart = at;
        contentRow = this.row;
        continue;
      }
      at += 1;
    }
    endContent(at);
    const end = at + (triple ? 3 : 1);
    this.pos = end;
    const fstring = format ? { bodyStart, bodyEnd: at, endRow: this.row, parts } : undefined;
    this.push('string', '', start, end, startRow, false, fstring);
  }

  /** An f-string field `{expression!r:spec}` at `open`; returns where it ends. */
  private field(open: number, parts: FStringPart[]): number {
    const { source } = this;
    const row = this.row;
    let depth = 0;
    let at = open + 1;
    let expressionEnd = -1;
    let conversion: { start: number; end: number } | undefined;
    let spec: { start: number; end: number } | undefined;
    for (;;) {
      if (at >= this.limit) throw new NotFastReadable('an unterminated f-string field');
      const character = source[at]!;
      if (character === '"' || character === "'" || character === '\\' || character === '#' || character === '{' || character === '\r') throw new NotFastReadable('an f-string field this reader does not read');
      if (character === '\n') {
        throw new NotFastReadable('a newline in an f-string field');
      } else if (character === '(' || character === '[') {
        depth += 1;
      } else if (character === ')' || character === ']') {
        depth -= 1;
        if (depth < 0) throw new NotFastReadable('an unmatched bracket in an f-string field');
      } else if (depth === 0 && (character === '}' || character === ':' || character === '!' || character === '=')) {
        if (character === '=' || (character === '!' && source[at + 1] === '=')) {
          // `==`, `!=`, `<=`, `>=` are comparisons; a lone `=` (the debugging form `{x=}`) is not read here.
          const before = source[at - 1];
          if (character === '=' && source[at + 1] !== '=' && !'=!<>'.includes(before ?? '')) throw new NotFastReadable('an f-string field with =');
          at += character === '!' ? 2 : 1;
          continue;
        }
        expressionEnd = at;
        if (character === '!') {
          if (!/[a-z]/.test(source[at + 1] ?? '') || !':}'.includes(source[at + 2] ?? '')) throw new NotFastReadable('an f-string conversion this reader does not read');
          conversion = { start: at, end: at + 2 };
          at += 2;
        }
        if (source[at] === ':') {
          const close = source.indexOf('}', at);
          if (close < 0 || /[{\n'"\\\r]/.test(source.slice(at, close))) throw new NotFastReadable('an f-string format this reader does not read');
          spec = { start: at, end: close };
          at = close;
        }
        break;
      }
      at += 1;
    }
    if (source.slice(open + 1, expressionEnd).trim() === '') throw new NotFastReadable('an empty f-string field');
    const tokens = new Scanner(source, open + 1, row, expressionEnd).bracketed();
    parts.push({ kind: 'interpolation', start: open, end: at + 1, row, tokens, ...(conversion && { conversion }), ...(spec && { spec }) });
    return at + 1;
  }
}

/** The module's tokens, or NotFastReadable. */
export function pythonTokens(source: string): Tokens {
  // tree-sitter reads a NUL as the end of the text, and lone surrogates its own way.
  if (source.includes('\0') || !(source as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new NotFastReadable('a NUL character or a lone surrogate');
  return new Scanner(source, 0, 0, source.length).module();
}
