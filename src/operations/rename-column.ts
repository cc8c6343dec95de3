import { readIdentifier } from '../fields/readers.js';
import { columnQuery } from '../sql/catalog-queries.js';
import { doIf, exists } from '../sql/do-block.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import type { RenameColumn } from './model.js';
import { renameColumnIn } from '../schema/changes.js';
import { expectColumn, expectNoColumn } from './expectations.js';
import type { OperationKind } from './operation-kind.js';
import type { Statement } from '../sql/statement.js';

/** Renames only while the old name exists and the new one does not, so a re-run is a no-op. */
function renameStatement(schema: string, table: string, from: string, to: string): Statement {
  const condition = `${exists(columnQuery(schema, table, from))}\nAND ${exists(columnQuery(schema, table, to), true)}`;
  return { sql: doIf(condition, `ALTER TABLE ${qualify(schema, table)}\n    RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)}`) };
}

export const renameColumn: OperationKind<RenameColumn> = {
  op: 'rename_column',
  summary: 'rename a column, keeping its data; only while the old name exists and the new one does not',
  fields: ['table', 'from', 'to'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const from = readIdentifier(node.field('from'));
    const to = readIdentifier(node.field('to'));
    if (table === undefined || from === undefined || to === undefined) return undefined;
    if (from === to) return node.field('to').problem('is the same as from');
    expectColumn(context, node.field('from'), table, from);
    expectNoColumn(context, node.field('to'), table, to);
    return { op: 'rename_column', table, from, to };
  },

  describe: (operation, { schema }) => `Rename column ${quoteIdent(operation.from)} of ${qualify(schema, operation.table)} to ${quoteIdent(operation.to)}`,
  upgrade: (operation, { schema }) => [renameStatement(schema, operation.table, operation.from, operation.to)],
  downgrade: (operation, { schema }) => [renameStatement(schema, operation.table, operation.to, operation.from)],
  apply: (operation, model, schema) => renameColumnIn(model, schema, operation.table, operation.from, operation.to),
};
