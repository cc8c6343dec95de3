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
 * The single-byte encodings read here, by Python's names for them, each decoded exactly as
 * Python's codec does. WHATWG's TextDecoder is not used for these: it reads "latin-1" and
 * "ascii" as windows-1252, which maps bytes 0x80-0x9F to other characters than Python does.
 */
const LATIN_1 = new Set(['latin-1', 'latin1', 'latin', 'l1', 'iso-8859-1', 'iso8859-1', '8859', 'cp819', 'iso-ir-100']);
const ASCII = new Set(['ascii', 'us-ascii', '646']);
/** Bytes Python's cp1252 codec has no character for (WHATWG maps them to control characters). */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const CP1252 = new Set(['cp1252', 'windows-1252']);

function firstByteLine(bytes: Uint8Array, test: (byte: number) => boolean): number | undefined {
  let line = 1;
  for (const byte of bytes) {
    if (test(byte)) return line;
    if (byte === 0x0a) line += 1;
  }
  return undefined;
}

/** `bytes` in a declared encoding other than UTF-8, exactly as Python decodes them, or why not. */
function decodeDeclared(bytes: Uint8Array, declared: string): { text: string } | { problem: string; line: number } {
  const name = declared.toLowerCase().replaceAll('_', '-');
  const invalid = (line: number) => ({ problem: `is not valid ${declared}, the encoding it declares`, line });
  const asLatin1 = () => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  if (LATIN_1.has(name)) return { text: asLatin1() };
  if (ASCII.has(name)) {
    const line = firstByteLine(bytes, (byte) => byte > 0x7f);
    return line === undefined ? { text: asLatin1() } : invalid(line);
  }
  if (CP1252.has(name)) {
    const line = firstByteLine(bytes, (byte) => CP1252_UNDEFINED.has(byte));
    return line === undefined ? { text: new TextDecoder('windows-1252').decode(bytes) } : invalid(line);
  }
  return { problem: `declares the encoding ${declared}, which create-migration does not read (save it as UTF-8)`, line: 1 };
}

/**
 * A migration's bytes as the text Python reads (PEP 263: UTF-8, or the encoding a coding line
 * declares; a UTF-8 byte order mark is skipped), or why Python could not read them: a file is
 * never silently repaired, since the revision ids it holds would then differ from Alembic's.
 */
export function pythonSourceText(bytes: Uint8Array): { text: string } | { problem: string; line: number } {
  const declared = declaredEncoding(bytes);
  if (declared !== undefined && !isUtf8Name(declared)) return decodeDeclared(bytes, declared);
  const decoded = decodeUtf8(bytes);
  if ('problem' in decoded) {
    const none = declared === undefined ? ' (and declares no other encoding)' : '';
    return { problem: `${decoded.problem.replace('is not valid UTF-8', `is not valid UTF-8${none}`)}`, line: decoded.line };
  }
  return decoded.text.startsWith('\uFEFF') ? { text: decoded.text.slice(1) } : decoded;
}

/** Python's newline handling for source: CRLF and a lone CR both end a line. */
export function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
