import { compact } from '../src/fields/raw.js';
import { draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { knownChoice, tableChoice } from '../src/wizard/known-choice.js';
import { knownColumns, knownTables } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { input } from '../src/wizard/questions.js';
import { identifier } from '../src/wizard/validate.js';

export const renameColumnGenerator: OperationGenerator<'rename_column'> = {
  op: 'rename_column',
  title: 'Rename a column',
  explanation: 'RENAME COLUMN, keeping its data',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table', identifier),
    ...knownChoice({ name: 'from', message: 'Column to rename', known: (answers) => knownColumns(context, answers.table), another: 'another column...', validate: identifier }),
    input({
      name: 'to',
      message: 'New name',
      validate: (value, answers) => (value.trim() === answers.from ? 'is the same as the current name' : identifier(value)),
    }),
  ],

  toOperation: (answers) => draft('rename_column', { table: text(answers.table), from: text(answers.from), to: text(answers.to) }),

  describe: (answers) => `rename ${text(answers.table) ?? 'table'} ${text(answers.from) ?? 'column'} to ${text(answers.to) ?? 'column'}`,

  command: {
    name: 'rename-column',
    example: 'create-migration rename-column users email email_address',
    usage: 'TABLE FROM TO',
    help: `Arguments:
  TABLE               the table
  FROM                the column's current name
  TO                  its new name`,
    options: {},
    toAnswers(positionals) {
      noMoreThan(positionals, 3, 'rename-column');
      const [table, from, to] = positionals;
      const answers = compact({ table, from, to });
      return { answers: { ...answers }, missing: missingOf({ TABLE: table !== undefined, FROM: from !== undefined, TO: to !== undefined }) };
    },
  },
};
