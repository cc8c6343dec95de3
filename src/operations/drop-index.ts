import { FieldsNode } from '../fields/fields-node.js';
import { name, optional } from '../fields/kinds.js';
import { schemaOf, type IndexModel } from '../schema/model.js';
import { indexFromDefinition } from '../schema/restore.js';
import { qualify, quoteIdent } from '../sql/identifiers.js';
import { concurrentlyOn, createIndexStatements, dropIndexStatement, INDEX_FIELDS, indexTable, readIndexDefinition, type CreateIndex } from './create-index.js';
import { expectIndex } from './expectations.js';
import type { OperationKind } from './operation-kind.js';

export interface DropIndex {
  readonly op: 'drop_index';
  readonly name: string;
  /** CONCURRENTLY, the drop and the downgrade's build; absent: unless the table was created earlier in the same migration. */
  readonly concurrently?: boolean;
  /** How the downgrade re-creates the index: from the spec, or as the schema knows it. */
  readonly recreate?: CreateIndex | IndexModel;
}

/** The index to drop by name; the rest (any create_index field) describes it for the downgrade. */
const fields = {
  ...INDEX_FIELDS,
  table: optional(INDEX_FIELDS.table),
  columns: optional(INDEX_FIELDS.columns),
  name: name('index'),
};

export const dropIndex: OperationKind<DropIndex, typeof fields> = {
  op: 'drop_index',
  summary: 'drop an index (IF EXISTS, optionally CONCURRENTLY); the downgrade re-creates it from its definition or the known schema',
  fields,
  doc: {
    text: `with the definition the downgrade needs to re-create it (else it raises
\`NotImplementedError\` saying why):`,
    example: `- op: drop_index
  name: ix_docs_title            # dropped (and re-created by the downgrade) CONCURRENTLY; concurrently: false opts out
  table: docs                    # these re-create it on downgrade: any create_index field
  columns: [title]
  where: title IS NOT NULL`,
  },

  parse(node, context) {
    const name = node.read('name');
    const given = node.read('concurrently');
    const concurrently = given === undefined ? {} : { concurrently: given };
    if (node.field('columns').missing) {
      for (const key of Object.keys(fields).filter((field) => !['name', 'concurrently', 'table'].includes(field)) as (keyof typeof fields)[]) {
        if (!node.field(key).missing) node.field(key).problem('describes the index to re-create, which needs columns too');
      }
      if (name === undefined) return undefined;
      const known = expectIndex(context, node.field('name'), name);
      return { op: 'drop_index', name, ...concurrently, ...(known && { recreate: known }) };
    }
    const recreate = readIndexDefinition(new FieldsNode(node.node, INDEX_FIELDS, context), context);
    if (!recreate || name === undefined) return undefined;
    expectIndex(context, node.field('name'), name);
    return { op: 'drop_index', name, ...concurrently, recreate };
  },

  claims: () => [],

  describe: (operation, context) => `Drop index ${qualify(context.schema, operation.name)}${concurrentlyOn(operation, operation.recreate?.table, context) ? ' concurrently' : ''}`,
  upgrade: (operation, context) => {
    const table = operation.recreate?.table;
    return [dropIndexStatement(operation.name, concurrentlyOn(operation, table, context), context.schema, indexTable(context.schema, operation.name, table))];
  },
  downgrade(operation, context) {
    const { recreate } = operation;
    if (!recreate) {
      return [{ refuse: `drop_index dropped ${quoteIdent(operation.name)} without its definition (table, columns) in the spec, so it cannot be re-created` }];
    }
    const concurrently = concurrentlyOn(operation, recreate.table, context);
    return 'op' in recreate ? createIndexStatements(recreate, context.schema, concurrently) : indexFromDefinition(recreate, context.schema, concurrently);
  },
  apply: (operation, model, schema) => void schemaOf(model, schema).indexes.delete(operation.name),
};
