import { readIdentifier, readIdentifierList } from '../spec/fields.js';
import { deriveName } from '../sql/derived-names.js';
import { addConstraint, columnList, dropConstraint } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import type { AddUnique } from './model.js';
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
    return { op: 'add_unique', table, columns, name: given ?? deriveName(context.naming.unique, { table, columns }) };
  },

  describe: (operation, { schema }) => `Add unique ${quoteIdent(operation.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => [{ sql: addConstraint(schema, operation.table, operation.name, `UNIQUE (${columnList(operation.columns)})`) }],
  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.name) }],
};
