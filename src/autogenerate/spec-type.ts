import { qualify, quoteIdent } from '../sql/identifiers.js';
import { resolveType } from '../sql/pg-types.js';
import type { Comparison, ModelType } from './comparison.js';

export type SpecType = { readonly text: string; readonly extensionType?: string } | { readonly problem: string };

/** SQL keywords and unquoted names in lower case, quoted names as they are. */
function lowerUnquoted(sql: string): string {
  return sql.replace(/"(?:[^"]|"")*"|[^"]+/g, (part) => (part.startsWith('"') ? part : part.toLowerCase()));
}

/** PostgreSQL's FLOAT(p) is real up to 24 bits of precision and double precision above. */
function floatByPrecision(sql: string): string {
  return sql.replace(/^float\s*\(\s*(\d+)\s*\)/, (_, bits: string) => (Number(bits) <= 24 ? 'real' : 'double precision'));
}

/** The type's name without modifiers or array brackets: `vector` of `vector(3)[]`. */
function baseName(sql: string): string {
  return sql.replace(/[([].*$/, '').trim();
}

/**
 * A model column's type as a spec writes it: a built-in type as the spec names it (`varchar(255)`,
 * `timestamptz`), an enum by name (schema-qualified outside the spec's schema), and any other type
 * the database has as an extension type, which the spec must then list in extension_types.
 */
export function specType(type: ModelType, schema: string, types: Comparison['types']): SpecType {
  if (type.enum) {
    const name = type.enum.schema === schema ? quoteIdent(type.enum.name) : qualify(type.enum.schema, type.enum.name);
    return { text: name + '[]'.repeat(type.array ?? 0) };
  }
  const text = floatByPrecision(lowerUnquoted(type.sql));
  const scope = { schema, enums: new Set<string>(), extensionTypes: [] as string[] };
  const builtin = resolveType(text, scope);
  if ('type' in builtin) return { text: builtin.type.sql };
  if (types[type.sql]?.exists !== true) {
    return { problem: `type ${type.sql} does not exist in the database at the history's head (an extension's type needs CREATE EXTENSION in an earlier migration)` };
  }
  const extensionType = baseName(text);
  if (!/^[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)?$/.test(extensionType)) {
    return { problem: `type ${type.sql} cannot be written in a spec (a type named in a spec is a plain name or schema.name)` };
  }
  const resolved = resolveType(text, { ...scope, extensionTypes: [extensionType] });
  return 'type' in resolved ? { text: resolved.type.sql, extensionType } : { problem: `type ${type.sql}: ${resolved.problem}` };
}
