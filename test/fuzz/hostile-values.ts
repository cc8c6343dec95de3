import fc from 'fast-check';

// Values an attacker, a paste accident or a strange locale puts in a spec: each fragment once
// broke (or could break) a string, a comment, text()'s bind parameters, a derived name, a
// dollar-quoted block, the terminal, or the bytes PostgreSQL receives.
export const FRAGMENTS = [
  '"""', '"', "'", "''", '\\', '\\\\', '\\:x', '\r\n', '\r', '\n', '\t', '\x1b[31m', '\b', '\x00', '\x7f', '\x85',
  '\u202e', '\u2066', '\u200b', '\u200d', '\ufeff', '\u2028', '\u{e0001}', ':name', ' :a:', ':𠮷野家', ':ab𝐱:', '::text', ':\u{2ebf0}',
  '$$', '$tag$', '$&', "$'", '$`', '%s', '%(x)s', '{}', '{table}', '--', '/*', '*/', ';', 'é', 'ß', '𝐱', '😀', ' ', '.inf', 'null', 'True',
  "'); DROP TABLE users; --", '__proto__', 'import os', '#', '\u00a0',
] as const;

/** A string built of hostile fragments and arbitrary text. */
export const hostileText = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'grapheme' }) }), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));

/** Text PostgreSQL can store: no NUL, at most 63 bytes for a label. */
export const storableText = hostileText.map((text) => text.replaceAll('\x00', '')).filter((text) => text.length > 0);
export const label = storableText.filter((text) => Buffer.byteLength(text) <= 63);

/** Mostly valid names, sometimes hostile ones (which must be refused or quoted, never break the file). */
export const identifier = fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/) }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: fc.constantFrom('user', 'order', 'Select', 'a b', 'x"y', '$&x', "t$'") });

/** SQL text as a string literal: what the spec said must be what PostgreSQL stores. */
export const quoted = (text: string): string => `'${text.replaceAll("'", "''")}'`;
