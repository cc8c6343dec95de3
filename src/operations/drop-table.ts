import { dropTableFrom } from '../schema/changes.js';
import { expectTable } from './expectations.js';
import type { TableModel } from '../schema/model.js';
import { columnFromModel, restoreFor, restoreStatements } from '../schema/restore.js';
import { readIdentifier } from '../fields/readers.js';
import { qualify } from '../sql/identifiers.js';
import { createTableStatements, dropTableStatement, readTableDefinition } from './create-table.js';
import type { CreateTable, DropTable } from './model.js';
import type { OperationKind } from './operation-kind.js';

/** The table as the schema model knows it, for the downgrade to re-create. */
export function tableFromModel(table: TableModel): CreateTable {
  return { op: 'create_table', table: table.name, columns: table.columns.map(columnFromModel), ...(table.comment !== undefined && { comment: table.comment }) };
}

export const dropTable: OperationKind<DropTable> = {
  op: 'drop_table',
  summary: 'drop a table and its rows; the downgrade re-creates it (empty) from its columns or the known schema',
  fields: ['table', 'columns', 'comment'],

  parse(node, context) {
    if (node.field('columns').missing) {
      const table = readIdentifier(node.field('table'));
      if (table === undefined) return undefined;
      const known = expectTable(context, node.field('table'), table);
      if (known) {
        context.warn(node.path, `drops table ${table} and every row in it; the downgrade re-creates the table as the schema knows it, not its rows`);
        const restore = restoreFor(known, context.model.schemas.get(context.schema)?.indexes.values() ?? []);
        return { op: 'drop_table', table, recreate: tableFromModel(known), restore };
      }
      context.warn(node.path, `drops table ${table} and every row in it; without columns the downgrade cannot re-create it and will refuse to run`);
      return { op: 'drop_table', table };
    }
    const recreate = readTableDefinition(node, context);
    if (!recreate) return undefined;
    expectTable(context, node.field('table'), recreate.table);
    context.warn(node.path, `drops table ${recreate.table} and every row in it; the downgrade re-creates the table, not its rows`);
    return { op: 'drop_table', table: recreate.table, recreate };
  },

  describe: (operation, { schema }) => `Drop table ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [dropTableStatement(operation.table, schema)],
  downgrade: (operation, { schema }) =>
    operation.recreate
      ? [...createTableStatements(operation.recreate, schema), ...restoreStatements(operation.restore, schema, operation.table)]
      : [{ refuse: `drop_table dropped ${operation.table} without its columns in the spec, so it cannot be re-created` }],
  apply: (operation, model, schema) => dropTableFrom(model, schema, operation.table),
};
