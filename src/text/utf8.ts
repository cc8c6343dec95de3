const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Where the first byte that is not valid UTF-8 is, for a message: its value and 1-based line. */
function firstInvalidByte(bytes: Uint8Array): { byte: number; line: number } {
  let line = 1;
  for (let at = 0; at < bytes.length; ) {
    const byte = bytes[at]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let valid = length > 0 && at + length <= bytes.length;
    for (let next = 1; valid && next < length; next += 1) valid = (bytes[at + next]! & 0xc0) === 0x80;
    if (valid && length > 1) {
      const code = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(at, at + length));
      valid = !code.includes('\ufffd');
    }
    if (!valid) return { byte, line };
    if (byte === 0x0a) line += 1;
    at += length;
  }
  return { byte: 0, line };
}

/**
 * `bytes` as text, refusing anything that is not valid UTF-8 (a byte order mark is kept): text
 * silently repaired with U+FFFD would reach the database changed.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: string; line: number } {
  try {
    return { text: STRICT.decode(bytes) };
  } catch {
    const { byte, line } = firstInvalidByte(bytes);
    const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? ' (it starts like UTF-16: save it as UTF-8)' : bytes[0] === 0xfe && bytes[1] === 0xff ? ' (it starts like UTF-16: save it as UTF-8)' : '';
    return { problem: `is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} on line ${line}${bom}`, line };
  }
}
