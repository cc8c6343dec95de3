import { compact } from '../src/fields/raw.js';
import { indexName } from '../src/operations/default-names.js';
import { commaList, draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { tableChoice } from '../src/wizard/known-choice.js';
import { columnsHint, knownTables } from '../src/wizard/known.js';
import { missingOf } from '../src/wizard/positionals.js';
import { input, optional } from '../src/wizard/questions.js';
import { expression, identifier, identifierList, qualifiedName } from '../src/wizard/validate.js';

const METHODS = [
  { name: 'btree (equality and ranges; the default)', value: 'btree', short: 'btree' },
  { name: 'gin (jsonb, arrays, full text)', value: 'gin', short: 'gin' },
  { name: 'gist (geometry, ranges, exclusion)', value: 'gist', short: 'gist' },
  { name: 'brin (huge tables in physical order)', value: 'brin', short: 'brin' },
  { name: 'hash (equality only)', value: 'hash', short: 'hash' },
  { name: 'spgist', value: 'spgist' },
];

export const createIndexGenerator: OperationGenerator<'create_index'> = {
  op: 'create_index',
  title: 'Add an index',
  explanation: 'CREATE INDEX: unique, partial or CONCURRENTLY',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table', identifier),
    input({ name: 'columns', message: (answers) => `Columns, comma-separated${columnsHint(context, answers.table) || ' (e.g. account_id, created_at)'}`, validate: identifierList }),
    { type: 'confirm', name: 'unique', message: 'Unique?', default: false },
    {
      type: 'choice-or-text',
      name: 'using',
      message: 'Index method',
      choices: METHODS,
      other: "other (an extension's method, e.g. ivfflat, hnsw)...",
      default: 'btree',
      validate: identifier,
      filter: (value) => value.trim(),
    },
    input({
      name: 'opclass',
      message: 'Operator class for its columns (e.g. jsonb_path_ops; empty for the default)',
      when: (answers) => answers.using !== 'btree' && answers.using !== 'hash',
      validate: optional(qualifiedName),
    }),
    input({ name: 'where', message: 'Only rows where (an SQL condition for a partial index; empty for all rows)', validate: optional(expression(context, 'predicate')) }),
    {
      type: 'confirm',
      name: 'concurrently',
      message: 'Build it CONCURRENTLY (no write lock on a busy table; runs outside the transaction)?',
      default: false,
    },
    input({
      name: 'name',
      message: 'Index name',
      default: (answers) => indexName(context.defaults.naming, String(answers.table), commaList(answers.columns)),
      validate: identifier,
    }),
  ],

  toOperation: (answers) =>
    draft('create_index', {
      table: text(answers.table),
      columns: commaList(answers.columns),
      name: text(answers.name),
      unique: answers.unique === true ? true : undefined,
      // btree is the default method: the spec leaves it out, as a person writes it.
      using: text(answers.using) === 'btree' ? undefined : text(answers.using),
      opclass: text(answers.opclass),
      where: text(answers.where),
      concurrently: answers.concurrently === true ? true : undefined,
    }),

  describe: (answers) => `index ${text(answers.table) ?? 'table'} ${commaList(answers.columns).join(' ')}`.trim(),

  command: {
    name: 'create-index',
    example: `create-migration create-index events created_at --concurrently`,
    aliases: ['add-index'],
    usage: 'TABLE COLUMN... [--unique] [--using METHOD] [--opclass OPCLASS] [--where EXPR] [--concurrently] [--name NAME]',
    help: `Arguments:
  TABLE                 the table
  COLUMN                the indexed columns, in order

Options:
      --unique          a unique index
      --using METHOD    btree (default), hash, gin, gist, spgist, brin, or an extension's method
      --opclass OPCLASS the operator class of every column, e.g. jsonb_path_ops
      --where EXPR      a partial index: only rows where EXPR holds, e.g. "deleted_at IS NULL"
      --concurrently    CREATE INDEX CONCURRENTLY, in an autocommit block
      --name NAME       the index's name; default: ix_{table}_{columns}`,
    options: {
      unique: { type: 'boolean' },
      using: { type: 'string' },
      opclass: { type: 'string' },
      where: { type: 'string' },
      concurrently: { type: 'boolean' },
      name: { type: 'string' },
    },
    toAnswers(positionals, options) {
      const [table, ...columns] = positionals;
      const answers = compact({
        table,
        ...(columns.length > 0 && { columns }),
        ...(options.unique === true && { unique: true }),
        using: options.using,
        opclass: options.opclass,
        where: options.where,
        ...(options.concurrently === true && { concurrently: true }),
        name: options.name,
      });
      return { answers: { ...answers }, missing: missingOf({ TABLE: table !== undefined, 'COLUMN...': columns.length > 0 }) };
    },
  },
};
