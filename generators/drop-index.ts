import { compact } from '../src/fields/raw.js';
import { commaList, draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { knownChoice } from '../src/wizard/known-choice.js';
import { knownIndex, knownIndexes } from '../src/wizard/known.js';
import { missingOf } from '../src/wizard/positionals.js';
import { input, optional } from '../src/wizard/questions.js';
import { expression, identifier, identifierList } from '../src/wizard/validate.js';

export const dropIndexGenerator: OperationGenerator<'drop_index'> = {
  op: 'drop_index',
  title: 'Drop an index',
  explanation: 'DROP INDEX; downgrade re-creates it when described',

  questions: (context) => [
    ...knownChoice({ name: 'name', message: 'Index to drop', known: () => knownIndexes(context), another: 'another index...', validate: identifier }),
    { type: 'confirm', name: 'concurrently', message: 'Drop it CONCURRENTLY (no lock on a busy table; runs outside the transaction)?', default: false },
    {
      type: 'confirm',
      name: 'describe',
      message: 'Describe it, so the downgrade can re-create it? Without that the downgrade refuses to run',
      default: true,
      when: (answers) => knownIndex(context, answers.name) === undefined,
    },
    input({ name: 'table', message: 'Its table', when: (answers) => answers.describe === true, validate: identifier }),
    input({ name: 'columns', message: 'Its columns, comma-separated', when: (answers) => answers.describe === true, validate: identifierList }),
    { type: 'confirm', name: 'unique', message: 'Was it unique?', default: false, when: (answers) => answers.describe === true },
    input({ name: 'using', message: 'Its method', default: 'btree', when: (answers) => answers.describe === true, validate: identifier }),
    input({
      name: 'where',
      message: 'Its condition, for a partial index (empty for none)',
      when: (answers) => answers.describe === true,
      validate: optional(expression(context, 'predicate')),
    }),
  ],

  toOperation: (answers) =>
    draft('drop_index', {
      name: text(answers.name),
      concurrently: answers.concurrently === true ? true : undefined,
      table: text(answers.table),
      columns: commaList(answers.columns).length > 0 ? commaList(answers.columns) : undefined,
      unique: answers.unique === true ? true : undefined,
      using: text(answers.using) === 'btree' ? undefined : text(answers.using),
      where: text(answers.where),
    }),

  describe: (answers) => `drop index ${text(answers.name) ?? ''}`.trim(),

  command: {
    name: 'drop-index',
    example: 'create-migration drop-index ix_docs_title docs title',
    usage: 'NAME [TABLE COLUMN...] [--concurrently] [--unique] [--using METHOD] [--where EXPR]',
    note: 'the downgrade re-creates the index from its table and columns, or from the known schema',
    help: `Arguments:
  NAME                the index to drop
  TABLE COLUMN...     its table and columns: with them the downgrade re-creates the index
                      (with --unique, --using and --where as it had them); without, it does so
                      from the known schema when that holds the index, else it refuses to run

Options:
      --concurrently  DROP INDEX CONCURRENTLY, in an autocommit block
      --unique        it was a unique index
      --using METHOD  its method, when not btree
      --where EXPR    its condition, when it was partial`,
    options: {
      concurrently: { type: 'boolean' },
      unique: { type: 'boolean' },
      using: { type: 'string' },
      where: { type: 'string' },
    },
    toAnswers(positionals, options) {
      const [name, table, ...columns] = positionals;
      const answers = compact({
        name,
        ...(options.concurrently === true && { concurrently: true }),
        ...(table !== undefined && { describe: true }),
        table,
        ...(columns.length > 0 && { columns }),
        ...(options.unique === true && { unique: true }),
        using: options.using,
        where: options.where,
      });
      const missing = missingOf({ NAME: name !== undefined, ...(table !== undefined && { 'COLUMN...': columns.length > 0 }) });
      return { answers: { ...answers }, missing };
    },
  },
};
