import { flag, name, names, optional, record } from '../fields/kinds.js';
import { addConstraintTo, foreignKeyModel } from '../schema/changes.js';
import { addForeignKey as addForeignKeyStatements, dropConstraint } from '../sql/ddl.js';
import type { ForeignKeyDef } from '../sql/definitions.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { constraint } from './claims.js';
import { ACTION_FIELDS, readReference, REFERENCE_FIELDS, typeMismatch } from './column.js';
import { expectColumn, expectNoConstraint, expectTable } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export interface AddForeignKey {
  readonly op: 'add_foreign_key';
  readonly table: string;
  readonly foreignKey: ForeignKeyDef;
}

const fields = {
  table: name('table'),
  columns: names('column'),
  references: record(REFERENCE_FIELDS),
  ...ACTION_FIELDS,
  name: optional(name('constraint', { creates: true, derived: 'fk_{table}_{columns}_{referred_table}' })),
  not_valid: flag(false),
};

export const addForeignKey: OperationKind<AddForeignKey, typeof fields> = {
  op: 'add_foreign_key',
  summary: 'add a FOREIGN KEY, guarded by pg_constraint for that table (not_valid: add NOT VALID, validate separately)',
  fields,
  doc: {
    text: `with \`not_valid: true\` it is added \`NOT VALID\` and then validated by
\`VALIDATE CONSTRAINT\` in an autocommit block: a transaction of its own, so the scan of existing rows
holds only a SHARE UPDATE EXCLUSIVE lock instead of blocking writes to a large table. \`add_check\`
takes \`not_valid\` too.`,
    example: `- op: add_foreign_key
  table: flow_steps
  columns: [flow_id]
  references: {table: flows, columns: [id], schema: public}   # schema: optional, the spec's
  on_delete: CASCADE             # NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT; on_update too
  name: fk_flow_steps_flow       # optional: fk_{table}_{columns}_{referred_table}
  not_valid: true`,
  },

  parse(node, context) {
    const table = node.read('table');
    const columns = node.read('columns');
    const name = node.read('name');
    const notValid = node.read('not_valid');
    const references = node.record('references');
    if (references.missing) return references.problem('is required: {table, columns, schema}');
    const read = readReference(references, context, { table, columns, ...(name !== undefined && { name }), notValid }, node.node);
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
    return { op: 'add_foreign_key', table, foreignKey };
  },

  claims: (operation) => [constraint(operation.table, operation.foreignKey.name)],
  describe: (operation, { schema }) => `Add foreign key ${quoteIdent(operation.foreignKey.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => addForeignKeyStatements(schema, operation.table, operation.foreignKey),
  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.foreignKey.name) }],
  apply: (operation, model, schema) => addConstraintTo(model, schema, operation.table, foreignKeyModel(operation.foreignKey)),
};
