import { firstUnsafeCharacter } from '../text/unsafe-characters.js';
import { NON_UNRESERVED_KEYWORDS } from './keywords.js';

/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes; we refuse instead of truncating. */
export const MAX_IDENTIFIER_BYTES = 63;

const BARE = /^[a-z_][a-z0-9_$]*$/;

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Why `name` cannot be a PostgreSQL identifier, or undefined when it can. */
export function identifierProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  // CR, ESC, bidirectional controls, zero-width spaces: in a name they are a paste accident or an
  // attack (a name that reads as another), never something a schema needs.
  const unsafe = firstUnsafeCharacter(name);
  if (unsafe !== undefined) return `must not contain ${unsafe}: control and invisible characters are refused in names`;
  const bytes = byteLength(name);
  if (bytes > MAX_IDENTIFIER_BYTES) {
    return `is ${bytes} bytes long; PostgreSQL identifiers are at most ${MAX_IDENTIFIER_BYTES} bytes`;
  }
  return undefined;
}

/** Quotes an identifier only where PostgreSQL needs it: keywords, capitals, other characters. */
export function quoteIdent(name: string): string {
  if (BARE.test(name) && !NON_UNRESERVED_KEYWORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name`, each part quoted as needed. */
export function qualify(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
