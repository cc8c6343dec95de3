import { dropColumnFrom } from '../schema/changes.js';
import { expectColumn } from './expectations.js';
import { findColumn, findTable } from '../schema/model.js';
import { columnFromModel, restoreFor, restoreStatements } from '../schema/restore.js';
import { readIdentifier } from '../fields/readers.js';
import { isRecord } from '../fields/spec-node.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { addColumnStatements, dropColumnStatement, readTableColumn } from './add-column.js';
import type { DropColumn } from './model.js';
import type { OperationKind } from './operation-kind.js';

export const dropColumn: OperationKind<DropColumn> = {
  op: 'drop_column',
  summary: 'drop a column (and its data); the downgrade re-creates it from its definition or the known schema, empty',
  fields: ['table', 'column'],

  parse(node, context) {
    const columnNode = node.field('column');
    const named = typeof columnNode.value === 'string' || (isRecord(columnNode.value) && Object.keys(columnNode.value).join() === 'name');
    let read: Omit<DropColumn, 'op'> | undefined;
    if (named) {
      // Only the name: the definition (and its constraints and indexes) come from the known schema.
      const table = readIdentifier(node.field('table'));
      const name = readIdentifier(typeof columnNode.value === 'string' ? columnNode : columnNode.field('name'));
      if (table === undefined || name === undefined) return undefined;
      expectColumn(context, columnNode, table, name);
      const known = findColumn(context.model, context.schema, table, name);
      if (!known) {
        if (!context.strict || !context.model.complete) {
          columnNode.problem(`needs the column's definition ({name, type, ...}): ${table}.${name} is not known from the history's specs or --database-url, so the downgrade could not re-create it`);
        }
        return undefined;
      }
      const model = findTable(context.model, context.schema, table)!;
      read = { table, column: columnFromModel(known), restore: restoreFor(model, context.model.schemas.get(context.schema)?.indexes.values() ?? [], [name]) };
    } else {
      read = readTableColumn(node, context);
      if (!read) return undefined;
      expectColumn(context, columnNode.field('name'), read.table, read.column.name);
    }
    context.warn(node.path, `drops column ${read.table}.${read.column.name} and the data in it; the downgrade re-creates the column, not its data`);
    if (!read.column.nullable && read.column.serverDefault === undefined && !read.column.primaryKey) {
      context.warn(`${node.path}.column`, `the downgrade re-adds ${read.column.name} NOT NULL without a default, which fails once ${read.table} has rows`);
    }
    return { op: 'drop_column', ...read };
  },

  describe: (operation, { schema }) => `Drop column ${quoteIdent(operation.column.name)} from ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [dropColumnStatement(operation.table, operation.column.name, schema)],
  downgrade: (operation, { schema }) => [
    ...addColumnStatements(operation.table, operation.column, operation.primaryKeyName, schema),
    ...restoreStatements(operation.restore, schema, operation.table),
  ],
  apply: (operation, model, schema) => dropColumnFrom(model, schema, operation.table, operation.column.name),
};
