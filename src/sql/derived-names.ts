import { createHash } from 'node:crypto';
import { byteLength, MAX_IDENTIFIER_BYTES } from './identifiers.js';

/** Patterns for the names the tool derives; `{table}`, `{columns}` and `{referred_table}` are filled in. */
export interface NamingConvention {
  readonly primaryKey: string;
  readonly unique: string;
  readonly check: string;
  readonly index: string;
  readonly foreignKey: string;
}

export const DEFAULT_NAMING: NamingConvention = {
  primaryKey: 'pk_{table}',
  unique: 'uq_{table}_{columns}',
  check: 'ck_{table}_{columns}',
  index: 'ix_{table}_{columns}',
  foreignKey: 'fk_{table}_{columns}_{referred_table}',
};

export const NAMING_PLACEHOLDERS = ['table', 'columns', 'referred_table'] as const;

const HASH_LENGTH = 8;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  let result = '';
  for (const character of text) {
    if (byteLength(result + character) > maxBytes) break;
    result += character;
  }
  return result;
}

/**
 * A derived name that PostgreSQL will store unchanged: names longer than 63 bytes are cut and
 * end in a short hash of the whole name, so two long names that share a prefix stay distinct.
 */
export function fitIdentifier(name: string): string {
  if (byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  const head = cutToBytes(name, MAX_IDENTIFIER_BYTES - HASH_LENGTH - 1).replace(/_+$/, '');
  return `${head}_${shortHash(name)}`;
}

export interface NameParts {
  readonly table: string;
  readonly columns?: readonly string[];
  readonly referredTable?: string;
}

export function deriveName(pattern: string, parts: NameParts): string {
  // Replacer functions, not strings: a name holding `$&` or `$'` is text, not a replacement pattern.
  const filled = pattern
    .replaceAll('{table}', () => parts.table)
    .replaceAll('{columns}', () => (parts.columns ?? []).join('_'))
    .replaceAll('{referred_table}', () => parts.referredTable ?? '');
  return fitIdentifier(filled);
}

/** A check constraint names the columns it reads; one that reads none is named by its text. */
export function checkNameColumns(columns: readonly string[], expression: string): readonly string[] {
  return columns.length > 0 ? columns : [shortHash(expression)];
}
