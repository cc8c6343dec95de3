import { FieldsNode } from '../fields/fields-node.js';
import { either, name, record } from '../fields/kinds.js';
import { readIdentifier } from '../fields/readers.js';
import { isRecord } from '../fields/spec-node.js';
import { dropColumnFrom } from '../schema/changes.js';
import { findColumn, findTable } from '../schema/model.js';
import { columnFromModel, restoreFor, restoreStatements, type Restore } from '../schema/restore.js';
import type { ColumnDef } from '../sql/definitions.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { dropColumnStatement } from '../sql/ddl.js';
import { addColumnStatements, readTableColumn, TABLE_COLUMN_FIELDS } from './add-column.js';
import { COLUMN_FIELDS } from './column.js';
import { expectColumn } from './expectations.js';
import { breaksRunningCode } from './expand-contract.js';
import { formsOn } from './model.js';
import type { OperationKind } from './operation-kind.js';

export interface DropColumn {
  readonly op: 'drop_column';
  readonly table: string;
  /** The dropped column as the downgrade re-creates it (not its data). */
  readonly column: ColumnDef;
  readonly primaryKeyName?: string;
  /** Constraints and indexes on the column, known from the schema, that the downgrade re-creates too. */
  readonly restore?: Restore;
}

const fields = {
  table: name('table'),
  /** Its name when the known schema holds it; else its definition, for the downgrade. */
  column: either(name('column'), record(COLUMN_FIELDS)),
};

export const dropColumn: OperationKind<DropColumn, typeof fields> = {
  op: 'drop_column',
  summary: 'drop a column (and its data); the downgrade re-creates it from its definition or the known schema, empty',
  fields,
  doc: {
    text: `warns on standard error that the column's data is destroyed (not for a table the
same migration creates: it holds no data, and no running code reads it yet). The downgrade re-adds
the column from its definition (empty, and at the end of the table: PostgreSQL cannot put a column
back in its old place). When the schema is known, \`column: is_published\` (just the name) is enough:
the definition, and the constraints and indexes that used the column, come from the schema.`,
    example: `- op: drop_column
  table: documents
  column: {name: is_published, type: boolean, nullable: false, server_default: "false"}`,
  },

  parse(node, context) {
    const columnNode = node.field('column');
    const named = typeof columnNode.value === 'string' || (isRecord(columnNode.value) && Object.keys(columnNode.value).join() === 'name');
    let read: Omit<DropColumn, 'op'> | undefined;
    if (named) {
      // Only the name: the definition (and its constraints and indexes) come from the known schema.
      const table = node.read('table');
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
      read = readTableColumn(new FieldsNode(node.node, TABLE_COLUMN_FIELDS, context), context);
      if (!read) return undefined;
      expectColumn(context, columnNode.field('name'), read.table, read.column.name);
    }
    // A table this migration creates holds no data yet, and no running code reads it.
    if (!context.newTables?.has(read.table)) context.warn(node.path, `drops column ${read.table}.${read.column.name} and the data in it; the downgrade re-creates the column, not its data; ${breaksRunningCode('drop')}`);
    if (!read.column.nullable && read.column.serverDefault === undefined && !read.column.primaryKey) {
      context.warn(`${node.path}.column`, `the downgrade re-adds ${read.column.name} NOT NULL without a default, which fails once ${read.table} has rows`);
    }
    return { op: 'drop_column', ...read };
  },

  claims: () => [],

  describe: (operation, { schema }) => `Drop column ${quoteIdent(operation.column.name)} from ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [dropColumnStatement(schema, operation.table, operation.column.name)],
  downgrade: (operation, context) => {
    const forms = formsOn(context, operation.table);
    return [
      ...addColumnStatements(operation.table, operation.column, operation.primaryKeyName, context, forms),
      ...restoreStatements(operation.restore, context.schema, operation.table, forms),
    ];
  },
  removesColumn: (operation) => ({ table: operation.table, column: operation.column.name, how: 'drops' }),
  changesOnlyTable: (operation) => operation.table,
  changesColumns: (operation) => ({ table: operation.table, columns: [operation.column.name] }),
  apply: (operation, model, schema) => dropColumnFrom(model, schema, operation.table, operation.column.name),
};
