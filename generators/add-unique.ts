import { compact } from '../src/fields/raw.js';
import { uniqueName } from '../src/operations/default-names.js';
import { commaList, draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { tableChoice } from '../src/wizard/known-choice.js';
import { columnsHint, knownTables } from '../src/wizard/known.js';
import { missingOf } from '../src/wizard/positionals.js';
import { input } from '../src/wizard/questions.js';
import { identifier, identifierList } from '../src/wizard/validate.js';

export const addUniqueGenerator: OperationGenerator<'add_unique'> = {
  op: 'add_unique',
  title: 'Add a unique constraint',
  explanation: 'UNIQUE over one or more columns',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table', identifier),
    input({ name: 'columns', message: (answers) => `Columns that together are unique, comma-separated${columnsHint(context, answers.table) || ' (e.g. tenant_id, email)'}`, validate: identifierList }),
    input({
      name: 'name',
      message: 'Constraint name',
      default: (answers) => uniqueName(context.defaults.naming, String(answers.table), commaList(answers.columns)),
      validate: identifier,
    }),
  ],

  toOperation: (answers) => draft('add_unique', { table: text(answers.table), columns: commaList(answers.columns), name: text(answers.name) }),

  describe: (answers) => `make ${text(answers.table) ?? 'table'} ${commaList(answers.columns).join(' ')} unique`.replace(/\s+/g, ' '),

  command: {
    name: 'add-unique',
    example: 'create-migration add-unique users tenant_id email',
    usage: 'TABLE COLUMN... [--name NAME]',
    help: `Arguments:
  TABLE               the table
  COLUMN              the columns that together are unique

Options:
      --name NAME     the constraint's name; default: uq_{table}_{columns}`,
    options: { name: { type: 'string' } },
    toAnswers(positionals, options) {
      const [table, ...columns] = positionals;
      const answers = compact({ table, ...(columns.length > 0 && { columns }), name: options.name });
      return { answers: { ...answers }, missing: missingOf({ TABLE: table !== undefined, 'COLUMN...': columns.length > 0 }) };
    },
  },
};
