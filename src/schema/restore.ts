import { addConstraintSafely, dropInvalidIndex, keyConstraint, type ConstraintToAdd } from '../sql/constraints.js';
import { tableName } from '../sql/ddl.js';
import type { ColumnDef, ResolvedForms } from '../sql/definitions.js';
import { lockOn, statementSafety } from '../sql/lock-facts.js';
import type { Statement } from '../sql/statement.js';
import type { ColumnModel, ConstraintModel, IndexModel, TableModel } from './model.js';

// Re-creating what a drop removes, from what the schema model knows of it: the downgrades of
// drop_column, drop_table, drop_index and drop_constraint when the spec does not repeat it.

/** Constraints and indexes to re-create after a column or table, as the model knows them. */
export interface Restore {
  readonly constraints: readonly ConstraintModel[];
  readonly indexes: readonly IndexModel[];
}

const ORDER: Readonly<Record<ConstraintModel['kind'], number>> = { primary_key: 0, unique: 1, check: 2, foreign_key: 3 };

/** A column definition from the model; its default is parenthesized, since its form is unknown. */
export function columnFromModel(column: ColumnModel): ColumnDef {
  return {
    name: column.name,
    type: column.type,
    nullable: column.nullable,
    primaryKey: false,
    ...(column.default !== undefined && { serverDefault: { text: column.default, columns: [], simple: false } }),
    ...(column.comment !== undefined && { comment: column.comment }),
  };
}

/** The constraints and indexes of `table` that involve one of `columns` (all of them when undefined). */
export function restoreFor(table: TableModel, indexes: Iterable<IndexModel>, columns?: readonly string[]): Restore {
  const involved = (used: readonly string[]): boolean => columns === undefined || used.some((name) => columns.includes(name));
  return {
    constraints: table.constraints.filter((constraint) => involved(constraint.columns)).sort((a, b) => ORDER[a.kind] - ORDER[b.kind]),
    indexes: [...indexes].filter((index) => index.table === table.name && involved(index.columns)),
  };
}

/**
 * CREATE INDEX from a stored definition (`CREATE [UNIQUE] INDEX IF NOT EXISTS name ON ...`); with
 * `concurrently`, built concurrently after dropping an INVALID leftover, as create_index does.
 */
export function indexFromDefinition(index: IndexModel, schema: string, concurrently: boolean): Statement[] {
  const table = tableName(schema, index.table);
  if (!concurrently) return [{ sql: index.definition, plpgsql: `${index.definition};`, locks: [lockOn(table, statementSafety('IndexStmt', 'plain'))] }];
  const sql = index.definition.replace(/^CREATE (UNIQUE )?INDEX IF NOT EXISTS /, 'CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ');
  return [
    dropInvalidIndex(schema, index.name, table),
    { sql, autocommit: true, locks: [lockOn(table, statementSafety('IndexStmt', 'concurrently'))], why: 'Build it without blocking writes (outside the transaction: CONCURRENTLY needs that)' },
  ];
}

/** A constraint of the model as the safe forms add it: a key from its columns when its definition is just them. */
export function constraintToAdd(constraint: ConstraintModel): ConstraintToAdd {
  if (constraint.kind === 'unique' || constraint.kind === 'primary_key') {
    const key = keyConstraint(constraint.name, constraint.kind, constraint.columns);
    return key.definition === constraint.definition ? key : { name: constraint.name, sort: constraint.kind, definition: constraint.definition };
  }
  const references = constraint.references ? { references: tableName(constraint.references.schema, constraint.references.table) } : {};
  return { name: constraint.name, sort: constraint.kind, definition: constraint.definition, ...references };
}

/** The constraints and indexes of `restore` re-created on `table`, in the forms resolved for it. */
export function restoreStatements(restore: Restore | undefined, schema: string, table: string, forms: ResolvedForms): Statement[] {
  if (!restore) return [];
  return [
    ...restore.constraints.flatMap((constraint) => addConstraintSafely(schema, table, constraintToAdd(constraint), forms)),
    ...restore.indexes.flatMap((index) => indexFromDefinition(index, schema, forms.concurrently)),
  ];
}
