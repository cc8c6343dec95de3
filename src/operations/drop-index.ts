import { expectIndex } from './expectations.js';
import { schemaOf } from '../schema/model.js';
import { indexFromDefinition } from '../schema/restore.js';
import { readIdentifier } from '../fields/readers.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { createIndex, createIndexStatements, dropIndexStatement, readIndexDefinition } from './create-index.js';
import type { DropIndex } from './model.js';
import type { OperationKind } from './operation-kind.js';

export const dropIndex: OperationKind<DropIndex> = {
  op: 'drop_index',
  summary: 'drop an index (IF EXISTS, optionally CONCURRENTLY); the downgrade re-creates it from its definition or the known schema',
  fields: createIndex.fields,

  parse(node, context) {
    const name = readIdentifier(node.field('name'));
    const concurrently = node.field('concurrently').boolean(false);
    if (node.field('columns').missing) {
      for (const key of createIndex.fields.filter((field) => !['name', 'concurrently', 'table'].includes(field))) {
        if (!node.field(key).missing) node.field(key).problem('describes the index to re-create, which needs columns too');
      }
      if (name === undefined) return undefined;
      const known = expectIndex(context, node.field('name'), name);
      return { op: 'drop_index', name, concurrently, ...(known && { recreate: known }) };
    }
    const recreate = readIndexDefinition(node, context);
    if (!recreate || name === undefined) return undefined;
    expectIndex(context, node.field('name'), name);
    return { op: 'drop_index', name, concurrently, recreate };
  },

  describe: (operation, { schema }) => `Drop index ${qualify(schema, operation.name)}${operation.concurrently ? ' concurrently' : ''}`,
  upgrade: (operation, { schema }) => [dropIndexStatement(operation.name, operation.concurrently, schema)],
  downgrade(operation, { schema }) {
    const { recreate } = operation;
    if (!recreate) {
      return [{ refuse: `drop_index dropped ${quoteIdent(operation.name)} without its definition (table, columns) in the spec, so it cannot be re-created` }];
    }
    return 'op' in recreate
      ? createIndexStatements({ ...recreate, concurrently: operation.concurrently }, schema)
      : indexFromDefinition(recreate, schema, operation.concurrently);
  },
  apply: (operation, model, schema) => void schemaOf(model, schema).indexes.delete(operation.name),
};
