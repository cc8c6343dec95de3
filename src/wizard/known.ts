import { findColumn, findTable } from '../schema/model.js';
import type { PromptContext } from './validate.js';

// What the known schema (the history's specs, or the database) already says, so the wizard does
// not ask for what the operation can take from it: a dropped column's definition, an old type.

export function knownTable(context: PromptContext, table: unknown) {
  return typeof table === 'string' ? findTable(context.model, context.schema, table.trim()) : undefined;
}

export function knownColumn(context: PromptContext, table: unknown, column: unknown) {
  return typeof table === 'string' && typeof column === 'string' ? findColumn(context.model, context.schema, table.trim(), column.trim()) : undefined;
}

export function knownIndex(context: PromptContext, name: unknown) {
  return typeof name === 'string' ? context.model.schemas.get(context.schema)?.indexes.get(name.trim()) : undefined;
}

export function knownConstraint(context: PromptContext, table: unknown, name: unknown) {
  return knownTable(context, table)?.constraints.find((constraint) => constraint.name === String(name).trim());
}

/** Enum types of the migration's schema that the known schema holds. */
export function knownEnums(context: PromptContext): string[] {
  return [...(context.model.schemas.get(context.schema)?.enums.keys() ?? [])];
}

/** Tables of the migration's schema that the known schema holds, by name. */
export function knownTables(context: PromptContext): string[] {
  return [...(context.model.schemas.get(context.schema)?.tables.keys() ?? [])].sort();
}

/** Indexes of the migration's schema that the known schema holds, by name. */
export function knownIndexes(context: PromptContext): string[] {
  return [...(context.model.schemas.get(context.schema)?.indexes.keys() ?? [])].sort();
}

/** The known columns of a table, for a question that asks for some of them by name: ` (users: id, email)`. */
export function columnsHint(context: PromptContext, table: unknown): string {
  const columns = knownColumns(context, table);
  return columns.length > 0 ? ` (${String(table).trim()}: ${columns.join(', ')})` : '';
}

/** Columns of a known table, in table order. */
export function knownColumns(context: PromptContext, table: unknown): string[] {
  return knownTable(context, table)?.columns.map((column) => column.name) ?? [];
}
