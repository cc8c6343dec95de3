import { FieldsNode } from '../fields/fields-node.js';
import { name, optional } from '../fields/kinds.js';
import { dropTableFrom } from '../schema/changes.js';
import type { TableModel } from '../schema/model.js';
import { columnFromModel, restoreFor, type Restore } from '../schema/restore.js';
import { qualify } from '../sql/identifiers.js';
import { dropTableStatement } from '../sql/ddl.js';
import { createTableStatements, readTableDefinition, TABLE_FIELDS, type CreateTable } from './create-table.js';
import { expectTable } from './expectations.js';
import { breaksRunningCode } from './expand-contract.js';
import type { OperationKind } from './operation-kind.js';

export interface DropTable {
  readonly op: 'drop_table';
  readonly table: string;
  /** How the downgrade re-creates the table; absent: the downgrade refuses, saying why. */
  readonly recreate?: CreateTable;
  /** The table's constraints and indexes, known from the schema, re-created after it. */
  readonly restore?: Restore;
}

/** The table to drop; its columns (as create_table's) let the downgrade re-create it. */
const fields = {
  ...TABLE_FIELDS,
  table: name('table'),
  columns: optional(TABLE_FIELDS.columns),
};

/** The table as the schema model knows it, for the downgrade to re-create. */
export function tableFromModel(table: TableModel): CreateTable {
  return { op: 'create_table', table: table.name, columns: table.columns.map(columnFromModel), ...(table.comment !== undefined && { comment: table.comment }) };
}

export const dropTable: OperationKind<DropTable, typeof fields> = {
  op: 'drop_table',
  summary: 'drop a table and its rows; the downgrade re-creates it (empty) from its columns or the known schema',
  fields,
  doc: {
    text: `warns that the rows are destroyed. With \`columns\` (as in \`create_table\`) the downgrade
re-creates the table, empty; without, the downgrade raises \`NotImplementedError\` saying why.`,
    example: `- op: drop_table
  table: temp_imports
  columns:
    - {name: id, type: bigint, primary_key: true}`,
  },

  parse(node, context) {
    if (node.field('columns').missing) {
      const table = node.read('table');
      if (table === undefined) return undefined;
      const known = expectTable(context, node.field('table'), table);
      if (known) {
        context.warn(node.path, `drops table ${table} and every row in it; the downgrade re-creates the table as the schema knows it, not its rows; ${breaksRunningCode('drop')}`);
        const restore = restoreFor(known, context.model.schemas.get(context.schema)?.indexes.values() ?? []);
        return { op: 'drop_table', table, recreate: tableFromModel(known), restore };
      }
      context.warn(node.path, `drops table ${table} and every row in it; without columns the downgrade cannot re-create it and will refuse to run; ${breaksRunningCode('drop')}`);
      return { op: 'drop_table', table };
    }
    const recreate = readTableDefinition(new FieldsNode(node.node, TABLE_FIELDS, context), context);
    if (!recreate) return undefined;
    expectTable(context, node.field('table'), recreate.table);
    context.warn(node.path, `drops table ${recreate.table} and every row in it; the downgrade re-creates the table, not its rows; ${breaksRunningCode('drop')}`);
    return { op: 'drop_table', table: recreate.table, recreate };
  },

  claims: () => [],

  describe: (operation, { schema }) => `Drop table ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [dropTableStatement(schema, operation.table)],
  downgrade(operation, context) {
    if (!operation.recreate) return [{ refuse: `drop_table dropped ${operation.table} without its columns in the spec, so it cannot be re-created` }];
    // The table is new again: its constraints and indexes take the plain forms, checked as create_table's.
    return createTableStatements(operation.recreate, context, operation.restore);
  },
  apply: (operation, model, schema) => dropTableFrom(model, schema, operation.table),
};
