import type { ColumnDef, ForeignKeyDef } from '../../src/sql/definitions.js';
import { resolveType, type PgType } from '../../src/sql/pg-types.js';

// Definitions as a spec reader would make them, for tests that call the SQL builders directly.

/** A type as a spec names it; enums and other user types by their schema and name. */
export function pgType(text: string, schema = 'public'): PgType {
  const resolved = resolveType(text, { schema, enums: new Set(), extensionTypes: [], knownEnum: () => true });
  if ('problem' in resolved) throw new Error(`test setup: type ${text}: ${resolved.problem}`);
  return resolved.type;
}

/** `simple` (default true): the default is a single term, which stands bare after DEFAULT (as the spec reader marks it). */
export function column(name: string, type: string, options: { nullable?: boolean; default?: string; simple?: boolean; primaryKey?: boolean } = {}): ColumnDef {
  return {
    name,
    type: pgType(type),
    nullable: options.nullable ?? !options.primaryKey,
    primaryKey: options.primaryKey ?? false,
    ...(options.default !== undefined && { serverDefault: { text: options.default, columns: [], simple: options.simple ?? true } }),
  };
}

export function foreignKey(name: string, columns: string[], refTable: string, refColumns: string[], actions: Pick<ForeignKeyDef, 'onDelete' | 'onUpdate'> = {}): ForeignKeyDef {
  return { name, columns, refSchema: 'public', refTable, refColumns, ...actions };
}
