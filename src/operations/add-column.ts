import { readIdentifier } from '../spec/fields.js';
import { deriveName } from '../sql/derived-names.js';
import { addConstraint, columnDefinition, columnExtras, headAndTail } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { COLUMN_FIELDS, readColumn } from './column.js';
import type { AddColumn } from './model.js';
import type { OperationKind } from './operation-kind.js';

export const addColumn: OperationKind<AddColumn> = {
  op: 'add_column',
  summary: 'add a column to an existing table (ADD COLUMN IF NOT EXISTS); works on tables that hold rows',
  fields: ['table', 'column'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const columnNode = node.field('column');
    if (columnNode.missing) return columnNode.problem(`is required: a mapping with the fields ${COLUMN_FIELDS.join(', ')}`);
    const column = readColumn(columnNode, table, context);
    if (table === undefined || column === undefined) return undefined;
    if (!column.nullable && !column.primaryKey && column.serverDefault === undefined) {
      context.warn(
        `${columnNode.path}.nullable`,
        `adding NOT NULL column "${column.name}" without a server_default fails if ${table} has rows; give it a server_default, or add it nullable and backfill first`,
      );
    }
    const primaryKeyName = column.primaryKey ? deriveName(context.naming.primaryKey, { table, columns: [column.name] }) : undefined;
    return { op: 'add_column', table, column, ...(primaryKeyName !== undefined && { primaryKeyName }) };
  },

  describe: (operation, { schema }) => `Add column ${quoteIdent(operation.column.name)} to ${qualify(schema, operation.table)}`,

  upgrade(operation, { schema }) {
    const { table, column } = operation;
    const statements = [headAndTail(`ALTER TABLE ${qualify(schema, table)}`, `ADD COLUMN IF NOT EXISTS ${columnDefinition(column)}`)];
    if (operation.primaryKeyName !== undefined) {
      statements.push(addConstraint(schema, table, operation.primaryKeyName, `PRIMARY KEY (${quoteIdent(column.name)})`));
    }
    statements.push(...columnExtras(schema, table, column));
    return statements.map((sql) => ({ sql }));
  },

  downgrade: (operation, { schema }) => [
    { sql: headAndTail(`ALTER TABLE IF EXISTS ${qualify(schema, operation.table)}`, `DROP COLUMN IF EXISTS ${quoteIdent(operation.column.name)}`) },
  ],
};
