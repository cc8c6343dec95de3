import { UsageError } from '../src/errors.js';
import { compact } from '../src/fields/raw.js';
import { type Answers, draft, text } from '../src/wizard/answers.js';
import { COLUMN_GRAMMAR, columnQuestions, columnSpec, parseColumnToken } from '../src/wizard/column.js';
import type { OperationGenerator, OptionValues } from '../src/wizard/generator.js';
import { tableChoice } from '../src/wizard/known-choice.js';
import { knownTable, knownTables } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { identifier } from '../src/wizard/validate.js';

/** The options that say the same as the column's flags; giving both ways at once is refused. */
function columnOptions(options: OptionValues): Answers {
  return compact({
    ...(options['not-null'] === true && { nullable: false }),
    ...(options.pk === true && { primary_key: true }),
    ...(options.unique === true && { unique: true }),
    server_default: options.default,
    comment: options.comment,
  });
}

export const addColumnGenerator: OperationGenerator<'add_column'> = {
  op: 'add_column',
  title: 'Add a column',
  explanation: 'ADD COLUMN to an existing table; a default fills rows',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table to add the column to', identifier),
    // A table that has its primary key already does not get another one.
    ...columnQuestions(context, 'column.', { first: true, keyed: (answers) => knownTable(context, answers.table)?.constraints.some((constraint) => constraint.kind === 'primary_key') === true }),
  ],

  toOperation: (answers) => draft('add_column', { table: text(answers.table), column: columnSpec(answers.column) }),

  describe: (answers) => `add ${text((answers.column as Answers | undefined)?.name) ?? 'column'} to ${text(answers.table) ?? 'table'}`,

  command: {
    name: 'add-column',
    example: `create-migration add-column users preferences:jsonb --not-null --default "'{}'::jsonb"`,
    usage: 'TABLE COLUMN [--not-null] [--default EXPR] [--unique] [--pk] [--comment TEXT]',
    note: "the options are the same as the column's flags; give each one way only",
    help: `Arguments:
  TABLE               the existing table
  COLUMN              ${COLUMN_GRAMMAR}
                      e.g. preferences:jsonb, or preferences:jsonb:not-null:default='{}'::jsonb

Options (the same as the column's flags; use one way or the other):
      --not-null      the column is NOT NULL (give it a --default when the table has rows)
      --default EXPR  its server default, an SQL expression: "'{}'::jsonb", now(), "'USER'"
      --unique        a uq_{table}_{column} constraint
      --pk            it is the table's primary key
      --comment TEXT  its comment`,
    options: {
      'not-null': { type: 'boolean' },
      default: { type: 'string' },
      unique: { type: 'boolean' },
      pk: { type: 'boolean' },
      comment: { type: 'string' },
    },
    toAnswers(positionals, options) {
      noMoreThan(positionals, 2, 'add-column');
      const [table, token] = positionals;
      const fromToken = token !== undefined ? parseColumnToken(token, 'add-column') : {};
      const fromOptions = columnOptions(options);
      const twice = Object.keys(fromOptions).find((key) => key in fromToken);
      if (twice !== undefined) {
        throw new UsageError(`the column's ${twice} is given both in "${token}" and as an option; give it once\nsee: create-migration add-column --help`);
      }
      const column = { ...fromToken, ...fromOptions };
      const answers: Answers = { ...(table !== undefined && { table }), ...(Object.keys(column).length > 0 && { column }) };
      return { answers, missing: missingOf({ TABLE: table !== undefined, COLUMN: token !== undefined }) };
    },
  },
};
