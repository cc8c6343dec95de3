import { type Answers, draft, text } from '../src/wizard/answers.js';
import { columnQuestions, columnSpec, parseColumnToken } from '../src/wizard/column.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { knownChoice, tableChoice } from '../src/wizard/known-choice.js';
import { knownColumn, knownColumns, knownTables } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { askedWhen } from '../src/wizard/questions.js';
import { identifier } from '../src/wizard/validate.js';

export const dropColumnGenerator: OperationGenerator<'drop_column'> = {
  op: 'drop_column',
  title: 'Drop a column',
  explanation: 'DROP COLUMN and its data; downgrade re-adds it empty',

  // The downgrade re-creates the column: from the known schema when it holds the column, else
  // from the definition asked for here.
  questions: (context) => {
    const [name, ...definition] = columnQuestions(context, 'column.', { first: true, existing: true });
    const unknown = (answers: Answers): boolean => knownColumn(context, answers.table, (answers.column as Answers | undefined)?.name) === undefined;
    const columnName = knownChoice({
      name: 'column.name',
      message: name!.message as string,
      known: (answers) => knownColumns(context, answers.table),
      another: 'another column...',
      validate: identifier,
    });
    return [...tableChoice(() => knownTables(context), 'Table', identifier), ...columnName, ...askedWhen(definition, unknown)];
  },

  // Only the name when nothing else was given: the operation takes the rest from the known schema.
  toOperation: (answers) => {
    const column = columnSpec(answers.column);
    const onlyName = Object.keys(column).length === 1 && typeof column.name === 'string';
    return draft('drop_column', { table: text(answers.table), column: onlyName ? column.name : column });
  },

  describe: (answers) => `drop ${text((answers.column as Answers | undefined)?.name) ?? 'column'} from ${text(answers.table) ?? 'table'}`,

  command: {
    name: 'drop-column',
    example: 'create-migration drop-column documents is_published:boolean:not-null:default=false',
    usage: 'TABLE COLUMN',
    note: "`COLUMN` is the column's name when the known schema holds it, else `NAME:TYPE[:FLAG...]` as it is now (the downgrade re-adds it from that)",
    help: `Arguments:
  TABLE               the table
  COLUMN              the column's NAME when the known schema (the history's specs, or
                      --database-url) holds it; else the column as it is now, NAME:TYPE[:FLAG...]
                      as for add-column. The downgrade re-adds it from that (empty, at the end)`,
    options: {},
    toAnswers(positionals) {
      noMoreThan(positionals, 2, 'drop-column');
      const [table, token] = positionals;
      const answers: Answers = {
        ...(table !== undefined && { table }),
        ...(token !== undefined && { column: token.includes(':') ? parseColumnToken(token, 'drop-column') : { name: token } }),
      };
      return { answers, missing: missingOf({ TABLE: table !== undefined, COLUMN: token !== undefined }) };
    },
  },
};
