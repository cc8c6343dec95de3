import { renameColumnInDefinition } from '../sql/column-references.js';
import { checkDefinition, foreignKeyDefinition, primaryKeyDefinition, uniqueDefinition } from '../sql/ddl.js';
import type { ColumnDef, ForeignKeyDef } from '../sql/definitions.js';
import type { ColumnModel, ConstraintModel, SchemaModel, TableModel } from './model.js';
import { findTable, schemaOf } from './model.js';

// How operations change a schema model. Each operation's `apply` is made of these.

export function columnModel(column: ColumnDef): ColumnModel {
  return {
    name: column.name,
    type: column.type,
    nullable: column.nullable && !column.primaryKey,
    ...(column.serverDefault && { default: column.serverDefault.text }),
    ...(column.comment !== undefined && { comment: column.comment }),
  };
}

export function foreignKeyModel(foreignKey: ForeignKeyDef): ConstraintModel {
  return {
    name: foreignKey.name,
    kind: 'foreign_key',
    columns: foreignKey.columns,
    definition: foreignKeyDefinition(foreignKey),
    references: {
      schema: foreignKey.refSchema,
      table: foreignKey.refTable,
      columns: foreignKey.refColumns,
      ...(foreignKey.onDelete && { onDelete: foreignKey.onDelete }),
      ...(foreignKey.onUpdate && { onUpdate: foreignKey.onUpdate }),
    },
  };
}

/** The definition of a key or foreign key written anew from its columns (after a rename). */
function redefine(constraint: ConstraintModel): ConstraintModel {
  switch (constraint.kind) {
    case 'primary_key':
      return { ...constraint, definition: primaryKeyDefinition(constraint.columns) };
    case 'unique':
      return { ...constraint, definition: uniqueDefinition(constraint.columns) };
    case 'foreign_key': {
      const { schema, table, columns, onDelete, onUpdate } = constraint.references!;
      const reference = { columns: constraint.columns, refSchema: schema, refTable: table, refColumns: columns, onDelete, onUpdate };
      return { ...constraint, definition: foreignKeyDefinition(reference) };
    }
    case 'check':
      // A CHECK's expression is the user's SQL: renamed in its text (renameColumnIn).
      return constraint;
  }
}

/** The constraints a column definition brings along (its unique, check and foreign key). */
export function columnConstraints(column: ColumnDef): ConstraintModel[] {
  const constraints: ConstraintModel[] = [];
  if (column.uniqueName) constraints.push({ name: column.uniqueName, kind: 'unique', columns: [column.name], definition: uniqueDefinition([column.name]) });
  // As pg_constraint.conkey: the columns its expression refers to (it goes when one of them is dropped, and only then).
  if (column.check) constraints.push({ name: column.check.name, kind: 'check', columns: column.check.expression.columns, definition: checkDefinition(column.check.expression) });
  if (column.references) constraints.push(foreignKeyModel(column.references));
  return constraints;
}

export function primaryKeyModel(name: string, columns: readonly string[]): ConstraintModel {
  return { name, kind: 'primary_key', columns, definition: primaryKeyDefinition(columns) };
}

export function putTable(model: SchemaModel, schema: string, table: TableModel): void {
  schemaOf(model, schema).tables.set(table.name, table);
}

/** The table, created in the model when the model did not know it (a partial history). */
function tableIn(model: SchemaModel, schema: string, name: string): TableModel {
  const existing = findTable(model, schema, name);
  if (existing) return existing;
  const table: TableModel = { name, columns: [], constraints: [], partial: true };
  putTable(model, schema, table);
  return table;
}

export function addColumnTo(model: SchemaModel, schema: string, table: string, column: ColumnModel, constraints: readonly ConstraintModel[]): void {
  const target = tableIn(model, schema, table);
  target.columns = [...target.columns.filter((existing) => existing.name !== column.name), column];
  for (const constraint of constraints) addConstraintTo(model, schema, table, constraint);
}

export function addConstraintTo(model: SchemaModel, schema: string, table: string, constraint: ConstraintModel): void {
  const target = tableIn(model, schema, table);
  target.constraints = [...target.constraints.filter((existing) => existing.name !== constraint.name), constraint];
}

export function dropConstraintFrom(model: SchemaModel, schema: string, table: string, name: string): void {
  const target = findTable(model, schema, table);
  if (target) target.constraints = target.constraints.filter((constraint) => constraint.name !== name);
}

/** Dropping a column drops the constraints and indexes that use it, as PostgreSQL does. */
export function dropColumnFrom(model: SchemaModel, schema: string, table: string, column: string): void {
  const target = findTable(model, schema, table);
  if (!target) return;
  target.columns = target.columns.filter((existing) => existing.name !== column);
  target.constraints = target.constraints.filter((constraint) => !constraint.columns.includes(column));
  const indexes = schemaOf(model, schema).indexes;
  for (const [name, index] of indexes) if (index.table === table && index.columns.includes(column)) indexes.delete(name);
}

export function renameColumnIn(model: SchemaModel, schema: string, table: string, from: string, to: string): void {
  const target = findTable(model, schema, table);
  if (!target) return;
  const rename = (name: string): string => (name === from ? to : name);
  target.columns = target.columns.map((column) => (column.name === from ? { ...column, name: to } : column));
  // As PostgreSQL does on RENAME COLUMN: every constraint and index of the table names the new column.
  target.constraints = target.constraints.map((constraint) => {
    const renamed = constraint.kind === 'check' ? { ...constraint, definition: renameColumnInDefinition(constraint.definition, from, to) } : constraint;
    return renamed.columns.includes(from) ? redefine({ ...renamed, columns: renamed.columns.map(rename) }) : renamed;
  });
  for (const [name, index] of schemaOf(model, schema).indexes) {
    if (index.table === table) {
      schemaOf(model, schema).indexes.set(name, { ...index, columns: index.columns.map(rename), definition: renameColumnInDefinition(index.definition, from, to) });
    }
  }
}

export function updateColumn(model: SchemaModel, schema: string, table: string, column: string, change: (existing: ColumnModel) => ColumnModel): void {
  const target = findTable(model, schema, table);
  if (target) target.columns = target.columns.map((existing) => (existing.name === column ? change(existing) : existing));
}

export function dropTableFrom(model: SchemaModel, schema: string, table: string): void {
  const contents = schemaOf(model, schema);
  contents.tables.delete(table);
  for (const [name, index] of contents.indexes) if (index.table === table) contents.indexes.delete(name);
}
