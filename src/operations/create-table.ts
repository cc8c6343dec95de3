import type { FieldsNode } from '../fields/fields-node.js';
import { list, name, optional, record, text } from '../fields/kinds.js';
import { columnConstraints, columnModel, primaryKeyModel, putTable } from '../schema/changes.js';
import type { IndexModel, TableModel } from '../schema/model.js';
import { constraintToAdd, indexFromDefinition, type Restore } from '../schema/restore.js';
import { addConstraintSafely, constraintsOfColumn, keyConstraint, type ColumnConstraint } from '../sql/constraints.js';
import { indexShapeOf } from '../sql/constraint-shapes.js';
import { columnDefinition, commentOnColumn, commentOnTable, dropTableStatement, tableName } from '../sql/ddl.js';
import type { ColumnDef } from '../sql/definitions.js';
import { qualify } from '../sql/identifiers.js';
import { checkShape, constraintShapeChecks, expectIndex } from '../sql/shape-checks.js';
import { completeTable } from '../sql/shape-completion.js';
import type { Statement } from '../sql/statement.js';
import { columnClaims, indexBacked, relation } from './claims.js';
import { COLUMN_FIELDS, readColumn } from './column.js';
import { primaryKeyName as keyName } from './default-names.js';
import { expectNoRelation } from './expectations.js';
import { changedLater, formsOn, newTableContext, type RenderContext } from './model.js';
import type { OperationKind, ParseContext } from './operation-kind.js';

export interface CreateTable {
  readonly op: 'create_table';
  readonly table: string;
  readonly columns: readonly ColumnDef[];
  /** The PRIMARY KEY constraint's name, when any column is part of the key. */
  readonly primaryKeyName?: string;
  readonly comment?: string;
}

/** A table's fields: create_table's, and drop_table's (whose downgrade re-creates it). */
export const TABLE_FIELDS = {
  table: name('table', { creates: true }),
  columns: list(record(COLUMN_FIELDS)),
  comment: optional(text()),
};

/** Reads `table`, `columns` and `comment`: shared by create_table and drop_table (which re-creates it). */
export function readTableDefinition(node: FieldsNode<typeof TABLE_FIELDS>, context: ParseContext): CreateTable | undefined {
  const table = node.read('table');
  const comment = node.read('comment');
  const items = node.records('columns');
  const columns: ColumnDef[] = [];
  for (const item of items ?? []) {
    const column = readColumn(item, table, context);
    if (column === undefined) continue;
    if (columns.some((other) => other.name === column.name)) {
      item.field('name').problem(`column "${column.name}" is defined twice`);
    }
    columns.push(column);
  }
  if (table === undefined || items === undefined || columns.length !== items.length) return undefined;
  const keyColumns = columns.filter((column) => column.primaryKey).map((column) => column.name);
  const primaryKeyName = keyColumns.length > 0 ? keyName(context.naming, table, keyColumns) : undefined;
  return {
    op: 'create_table',
    table,
    columns,
    ...(primaryKeyName !== undefined && { primaryKeyName }),
    ...(comment !== undefined && { comment }),
  };
}

/**
 * CREATE TABLE IF NOT EXISTS; the table's shape checked, and the columns it lacks added (a table
 * of that name with other columns, or with rows and without what cannot be added without a scan
 * under lock, stops the migration); then its key, constraints and comments, each checked by name
 * and guarded on its own, on a new table in their plain forms (unless the spec asked for the safe
 * ones), and the indexes and constraints `restore` re-creates (drop_table's downgrade).
 */
