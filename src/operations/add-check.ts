import { readExpression, readIdentifier } from '../fields/readers.js';
import { addCheck as addCheckStatements, checkDefinition, dropConstraint } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { checkDef } from './column.js';
import type { AddCheck } from './model.js';
import { addConstraintTo } from '../schema/changes.js';
import { expectNoConstraint, expectTable } from './expectations.js';
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
    const check = checkDef(context, table, given, expression, notValid);
    expectTable(context, node.field('table'), table);
    expectNoConstraint(context, node, table, check.name);
    return { op: 'add_check', table, check };
  },

  describe: (operation, { schema }) => `Add check ${quoteIdent(operation.check.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => addCheckStatements(schema, operation.table, operation.check),
  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.check.name) }],
  apply: (operation, model, schema) =>
    addConstraintTo(model, schema, operation.table, {
      name: operation.check.name,
      kind: 'check',
      columns: operation.check.expression.columns,
      definition: checkDefinition(operation.check.expression),
    }),
};
