import { type Answers, draft, text } from '../src/wizard/answers.js';
import { COLUMN_GRAMMAR, columnQuestions, columnSpec, parseColumnToken } from '../src/wizard/column.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { missingOf } from '../src/wizard/positionals.js';
import { input } from '../src/wizard/questions.js';
import { freeText, identifier } from '../src/wizard/validate.js';

export const createTableGenerator: OperationGenerator<'create_table'> = {
  op: 'create_table',
  title: 'Create a table',
  explanation: 'CREATE TABLE with its columns, key and constraints',

  questions: (context) => [
    input({ name: 'table', message: 'Table name', validate: identifier }),
    {
      type: 'repeat',
      name: 'columns',
      editMessage: 'Column name (empty to remove this column)',
      item: (items) => columnQuestions(context, '', { first: items.length === 0, table: true }),
    },
    input({ name: 'comment', message: 'Table comment (empty for none)', validate: freeText }),
  ],

  // Keys in the order the README writes them: the spec is kept in the file as written.
  toOperation: (answers) =>
    draft('create_table', {
      table: text(answers.table),
      comment: text(answers.comment),
      columns: ((answers.columns ?? []) as Answers[]).map(columnSpec),
    }),

  describe: (answers) => `create ${text(answers.table) ?? 'table'}`,

  command: {
    name: 'create-table',
    example: `create-migration create-table service_accounts 'id:uuid:pk:default=gen_random_uuid()' 'name:varchar(255):not-null'`,
    usage: 'TABLE COLUMN... [--comment TEXT]',
    help: `Arguments:
  TABLE               the new table's name
  COLUMN              ${COLUMN_GRAMMAR}
                      quote it when it holds ( ) or spaces: 'name:varchar(255):not-null'

Options:
      --comment TEXT  the table's comment`,
    options: { comment: { type: 'string' } },
    toAnswers(positionals, options) {
      const [table, ...columns] = positionals;
      const answers: Answers = {
        ...(table !== undefined && { table }),
        ...(columns.length > 0 && { columns: columns.map((token) => parseColumnToken(token, 'create-table')) }),
        ...(typeof options.comment === 'string' && { comment: options.comment }),
      };
      return { answers, missing: missingOf({ TABLE: table !== undefined, 'COLUMN...': columns.length > 0 }) };
    },
  },
};
