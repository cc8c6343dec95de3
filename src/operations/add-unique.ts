import { name, names, optional } from '../fields/kinds.js';
import { addConstraintTo } from '../schema/changes.js';
import { addConstraint, dropConstraint, uniqueDefinition } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { indexBacked } from './claims.js';
import { uniqueName } from './default-names.js';
import { expectColumn, expectNoConstraint, expectNoRelation, expectTable } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export interface AddUnique {
  readonly op: 'add_unique';
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
}

const fields = {
  table: name('table'),
  columns: names('column'),
  name: optional(name('constraint', { creates: true, derived: 'uq_{table}_{columns}' })),
};

export const addUnique: OperationKind<AddUnique, typeof fields> = {
  op: 'add_unique',
  summary: 'add a UNIQUE constraint on one or more columns, guarded by pg_constraint for that table',
  fields,
  doc: {
    example: `- op: add_unique
  table: users
  columns: [email]
  name: uq_users_email           # optional: uq_{table}_{columns}`,
  },

  parse(node, context) {
    const table = node.read('table');
    const columns = node.read('columns');
    const given = node.read('name');
    if (table === undefined || columns === undefined) return undefined;
    const name = given ?? uniqueName(context.naming, table, columns);
    if (expectTable(context, node.field('table'), table)) {
      columns.forEach((column, index) => expectColumn(context, node.field('columns').item(index), table, column));
    }
    expectNoConstraint(context, node, table, name);
    expectNoRelation(context, node, name, 'unique constraint');
    return { op: 'add_unique', table, columns, name };
  },

  claims: (operation) => indexBacked(operation.table, operation.name),
  describe: (operation, { schema }) => `Add unique ${quoteIdent(operation.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [{ sql: addConstraint(schema, operation.table, operation.name, uniqueDefinition(operation.columns)) }],
  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.name) }],
  apply: (operation, model, schema) =>
    addConstraintTo(model, schema, operation.table, { name: operation.name, kind: 'unique', columns: operation.columns, definition: uniqueDefinition(operation.columns) }),
};
