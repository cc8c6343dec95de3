import { text, type Answers } from './answers.js';
import { columnQuestions, columnSpec, parseColumnToken } from './column.js';
import type { OperationGenerator } from './generator.js';
import { missingOf, noMoreThan } from './positionals.js';
import { input } from './questions.js';
import { identifier } from './validate.js';

export const dropColumnGenerator: OperationGenerator<'drop_column'> = {
  op: 'drop_column',
  title: 'Drop a column',
  explanation: 'DROP COLUMN and its data; downgrade re-adds it empty',

  // The column as it is now: the downgrade re-creates it from this definition.
  questions: (context) => [
    input({ name: 'table', message: 'Table', validate: identifier }),
    ...columnQuestions(context, 'column.', { first: true, existing: true }),
  ],

  toOperation: (answers) => ({ op: 'drop_column', table: text(answers.table), column: columnSpec(answers.column) }),

  describe: (answers) => `drop ${text((answers.column as Answers | undefined)?.name) ?? 'column'} from ${text(answers.table) ?? 'table'}`,

  command: {
    name: 'drop-column',
    example: 'create-migration drop-column documents is_published:boolean:not-null:default=false',
    usage: 'TABLE COLUMN',
    help: `Arguments:
  TABLE               the table
  COLUMN              the column as it is now, NAME:TYPE[:FLAG...] as for add-column:
                      the downgrade re-adds it from this (empty, at the end of the table)`,
    options: {},
    toAnswers(positionals) {
      noMoreThan(positionals, 2, 'drop-column');
      const [table, token] = positionals;
      const answers: Answers = {
        ...(table !== undefined && { table }),
        ...(token !== undefined && { column: parseColumnToken(token, 'drop-column') }),
      };
      return { answers, missing: missingOf({ TABLE: table !== undefined, COLUMN: token !== undefined }) };
    },
  },
};
