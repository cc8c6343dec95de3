import { readIdentifier, readIdentifierList } from '../fields/readers.js';
import { addForeignKey as addForeignKeyStatements, dropConstraint } from '../sql/ddl.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { readReference, typeMismatch } from './column.js';
import { expectColumn, expectNoConstraint, expectTable } from './expectations.js';
import type { AddForeignKey } from './model.js';
import { addConstraintTo, foreignKeyModel } from '../schema/changes.js';
import type { OperationKind } from './operation-kind.js';

export const addForeignKey: OperationKind<AddForeignKey> = {
  op: 'add_foreign_key',
  summary: 'add a FOREIGN KEY, guarded by pg_constraint for that table (not_valid: add NOT VALID, validate separately)',
  fields: ['table', 'columns', 'references', 'on_delete', 'on_update', 'name', 'not_valid'],

  parse(node, context) {
    const table = readIdentifier(node.field('table'));
    const columns = readIdentifierList(node.field('columns'));
    const name = readIdentifier(node.field('name'), { required: false });
    const notValid = node.field('not_valid').boolean(false);
    const references = node.field('references');
    if (references.missing) return references.problem('is required: {table, columns, schema}');
    const read = readReference(references, context, { table, columns, ...(name !== undefined && { name }), notValid }, node);
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

  describe: (operation, { schema }) => `Add foreign key ${quoteIdent(operation.foreignKey.name)} to ${qualify(schema, operation.table)}`,
  upgrade: (operation, { schema }) => addForeignKeyStatements(schema, operation.table, operation.foreignKey),
  downgrade: (operation, { schema }) => [{ sql: dropConstraint(schema, operation.table, operation.foreignKey.name) }],
  apply: (operation, model, schema) => addConstraintTo(model, schema, operation.table, foreignKeyModel(operation.foreignKey)),
};
