import { flag, name, optional, sql } from '../fields/kinds.js';
import { addConstraintTo } from '../schema/changes.js';
import { addConstraintSafely } from '../sql/constraints.js';
import { checkDefinition, dropConstraint } from '../sql/ddl.js';
import type { CheckDef } from '../sql/definitions.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { constraint } from './claims.js';
import { checkDef } from './column.js';
import { expectNoConstraint, expectTable } from './expectations.js';
import { formsOn } from './model.js';
import type { OperationKind } from './operation-kind.js';

export interface AddCheck {
  readonly op: 'add_check';
  readonly table: string;
  readonly check: CheckDef;
  /** NOT VALID, then VALIDATE apart; absent: on a table that existed before the migration. */
  readonly notValid?: boolean;
}

const fields = {
  table: name('table'),
  name: optional(name('constraint', { creates: true, derived: 'ck_{table}_{columns it reads}' })),
  expression: sql('check'),
  not_valid: flag(),
};

export const addCheck: OperationKind<AddCheck, typeof fields> = {
  op: 'add_check',
  summary: 'add a named CHECK constraint, guarded on its own by pg_constraint for that table; NOT VALID, then validated apart',
  fields,
  doc: {
    text: `a named CHECK constraint, guarded by \`pg_constraint\` for that table. On a table that
existed before the migration it is added \`NOT VALID\` (a catalog update; new rows are checked at
once) and then validated by \`VALIDATE CONSTRAINT\` in a transaction of its own, whose scan of the
existing rows lets reads and writes go on. \`not_valid: false\` opts out (one validated step: the
scan holds an ACCESS EXCLUSIVE lock); on a table created earlier in the same migration it is one step.`,
    example: `- op: add_check
  table: users
  name: chk_users_status          # optional: ck_{table}_{columns it reads}
  expression: "status IN ('pending', 'active') OR status IS NULL"`,
  },

  parse(node, context) {
    const table = node.read('table');
    const given = node.read('name');
    const expression = node.read('expression');
    const notValid = node.read('not_valid');
    if (table === undefined || expression === undefined) return undefined;
    const check = checkDef(context, table, given, expression);
    expectTable(context, node.field('table'), table);
    expectNoConstraint(context, node, table, check.name);
    return { op: 'add_check', table, check, ...(notValid !== undefined && { notValid }) };
  },

  claims: (operation) => [constraint(operation.table, operation.check.name)],
  describe: (operation, { schema }) => `Add check ${quoteIdent(operation.check.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, context) =>
    addConstraintSafely(
      context.schema,
      operation.table,
      { name: operation.check.name, sort: 'check', definition: checkDefinition(operation.check.expression) },
      formsOn(context, operation.table, { notValid: operation.notValid }),
    ),
  downgrade: (operation, { schema }) => [dropConstraint(schema, operation.table, operation.check.name)],
  changesOnlyTable: (operation) => operation.table,
  apply: (operation, model, schema) =>
    addConstraintTo(model, schema, operation.table, {
      name: operation.check.name,
      kind: 'check',
      columns: operation.check.expression.columns,
      definition: checkDefinition(operation.check.expression),
    }),
};
