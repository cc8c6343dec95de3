import { checkNameColumns, deriveName, type NamingConvention } from '../sql/derived-names.js';
import type { CheckedExpression } from '../sql/expressions.js';

// The names operations give what the spec leaves unnamed, from the team's naming patterns. The
// spec reader names objects with these, and the prompts offer the same names as defaults.

export function primaryKeyName(naming: NamingConvention, table: string, columns: readonly string[]): string {
  return deriveName(naming.primaryKey, { table, columns });
}

export function uniqueName(naming: NamingConvention, table: string, columns: readonly string[]): string {
  return deriveName(naming.unique, { table, columns });
}

/** A check constraint names the columns its expression reads. */
export function checkName(naming: NamingConvention, table: string, expression: CheckedExpression): string {
  return deriveName(naming.check, { table, columns: checkNameColumns(expression.columns, expression.text) });
}

/** The CHECK (column IS NOT NULL) that proves NOT NULL without a long exclusive lock. */
export function notNullCheckName(naming: NamingConvention, table: string, column: string): string {
  return deriveName(naming.check, { table, columns: [column, 'not_null'] });
}

export function indexName(naming: NamingConvention, table: string, columns: readonly string[]): string {
  return deriveName(naming.index, { table, columns });
}

export function foreignKeyName(naming: NamingConvention, table: string, columns: readonly string[], referredTable: string): string {
  return deriveName(naming.foreignKey, { table, columns, referredTable });
}
