/**
 * Reads one Python string literal exactly as Python does (prefixes, every escape sequence,
 * triple quotes), or says why it will not: a value create-migration cannot be sure of is refused,
 * never guessed. Source text is expected with Python's newline normalization already applied.
 */

export type LiteralResult = { readonly value: string; readonly end: number } | { readonly problem: string };

const START = /([A-Za-z]{0,2})('''|"""|'|")/y;

/** Python's one-character escapes (`\\n`, `\\t`, ...): what each stands for in a str literal. */
export const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The escape sequence after the backslash at `pos`: its value and where it ends. */
function readEscape(text: string, pos: number): { value: string; end: number } | { problem: string } {
  const next = text[pos + 1];
  if (next === undefined) return { problem: 'a string ends in a backslash' };
  if (next === '\n') return { value: '', end: pos + 2 };
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { value: simple, end: pos + 2 };
  const octal = /^[0-7]{1,3}/.exec(text.slice(pos + 1, pos + 4));
  if (octal) return { value: String.fromCodePoint(parseInt(octal[0], 8)), end: pos + 1 + octal[0].length };
  const hexLength = HEX_LENGTH[next];
  if (hexLength !== undefined) {
    const digits = text.slice(pos + 2, pos + 2 + hexLength);
    const code = /^[0-9A-Fa-f]+$/.test(digits) && digits.length === hexLength ? parseInt(digits, 16) : Number.NaN;
    if (!(code <= 0x10ffff)) return { problem: `a string holds an invalid \\${next} escape` };
    return { value: String.fromCodePoint(code), end: pos + 2 + hexLength };
  }
  if (next === 'N') return { problem: 'a string uses a \\N{...} escape (a character by its Unicode name)' };
  // Python keeps an unknown escape as it is, backslash included.
  return { value: `\\${next}`, end: pos + 2 };
}

/** The string literal whose prefix or quote starts at `pos`, if one does. */
export function readStringLiteral(text: string, pos: number): LiteralResult | undefined {
  START.lastIndex = pos;
  const match = START.exec(text);
  if (!match) return undefined;
  const prefix = match[1]!.toLowerCase();
  const quote = match[2]!;
  if (prefix.includes('f') || prefix.includes('t')) return { problem: 'an f-string (or t-string) is built when the module runs' };
  if (prefix.includes('b')) return { problem: 'a bytes literal is not a str' };
  if (!['', 'r', 'u'].includes(prefix)) return { problem: `"${match[1]}" is not a string prefix create-migration reads` };
  const raw = prefix === 'r';
  let value = '';
  let at = START.lastIndex;
  while (at < text.length) {
    if (text.startsWith(quote, at)) return { value, end: at + quote.length };
    const character = text[at]!;
    if (character === '\n' && quote.length === 1) return { problem: 'a string is not closed on its line' };
    if (character === '\\') {
      if (raw) {
        // A raw string keeps the backslash, and the next character too (even a quote).
        if (at + 1 >= text.length) break;
        value += text.slice(at, at + 2);
        at += 2;
        continue;
      }
      const escape = readEscape(text, at);
      if ('problem' in escape) return escape;
      value += escape.value;
      at = escape.end;
      continue;
    }
    value += character;
    at += 1;
  }
  return { problem: 'a string is not closed' };
}
