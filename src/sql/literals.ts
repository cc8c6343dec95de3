// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A SQL string literal. standard_conforming_strings has been on by default since PostgreSQL 9.1,
 * so backslashes are ordinary characters and only quotes are doubled. Text with control
 * characters becomes an escape string (E'...'), so generated SQL stays on one line.
 */
export function quoteLiteral(text: string): string {
  if (!CONTROL.test(text)) return `'${text.replaceAll("'", "''")}'`;
  const escaped = [...text]
    .map((character) => {
      if (character === '\\') return '\\\\';
      if (character === "'") return "''";
      const code = character.codePointAt(0)!;
      if (code === 10) return '\\n';
      if (code === 9) return '\\t';
      if (code === 13) return '\\r';
      if (code < 32 || code === 127) return `\\x${code.toString(16).padStart(2, '0')}`;
      return character;
    })
    .join('');
  return `E'${escaped}'`;
}
