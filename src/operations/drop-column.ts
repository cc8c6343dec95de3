import { qualify, quoteIdent } from '../sql/identifiers.js';
import { addColumnStatements, dropColumnStatement, readTableColumn } from './add-column.js';
import type { DropColumn } from './model.js';
import type { OperationKind } from './operation-kind.js';

export const dropColumn: OperationKind<DropColumn> = {
  op: 'drop_column',
  summary: 'drop a column (and its data); the downgrade re-creates the column from its definition, empty',
  fields: ['table', 'column'],

  parse(node, context) {
    const read = readTableColumn(node, context);
    if (!read) return undefined;
    context.warn(node.path, `drops column ${read.table}.${read.column.name} and the data in it; the downgrade re-creates the column, not its data`);
    if (!read.column.nullable && read.column.serverDefault === undefined && !read.column.primaryKey) {
      context.warn(`${node.path}.column.nullable`, `the downgrade re-adds ${read.column.name} NOT NULL without a default, which fails once ${read.table} has rows`);
    }
    return { op: 'drop_column', ...read };
  },

  describe: (operation, { schema }) => `Drop column ${quoteIdent(operation.column.name)} from ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [dropColumnStatement(operation.table, operation.column.name, schema)],
  downgrade: (operation, { schema }) => addColumnStatements(operation.table, operation.column, operation.primaryKeyName, schema),
};
