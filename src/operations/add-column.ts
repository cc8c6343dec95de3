import type { FieldsNode } from '../fields/fields-node.js';
import { flag, name, record } from '../fields/kinds.js';
import { addColumnTo, columnConstraints, columnModel, primaryKeyModel } from '../schema/changes.js';
import type { SchemaModel } from '../schema/model.js';
import { addConstraintSafely, columnExtras, keyConstraint } from '../sql/constraints.js';
import { addColumnStatement, columnRewrite, dropColumnStatement, dropConstraint } from '../sql/ddl.js';
import type { ColumnDef, ResolvedForms } from '../sql/definitions.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { checkShape, expectColumn } from '../sql/shape-checks.js';
import { completeColumn } from '../sql/shape-completion.js';
import type { Statement } from '../sql/statement.js';
import { columnClaims, indexBacked } from './claims.js';
import { COLUMN_FIELDS, readColumn } from './column.js';
import { primaryKeyName as keyName, notNullCheckName } from './default-names.js';
import { expectNoColumn, expectTable } from './expectations.js';
import { formsOn, isNewTable, type RenderContext } from './model.js';
import type { OperationKind, ParseContext } from './operation-kind.js';

export interface AddColumn {
  readonly op: 'add_column';
  readonly table: string;
  readonly column: ColumnDef;
  readonly primaryKeyName?: string;
  /** Its CHECK and FOREIGN KEY NOT VALID, then validated apart; absent: on a table that existed before the migration. */
  readonly notValid?: boolean;
  /** The index of its UNIQUE or PRIMARY KEY built CONCURRENTLY first; absent: likewise. */
  readonly concurrently?: boolean;
}

/** A table and one column of it: add_column's fields, and drop_column's when the column is described. */
export const TABLE_COLUMN_FIELDS = {
  table: name('table'),
  column: record(COLUMN_FIELDS),
};

const fields = {
  ...TABLE_COLUMN_FIELDS,
  not_valid: flag(),
  concurrently: flag(),
};

/** Reads `table` and `column`: shared by add_column and drop_column (whose downgrade re-adds it). */
export function readTableColumn(node: FieldsNode<typeof TABLE_COLUMN_FIELDS>, context: ParseContext): { table: string; column: ColumnDef; primaryKeyName?: string } | undefined {
  const table = node.read('table');
  const columnNode = node.record('column');
  if (columnNode.missing) return columnNode.problem(`is required: a mapping with the fields ${Object.keys(COLUMN_FIELDS).join(', ')}`);
  const column = readColumn(columnNode, table, context);
  if (table === undefined || column === undefined) return undefined;
  const primaryKeyName = column.primaryKey ? keyName(context.naming, table, [column.name]) : undefined;
  return { table, column, ...(primaryKeyName !== undefined && { primaryKeyName }) };
}

/**
 * The column's shape checked first (a column of this name of another type, nullability or
 * default stops the migration, naming both), ADD COLUMN IF NOT EXISTS, the column completed when
 * it was there nullable or without its default (issue 14: the first step of "add nullable,
 * backfill, NOT NULL" run by hand), then its key, constraints and comment, each guarded on its
 * own, in `forms`. Also drop_column's downgrade, which re-adds the column.
 */
export function addColumnStatements(table: string, column: ColumnDef, primaryKeyName: string | undefined, context: RenderContext, forms: ResolvedForms): Statement[] {
  const { schema } = context;
  // A column found incomplete on a table that holds rows gets NOT NULL proven by a CHECK even when
  // the spec opts out of NOT VALID for its constraints: nothing is gained by scanning under a lock.
  // On a table created earlier in the same migration the column is this migration's own: no completion.
  const completion = {
    batchSize: context.pacing.batchSize,
    locks: context.pacing.locks,
    notNullCheck: notNullCheckName(context.naming, table, column.name),
  };
  return [
    { ...checkShape(expectColumn(schema, table, column)), why: 'A column of this name must have this shape, or one the steps below complete' },
    addColumnStatement(schema, table, column),
    ...(isNewTable(context, table) ? [] : completeColumn(schema, table, column, completion)),
    ...(primaryKeyName === undefined ? [] : addConstraintSafely(schema, table, keyConstraint(primaryKeyName, 'primary_key', [column.name]), forms)),
    ...columnExtras(schema, table, column, forms),
  ];
}

