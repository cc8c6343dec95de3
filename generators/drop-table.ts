import { type Answers, draft, text } from '../src/wizard/answers.js';
import { COLUMN_GRAMMAR, columnQuestions, columnSpec, parseColumnToken } from '../src/wizard/column.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { tableChoice } from '../src/wizard/known-choice.js';
import { knownTable, knownTables } from '../src/wizard/known.js';
import { missingOf } from '../src/wizard/positionals.js';
import { identifier } from '../src/wizard/validate.js';

export const dropTableGenerator: OperationGenerator<'drop_table'> = {
  op: 'drop_table',
  title: 'Drop a table',
  explanation: 'DROP TABLE and its rows; downgrade re-creates it',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table to drop', identifier),
    {
      type: 'confirm',
      name: 'describe',
      message: 'Describe its columns, so the downgrade can re-create it (empty)? Without them the downgrade refuses to run',
      default: true,
      when: (answers) => knownTable(context, answers.table) === undefined,
    },
    {
      type: 'repeat',
      name: 'columns',
      editMessage: 'Column name (empty to remove this column)',
      when: (answers) => answers.describe === true,
      item: (items) => columnQuestions(context, '', { first: items.length === 0, table: true }),
    },
  ],

  toOperation: (answers) => {
    const columns = (answers.columns ?? []) as Answers[];
    return draft('drop_table', { table: text(answers.table), columns: columns.length > 0 ? columns.map(columnSpec) : undefined });
  },

  describe: (answers) => `drop ${text(answers.table) ?? 'table'}`,

  command: {
    name: 'drop-table',
    example: 'create-migration drop-table temp_imports id:bigint:pk payload:jsonb',
    usage: 'TABLE [COLUMN...]',
    note: 'the downgrade re-creates the table from its columns, or from the known schema',
    help: `Arguments:
  TABLE               the table to drop, with its rows
  COLUMN              its columns as they are now, ${COLUMN_GRAMMAR}
                      The downgrade re-creates the table (empty) from them, or from the known
                      schema when it holds the table; with neither, the downgrade refuses to run.`,
    options: {},
    toAnswers(positionals) {
      const [table, ...columns] = positionals;
      const answers: Answers = {
        ...(table !== undefined && { table }),
        ...(columns.length > 0 && { describe: true, columns: columns.map((token) => parseColumnToken(token, 'drop-table')) }),
      };
      return { answers, missing: missingOf({ TABLE: table !== undefined }) };
    },
  },
};
