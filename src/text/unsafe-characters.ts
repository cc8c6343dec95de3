/**
 * Characters that are never written raw into a generated file: control characters (CR, ESC,
 * backspace, NEL, ...), invisible formatting characters (bidirectional controls that reorder
 * what a reader sees, zero-width spaces and joiners, the byte order mark), line and paragraph
 * separators, and lone surrogates (which no UTF-8 file can hold). A raw CR inside a Python string
 * is read back as LF; the others fail ruff (PLE2502, PLE2510, PLE2513, PLE2515) or hide what the
 * file really does from the engineer reading it.
 *
 * Tab and LF are the two control characters left alone where a string may span lines.
 */
export const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
export const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const NAMES: Readonly<Record<number, string>> = {
  0x08: 'BACKSPACE',
  0x09: 'TAB',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x85: 'NEXT LINE',
  0xad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, or `U+0001 (a control character)` for those without a name here. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code];
  if (name !== undefined) return `${hex} ${name}`;
  if (/\p{Cc}/u.test(character)) return `${hex} (a control character)`;
  if (/\p{Cs}/u.test(character)) return `${hex} (half of a surrogate pair, not a character)`;
  return `${hex} (an invisible formatting character)`;
}

/** The first unsafe character of `text`, described, or undefined. */
export function firstUnsafeCharacter(text: string): string | undefined {
  const match = UNSAFE_CHARACTER.exec(text);
  return match ? describeCharacter(match[0]) : undefined;
}
