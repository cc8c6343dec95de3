import { readIdentifier } from '../fields/readers.js';
import type { SpecNode } from '../fields/spec-node.js';
import { deriveName } from '../sql/derived-names.js';
import { addConstraint, columnDefinition, columnExtras, headAndTail, primaryKeyDefinition } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { COLUMN_FIELDS, readColumn } from './column.js';
import { addColumnTo, columnConstraints, columnModel, primaryKeyModel } from '../schema/changes.js';
import type { SchemaModel } from '../schema/model.js';
import { expectNoColumn, expectTable } from './expectations.js';
import type { AddColumn } from './model.js';
import type { OperationKind, ParseContext } from './operation-kind.js';
import type { Statement } from '../sql/statement.js';
import type { ColumnDef } from '../sql/definitions.js';

/** Reads `table` and `column`: shared by add_column and drop_column (whose downgrade re-adds it). */
export function readTableColumn(node: SpecNode, context: ParseContext): { table: string; column: ColumnDef; primaryKeyName?: string } | undefined {
  const table = readIdentifier(node.field('table'));
  const columnNode = node.field('column');
  if (columnNode.missing) return columnNode.problem(`is required: a mapping with the fields ${COLUMN_FIELDS.join(', ')}`);
  const column = readColumn(columnNode, table, context);
  if (table === undefined || column === undefined) return undefined;
  const primaryKeyName = column.primaryKey ? deriveName(context.naming.primaryKey, { table, columns: [column.name] }) : undefined;
  return { table, column, ...(primaryKeyName !== undefined && { primaryKeyName }) };
}

/** ADD COLUMN IF NOT EXISTS, then the column's key, constraints and comment, each guarded on its own. */
export function addColumnStatements(table: string, column: ColumnDef, primaryKeyName: string | undefined, schema: string): Statement[] {
  const statements: Statement[] = [{ sql: headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `ADD COLUMN IF NOT EXISTS ${columnDefinition(column)}`) }];
  if (primaryKeyName !== undefined) {
    statements.push({ sql: addConstraint(schema, table, primaryKeyName, primaryKeyDefinition([column.name])) });
  }
  statements.push(...columnExtras(schema, table, column));
  return statements;
}

function applyAddColumn(table: string, column: ColumnDef, primaryKeyName: string | undefined, model: SchemaModel, schema: string): void {
  const key = primaryKeyName ? [primaryKeyModel(primaryKeyName, [column.name])] : [];
  addColumnTo(model, schema, table, columnModel(column), [...key, ...columnConstraints(column)]);
}

export function dropColumnStatement(table: string, column: string, schema: string): Statement {
  return { sql: headAndTail(`ALTER TABLE IF EXISTS ${qualify(schema, table)}`, `DROP COLUMN IF EXISTS ${quoteIdent(column)}`) };
}

export const addColumn: OperationKind<AddColumn> = {
  op: 'add_column',
  summary: 'add a column to an existing table (ADD COLUMN IF NOT EXISTS); works on tables that hold rows',
  fields: ['table', 'column'],

  parse(node, context) {
    const read = readTableColumn(node, context);
    if (!read) return undefined;
    const { column, table } = read;
    expectTable(context, node.field('table'), table);
    expectNoColumn(context, node.field('column').field('name'), table, column.name);
    if (!column.nullable && !column.primaryKey && column.serverDefault === undefined) {
      context.warn(
        `${node.path}.column.nullable`,
        `adding NOT NULL column "${column.name}" without a server_default fails if ${table} has rows; give it a server_default, or add it nullable and backfill first`,
      );
    }
    return { op: 'add_column', ...read };
  },

  describe: (operation, { schema }) => `Add column ${quoteIdent(operation.column.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => addColumnStatements(operation.table, operation.column, operation.primaryKeyName, schema),
  downgrade: (operation, { schema }) => [dropColumnStatement(operation.table, operation.column.name, schema)],
  apply: (operation, model, schema) => applyAddColumn(operation.table, operation.column, operation.primaryKeyName, model, schema),
};
