import { flag, name, names, optional, record } from '../fields/kinds.js';
import { addConstraintTo, foreignKeyModel } from '../schema/changes.js';
import { addConstraintSafely, foreignKeyToAdd } from '../sql/constraints.js';
import { dropConstraint } from '../sql/ddl.js';
import type { ForeignKeyDef } from '../sql/definitions.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { constraint } from './claims.js';
import { ACTION_FIELDS, readReference, REFERENCE_FIELDS, typeMismatch } from './column.js';
import { expectColumn, expectNoConstraint, expectTable } from './expectations.js';
import { formsOn } from './model.js';
import type { OperationKind } from './operation-kind.js';

export interface AddForeignKey {
  readonly op: 'add_foreign_key';
  readonly table: string;
  readonly foreignKey: ForeignKeyDef;
  /** NOT VALID, then VALIDATE apart; absent: on a table that existed before the migration. */
  readonly notValid?: boolean;
}

const fields = {
  table: name('table'),
  columns: names('column'),
  references: record(REFERENCE_FIELDS),
  ...ACTION_FIELDS,
  name: optional(name('constraint', { creates: true, derived: 'fk_{table}_{columns}_{referred_table}' })),
  not_valid: flag(),
};

export const addForeignKey: OperationKind<AddForeignKey, typeof fields> = {
  op: 'add_foreign_key',
  summary: 'add a FOREIGN KEY, guarded by pg_constraint for that table; NOT VALID, then validated apart',
  fields,
  doc: {
    text: `on a table that existed before the migration it is added \`NOT VALID\` (a catalog update
under SHARE ROW EXCLUSIVE locks on both tables, held only for that) and then validated by
\`VALIDATE CONSTRAINT\` in a transaction of its own, whose scan of the existing rows lets reads and
writes go on. \`not_valid: false\` opts out: one validated step, whose scan keeps writes to both
tables waiting. On a table created earlier in the same migration it is one step.`,
    example: `- op: add_foreign_key
  table: flow_steps
  columns: [flow_id]
  references: {table: flows, columns: [id], schema: public}   # schema: optional, the spec's
  on_delete: CASCADE             # NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT; on_update too
  name: fk_flow_steps_flow       # optional: fk_{table}_{columns}_{referred_table}`,
  },

  parse(node, context) {
    const table = node.read('table');
    const columns = node.read('columns');
    const name = node.read('name');
    const notValid = node.read('not_valid');
    const references = node.record('references');
    if (references.missing) return references.problem('is required: {table, columns, schema}');
    const read = readReference(references, context, { table, columns, ...(name !== undefined && { name }) }, node.node);
    if (!read || table === undefined || columns === undefined) return undefined;
    const { foreignKey } = read;
    if (expectTable(context, node.field('table'), table)) {
      columns.forEach((column, index) => {
        const own = expectColumn(context, node.field('columns').item(index), table, column);
        const mismatch = own && read.types ? typeMismatch(own.type, read.types[index]!, foreignKey, index) : undefined;
        if (mismatch) node.field('columns').item(index).problem(mismatch);
      });
    }
    expectNoConstraint(context, node, table, foreignKey.name);
    return { op: 'add_foreign_key', table, foreignKey, ...(notValid !== undefined && { notValid }) };
  },

  claims: (operation) => [constraint(operation.table, operation.foreignKey.name)],
  describe: (operation, { schema }) => `Add foreign key ${quoteIdent(operation.foreignKey.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, context) => addConstraintSafely(context.schema, operation.table, foreignKeyToAdd(operation.foreignKey), formsOn(context, operation.table, { notValid: operation.notValid })),
  downgrade: (operation, { schema }) => [dropConstraint(schema, operation.table, operation.foreignKey.name)],
  changesOnlyTable: (operation) => operation.table,
  apply: (operation, model, schema) => addConstraintTo(model, schema, operation.table, foreignKeyModel(operation.foreignKey)),
};
