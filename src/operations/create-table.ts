import { readIdentifier, readText } from '../spec/fields.js';
import { deriveName } from '../sql/derived-names.js';
import { addConstraint, columnDefinition, columnExtras, columnList } from '../sql/ddl.js';
import { qualify } from '../sql/identifiers.js';
import { quoteLiteral } from '../sql/literals.js';
import { readColumn } from './column.js';
import type { ColumnDef, CreateTable } from './model.js';
import type { OperationKind } from './operation-kind.js';

export const createTable: OperationKind<CreateTable> = {
  op: 'create_table',
  summary: 'create a table with its columns; its key, unique constraints and comments are each guarded on their own',
  fields: ['table', 'columns', 'comment'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const comment = readText(node.field('comment'));
    const items = node.field('columns').list({ required: true, nonEmpty: true });
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
    const primaryKeyName = keyColumns.length > 0 ? deriveName(context.naming.primaryKey, { table, columns: keyColumns }) : undefined;
    return {
      op: 'create_table',
      table,
      columns,
      ...(primaryKeyName !== undefined && { primaryKeyName }),
      ...(comment !== undefined && { comment }),
    };
  },

  describe: (operation, { schema }) => `Create table ${qualify(schema, operation.table)}`,

  upgrade(operation, { schema }) {
    const name = qualify(schema, operation.table);
    const definitions = operation.columns.map((column) => `    ${columnDefinition(column)}`).join(',\n');
    const statements = [`CREATE TABLE IF NOT EXISTS ${name} (\n${definitions}\n)`];
    const keyColumns = operation.columns.filter((column) => column.primaryKey).map((column) => column.name);
    if (operation.primaryKeyName !== undefined) {
      statements.push(addConstraint(schema, operation.table, operation.primaryKeyName, `PRIMARY KEY (${columnList(keyColumns)})`));
    }
    for (const column of operation.columns) statements.push(...columnExtras(schema, operation.table, column));
    if (operation.comment !== undefined) statements.push(`COMMENT ON TABLE ${name} IS ${quoteLiteral(operation.comment)}`);
    return statements.map((sql) => ({ sql }));
  },

  downgrade: (operation, { schema }) => [{ sql: `DROP TABLE IF EXISTS ${qualify(schema, operation.table)}` }],
};
