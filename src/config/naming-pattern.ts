import { NAMING_PLACEHOLDERS, type NamingConvention } from '../sql/derived-names.js';

/** The configuration's key for each derived name, and the placeholders that keep those names apart. */
export const NAMING_KEYS: Readonly<Record<string, { readonly key: keyof NamingConvention; readonly needs: readonly string[] }>> = {
  primary_key: { key: 'primaryKey', needs: ['table'] },
  unique: { key: 'unique', needs: ['table', 'columns'] },
  check: { key: 'check', needs: ['table', 'columns'] },
  index: { key: 'index', needs: ['table', 'columns'] },
  foreign_key: { key: 'foreignKey', needs: ['table', 'columns'] },
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Why `pattern` cannot name the objects of `configKey`, or undefined. A pattern without
 * `{columns}` would give two indexes of one table the same name, and the second `IF NOT EXISTS`
 * would then silently create nothing, so the placeholders that keep names apart are required.
 */
export function namingPatternProblem(configKey: string, pattern: string): string | undefined {
  if (CONTROL.test(pattern)) return 'must not contain control characters';
  const used = [...pattern.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]!);
  const unknown = used.find((name) => !(NAMING_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown !== undefined) return `{${unknown}} is not a placeholder; use ${NAMING_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`;
  if (/[{}]/.test(pattern.replace(/\{[a-z_]+\}/g, ''))) return 'has an unmatched { or }';
  if (used.includes('referred_table') && configKey !== 'foreign_key') return '{referred_table} is only known for foreign keys';
  const missing = NAMING_KEYS[configKey]!.needs.filter((name) => !used.includes(name));
  if (missing.length > 0) {
    return `must contain ${missing.map((name) => `{${name}}`).join(' and ')}, or two ${configKey.replace('_', ' ')} names would be the same`;
  }
  return undefined;
}
