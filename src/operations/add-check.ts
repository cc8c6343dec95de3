import { readExpression, readIdentifier } from '../spec/fields.js';
import { addCheck as addCheckStatements, dropConstraint } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { checkDef } from './column.js';
import type { AddCheck } from './model.js';
import type { OperationKind } from './operation-kind.js';

export const addCheck: OperationKind<AddCheck> = {
  op: 'add_check',
  summary: 'add a named CHECK constraint, guarded on its own by pg_constraint for that table (not_valid: validate separately)',
  fields: ['table', 'name', 'expression', 'not_valid'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const given = readIdentifier(node.field('name'), { required: false });
    const expression = readExpression(node.field('expression'), context, 'check', { required: true });
    const notValid = node.field('not_valid').boolean(false);
    if (table === undefined || expression === undefined) return undefined;
    return { op: 'add_check', table, check: checkDef(context, table, given, expression, notValid) };
  },

  describe: (operation, { schema }) => `Add check ${quoteIdent(operation.check.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => addCheckStatements(schema, operation.table, operation.check),
  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.check.name) }],
};