export function createTableStatements(operation: CreateTable, context: RenderContext, restore?: Restore): Statement[] {
  const { schema } = context;
  const table = operation.table;
  const definitions = operation.columns.map((column) => `    ${columnDefinition(column)}`).join(',\n');
  const sql = `CREATE TABLE IF NOT EXISTS ${qualify(schema, table)} (\n${definitions}\n)`;
  const forms = formsOn(newTableContext(context, table), table);
  const keyColumns = operation.columns.filter((column) => column.primaryKey).map((column) => column.name);
  const key: ColumnConstraint[] = operation.primaryKeyName === undefined ? [] : [{ constraint: keyConstraint(operation.primaryKeyName, 'primary_key', keyColumns) }];
  const restored: ColumnConstraint[] = restore?.constraints.map((constraint) => ({ constraint: constraintToAdd(constraint) })) ?? [];
  const indexes = restore?.indexes ?? [];
  const constraints = [...key, ...operation.columns.flatMap(constraintsOfColumn), ...restored];
  const parts = [...constraints.map(({ constraint }) => constraint.name), ...indexes.map((index) => index.name)];
  const add = ({ constraint }: ColumnConstraint): Statement[] => addConstraintSafely(schema, table, constraint, forms);
  return [
    { sql, plpgsql: `${sql};`, creates: tableName(schema, table) },
    completeTable(schema, table, operation.columns, changedLater(context, table), parts),
    // Every check before the first change that may commit (a foreign key's, in a transaction of its
    // own): a conflict stops the operation before it changes anything. A foreign key known only
    // from its text is not compared; a key's index of that name elsewhere fails its ADD CONSTRAINT.
    ...constraints.flatMap(({ constraint, foreignKey }) => (constraint.sort === 'foreign_key' && !foreignKey ? [] : constraintShapeChecks(schema, table, constraint, foreignKey, false))),
    ...indexes.flatMap((index) => indexShapeCheck(schema, index)),
    ...key.flatMap(add),
    ...operation.columns.flatMap((column) => [...constraintsOfColumn(column).flatMap(add), ...(column.comment === undefined ? [] : [commentOnColumn(schema, table, column.name, column.comment)])]),
    ...(operation.comment === undefined ? [] : [commentOnTable(schema, table, operation.comment)]),
    ...restored.flatMap(add),
    ...indexes.flatMap((index) => indexFromDefinition(index, schema, forms.concurrently)),
  ];
}

/** An index re-created from its stored definition: one of that name with another definition stops the migration. */
function indexShapeCheck(schema: string, index: IndexModel): Statement[] {
  const shape = indexShapeOf(index.definition);
  return shape ? [{ ...checkShape(expectIndex(schema, index.table, index.name, shape.unique, shape.definition)), why: 'An index of this name must have this definition' }] : [];
}

/** The table a create_table makes, as the schema model holds it. */
function tableModel(operation: CreateTable): TableModel {
  const keyColumns = operation.columns.filter((column) => column.primaryKey).map((column) => column.name);
  return {
    name: operation.table,
    columns: operation.columns.map(columnModel),
    constraints: [
      ...(operation.primaryKeyName ? [primaryKeyModel(operation.primaryKeyName, keyColumns)] : []),
      ...operation.columns.flatMap(columnConstraints),
    ],
    ...(operation.comment !== undefined && { comment: operation.comment }),
    partial: false,
  };
}

export const createTable: OperationKind<CreateTable, typeof TABLE_FIELDS> = {
  op: 'create_table',
  summary: 'create a table with its columns (one of that name is checked by shape, and completed); its key, unique constraints and comments are each guarded on their own',
  fields: TABLE_FIELDS,
  doc: {
    text: 'a table; its key, unique constraints and comments are guarded one by one.',
    example: `- op: create_table
  table: service_accounts
  comment: Machine users        # optional
  columns:
    - {name: id, type: uuid, primary_key: true, server_default: gen_random_uuid()}
    - {name: role, type: service_account_role, nullable: false, server_default: "'USER'"}`,
  },

  parse(node, context) {
    const table = readTableDefinition(node, context);
    if (table) expectNoRelation(context, node.field('table'), table.table, 'table');
    return table;
  },
  claims: (operation) => [
    relation(operation.table, 'table'),
    ...indexBacked(operation.table, operation.primaryKeyName),
    ...operation.columns.flatMap((column) => columnClaims(operation.table, column)),
  ],

  describe: (operation, { schema }) => `Create table ${qualify(schema, operation.table)}`,
  upgrade: (operation, context) => createTableStatements(operation, context),
  downgrade: (operation, { schema }) => [dropTableStatement(schema, operation.table)],
  createsTable: (operation) => operation.table,
  apply: (operation, model, schema) => putTable(model, schema, tableModel(operation)),
};
