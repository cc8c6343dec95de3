import { readExpression, readIdentifier } from '../spec/fields.js';
import { checkNameColumns, deriveName } from '../sql/derived-names.js';
import { addConstraint, dropConstraint } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import type { AddCheck } from './model.js';
import type { OperationKind } from './operation-kind.js';

export const addCheck: OperationKind<AddCheck> = {
  op: 'add_check',
  summary: 'add a named CHECK constraint, guarded on its own by pg_constraint for that table',
  fields: ['table', 'name', 'expression'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const given = readIdentifier(node.field('name'), { required: false });
    const expression = readExpression(node.field('expression'), context, 'check', { required: true });
    if (table === undefined || expression === undefined) return undefined;
    const name = given ?? deriveName(context.naming.check, { table, columns: checkNameColumns(expression.columns, expression.text) });
    return { op: 'add_check', table, name, expression };
  },

  describe: (operation, { schema }) => `Add check ${quoteIdent(operation.name)} to ${qualify(schema, operation.table)}`,

  upgrade: (operation, { schema }) => [
    { sql: addConstraint(schema, operation.table, operation.name, `CHECK (${operation.expression.text})`) },
  ],

  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.name) }],
};