/**
 * The column's CHECK, dropped by name when its expression does not mention the column:
 * PostgreSQL keeps such a constraint when the column goes, so DROP COLUMN alone would leave it.
 */
function dropUnmentioningCheck(operation: AddColumn, schema: string): Statement[] {
  const check = operation.column.check;
  return check && !check.expression.columns.includes(operation.column.name) ? [dropConstraint(schema, operation.table, check.name)] : [];
}

function applyAddColumn(table: string, column: ColumnDef, primaryKeyName: string | undefined, model: SchemaModel, schema: string): void {
  const key = primaryKeyName ? [primaryKeyModel(primaryKeyName, [column.name])] : [];
  addColumnTo(model, schema, table, columnModel(column), [...key, ...columnConstraints(column)]);
}

export const addColumn: OperationKind<AddColumn, typeof fields> = {
  op: 'add_column',
  summary: 'add a column to an existing table (ADD COLUMN IF NOT EXISTS); works on tables that hold rows',
  fields,
  doc: {
    text: `a column on an existing table. A NOT NULL column with a constant \`server_default\` works
on a table that holds rows (PostgreSQL stores the default once, without a rewrite); NOT NULL without
one gets a warning, and so does a default computed per row (\`gen_random_uuid()\`, a serial type),
which rewrites the table. Its \`unique\`, \`primary_key\`, \`check\` and \`references\` take the same
safe forms as \`add_unique\`, \`add_check\` and \`add_foreign_key\`; \`concurrently: false\` and
\`not_valid: false\` opt out of them.`,
    example: `- op: add_column
  table: users
  column: {name: preferences, type: jsonb, nullable: false, server_default: "'{}'::jsonb"}`,
  },

  parse(node, context) {
    const read = readTableColumn(node, context);
    const notValid = node.read('not_valid');
    const concurrently = node.read('concurrently');
    if (!read) return undefined;
    const { column, table } = read;
    expectTable(context, node.field('table'), table);
    expectNoColumn(context, node.field('column').field('name'), table, column.name);
    if (!column.nullable && !column.primaryKey && column.serverDefault === undefined && columnRewrite(column) === undefined) {
      context.warn(
        `${node.path}.column.nullable`,
        `adding NOT NULL column "${column.name}" without a server_default fails if ${table} has rows; give it a server_default, or add it nullable and backfill first`,
      );
    }
    return { op: 'add_column', ...read, ...(notValid !== undefined && { notValid }), ...(concurrently !== undefined && { concurrently }) };
  },

  claims: (operation) => [...columnClaims(operation.table, operation.column), ...indexBacked(operation.table, operation.primaryKeyName)],

  describe: (operation, { schema }) => `Add column ${quoteIdent(operation.column.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, context) =>
    addColumnStatements(operation.table, operation.column, operation.primaryKeyName, context, formsOn(context, operation.table, { notValid: operation.notValid, concurrently: operation.concurrently })),
  // Only the column this migration added: one of another shape stops the downgrade.
  downgrade: (operation, { schema }) => [checkShape(expectColumn(schema, operation.table, operation.column)), ...dropUnmentioningCheck(operation, schema), dropColumnStatement(schema, operation.table, operation.column.name)],
  changesOnlyTable: (operation) => operation.table,
  changesColumns: (operation) => ({ table: operation.table, columns: [operation.column.name] }),
  apply: (operation, model, schema) => applyAddColumn(operation.table, operation.column, operation.primaryKeyName, model, schema),
};
