import { readIdentifier, readIdentifierList } from '../fields/readers.js';
import { deriveName } from '../sql/derived-names.js';
import { addConstraint, dropConstraint, uniqueDefinition } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import type { AddUnique } from './model.js';
import { addConstraintTo } from '../schema/changes.js';
import { expectColumn, expectNoConstraint, expectNoRelation, expectTable } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export const addUnique: OperationKind<AddUnique> = {
  op: 'add_unique',
  summary: 'add a UNIQUE constraint on one or more columns, guarded by pg_constraint for that table',
  fields: ['table', 'columns', 'name'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const columns = readIdentifierList(node.field('columns'));
    const given = readIdentifier(node.field('name'), { required: false });
    if (table === undefined || columns === undefined) return undefined;
    const name = given ?? deriveName(context.naming.unique, { table, columns });
    if (expectTable(context, node.field('table'), table)) {
      columns.forEach((column, index) => expectColumn(context, node.field('columns').item(index), table, column));
    }
    expectNoConstraint(context, node, table, name);
    expectNoRelation(context, node, name, 'unique constraint');
    return { op: 'add_unique', table, columns, name };
  },

  describe: (operation, { schema }) => `Add unique ${quoteIdent(operation.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [{ sql: addConstraint(schema, operation.table, operation.name, uniqueDefinition(operation.columns)) }],
  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.name) }],
  apply: (operation, model, schema) =>
    addConstraintTo(model, schema, operation.table, { name: operation.name, kind: 'unique', columns: operation.columns, definition: uniqueDefinition(operation.columns) }),
};
