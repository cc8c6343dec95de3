import { decodeUtf8 } from '../text/utf8.js';

// PEP 263: a comment on line 1 or 2 may name the file's encoding.
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 400)).toString('latin1').split(/\r\n|\r|\n/);
  const first = COOKIE.exec(head[0] ?? '');
  if (first) return first[1];
  // Line 2 counts only when line 1 is blank or a comment.
  if (/^[ \t\f]*(#.*)?$/.test(head[0] ?? '')) return COOKIE.exec(head[1] ?? '')?.[1];
  return undefined;
}

function isUtf8Name(name: string): boolean {
  const normal = name.toLowerCase().replaceAll('_', '-');
  return normal === 'utf-8' || normal === 'utf8' || normal.startsWith('utf-8-');
}

/**
 * A migration's bytes as the text Python reads, or why create-migration will not read them: a
 * file Python cannot decode (not UTF-8), or one in another encoding that holds non-ASCII bytes
 * (read as UTF-8 they would be other characters than Python sees).
 */
export function pythonSourceText(bytes: Uint8Array): { text: string } | { problem: string; line: number } {
  const decoded = decodeUtf8(bytes);
  // Only a file with non-ASCII bytes reads differently in another encoding.
  if ('problem' in decoded || NON_ASCII.test(decoded.text)) {
    const encoding = declaredEncoding(bytes);
    if (encoding !== undefined && !isUtf8Name(encoding)) {
      return { problem: `declares the encoding ${encoding} and holds non-ASCII bytes; create-migration reads migrations written in UTF-8 (or plain ASCII) only`, line: 1 };
    }
  }
  if ('problem' in decoded) return { problem: `${decoded.problem}, so Python cannot load it`, line: decoded.line };
  return decoded;
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** Python's newline handling for source: CRLF and a lone CR both end a line. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
