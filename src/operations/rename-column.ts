import { name } from '../fields/kinds.js';
import { renameColumnIn } from '../schema/changes.js';
import { columnQuery } from '../sql/catalog-queries.js';
import { tableName } from '../sql/ddl.js';
import { exists, runIf } from '../sql/do-block.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { lockOn, statementSafety } from '../sql/lock-facts.js';
import { checkShape, expectRename } from '../sql/shape-checks.js';
import type { Statement } from '../sql/statement.js';
import { column } from './claims.js';
import { expectColumn, expectNoColumn } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export interface RenameColumn {
  readonly op: 'rename_column';
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

const fields = {
  table: name('table'),
  from: name('column'),
  to: name('column', { creates: true }),
};

/** Renames only while the old name exists and the new one does not, so a re-run is a no-op. */
function renameStatement(schema: string, table: string, from: string, to: string): Statement {
  const condition = `${exists(columnQuery(schema, table, from))}\nAND ${exists(columnQuery(schema, table, to), true)}`;
  const rename = `ALTER TABLE ${qualify(schema, table)}\n    RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)}`;
  return { ...runIf(condition, rename), locks: [lockOn(tableName(schema, table), statementSafety('RenameStmt', 'column'))] };
}

export const renameColumn: OperationKind<RenameColumn, typeof fields> = {
  op: 'rename_column',
  summary: 'rename a column, keeping its data; only while the old name exists and the new one does not',
  fields,
  doc: {
    text: `renames only while the old name exists and the new one does not, so it is a no-op
when run again; the downgrade renames back the same way. The data stays. A catalog update, but code
still running against the old name breaks the moment it commits: \`generate\` warns and names the
expand/contract way (add the new column, write both, move the readers over, drop the old one later).`,
    example: `- op: rename_column
  table: users
  from: email
  to: email_address`,
  },

  parse(node, context) {
    const table = node.read('table');
    const from = node.read('from');
    const to = node.read('to');
    if (table === undefined || from === undefined || to === undefined) return undefined;
    if (from === to) return node.field('to').problem('is the same as from');
    expectColumn(context, node.field('from'), table, from);
    expectNoColumn(context, node.field('to'), table, to);
    return { op: 'rename_column', table, from, to };
  },

  claims: (operation) => [column(operation.table, operation.to)],

  describe: (operation, { schema }) => `Rename column ${quoteIdent(operation.from)} of ${qualify(schema, operation.table)} to ${quoteIdent(operation.to)}`,
  // Both names taken stops the migration (issue 14): renaming would fail, and skipping would hide it.
  upgrade: (operation, { schema }) => [checkShape(expectRename(schema, operation.table, operation.from, operation.to)), renameStatement(schema, operation.table, operation.from, operation.to)],
  downgrade: (operation, { schema }) => [checkShape(expectRename(schema, operation.table, operation.to, operation.from)), renameStatement(schema, operation.table, operation.to, operation.from)],
  removesColumn: (operation) => ({ table: operation.table, column: operation.from, how: 'renames' }),
  changesOnlyTable: (operation) => operation.table,
  changesColumns: (operation) => ({ table: operation.table, columns: [operation.from, operation.to] }),
  apply: (operation, model, schema) => renameColumnIn(model, schema, operation.table, operation.from, operation.to),
};
