import { flag, name, names, optional } from '../fields/kinds.js';
import { addConstraintTo } from '../schema/changes.js';
import { addConstraintSafely, keyConstraint } from '../sql/constraints.js';
import { dropConstraint, uniqueDefinition } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { indexBacked } from './claims.js';
import { uniqueName } from './default-names.js';
import { expectColumn, expectNoConstraint, expectNoRelation, expectTable } from './expectations.js';
import { formsOn } from './model.js';
import type { OperationKind } from './operation-kind.js';

export interface AddUnique {
  readonly op: 'add_unique';
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
  /** Its index built CONCURRENTLY first; absent: on a table that existed before the migration. */
  readonly concurrently?: boolean;
}

const fields = {
  table: name('table'),
  columns: names('column'),
  name: optional(name('constraint', { creates: true, derived: 'uq_{table}_{columns}' })),
  concurrently: flag(),
};

export const addUnique: OperationKind<AddUnique, typeof fields> = {
  op: 'add_unique',
  summary: 'add a UNIQUE constraint on one or more columns, from a unique index built CONCURRENTLY, guarded by pg_constraint for that table',
  fields,
  doc: {
    text: `on a table that existed before the migration, its unique index is built first with
\`CREATE UNIQUE INDEX CONCURRENTLY\` (writes go on; an INVALID index an interrupted build left is
dropped first), then attached with \`ADD CONSTRAINT ... UNIQUE USING INDEX\`, a catalog update.
\`concurrently: false\` opts out: \`ADD CONSTRAINT ... UNIQUE\` builds the index under an ACCESS
EXCLUSIVE lock (reads and writes wait). On a table created earlier in the same migration it is one step.`,
    example: `- op: add_unique
  table: users
  columns: [email]
  name: uq_users_email           # optional: uq_{table}_{columns}`,
  },

  parse(node, context) {
    const table = node.read('table');
    const columns = node.read('columns');
    const given = node.read('name');
    const concurrently = node.read('concurrently');
    if (table === undefined || columns === undefined) return undefined;
    const name = given ?? uniqueName(context.naming, table, columns);
    if (expectTable(context, node.field('table'), table)) {
      columns.forEach((column, index) => expectColumn(context, node.field('columns').item(index), table, column));
    }
    expectNoConstraint(context, node, table, name);
    expectNoRelation(context, node, name, 'unique constraint');
    return { op: 'add_unique', table, columns, name, ...(concurrently !== undefined && { concurrently }) };
  },

  claims: (operation) => indexBacked(operation.table, operation.name),
  describe: (operation, { schema }) => `Add unique ${quoteIdent(operation.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, context) =>
    addConstraintSafely(context.schema, operation.table, keyConstraint(operation.name, 'unique', operation.columns), formsOn(context, operation.table, { concurrently: operation.concurrently })),
  downgrade: (operation, { schema }) => [dropConstraint(schema, operation.table, operation.name)],
  changesOnlyTable: (operation) => operation.table,
  apply: (operation, model, schema) =>
    addConstraintTo(model, schema, operation.table, { name: operation.name, kind: 'unique', columns: operation.columns, definition: uniqueDefinition(operation.columns) }),
};
