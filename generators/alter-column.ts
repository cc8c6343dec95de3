import { UsageError } from '../src/errors.js';
import { compact } from '../src/fields/raw.js';
import { type Answers, draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { knownChoice, tableChoice } from '../src/wizard/known-choice.js';
import { knownColumn, knownColumns, knownTables } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { input, optional } from '../src/wizard/questions.js';
import { blockingHelp, BLOCKING_OPTION, bothGiven, optOut, safeFormQuestion } from '../src/wizard/safe-forms.js';
import { columnType, expression, identifier, operationRule } from '../src/wizard/validate.js';

const NULLABILITY = [
  { name: 'leave it as it is', value: 'same', short: 'unchanged' },
  { name: 'make it NOT NULL', value: 'not-null', short: 'NOT NULL' },
  { name: 'allow NULL', value: 'null', short: 'NULL allowed' },
];

/** "" (asked, left empty) means no default: the spec's null. */
function defaultOf(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  return text(value) ?? null;
}

export const alterColumnGenerator: OperationGenerator<'alter_column'> = {
  op: 'alter_column',
  title: 'Change a column',
  explanation: 'type, NULL / NOT NULL or default; downgrade restores',

  questions: (context) => {
    // What the downgrade restores comes from the known schema when it holds the column.
    const unknown = (answers: Answers): boolean => knownColumn(context, answers.table, answers.column) === undefined;
    // A value is held to the column's type, as the spec holds it: the new type, else the known one.
    const value = (field: 'backfill' | 'server_default' | 'from_server_default', rest: Readonly<Record<string, unknown>>) =>
      optional(operationRule(context, 'alter_column', field, (input, answers) => ({ table: text(answers.table), column: text(answers.column), type: text(answers.type), from_type: text(answers.from_type), ...rest, [field]: input }), { at: field, strict: true }));
    return [
    ...tableChoice(() => knownTables(context), 'Table', identifier),
    ...knownChoice({ name: 'column', message: 'Column', known: (answers) => knownColumns(context, answers.table), another: 'another column...', validate: identifier }),
    { type: 'confirm', name: 'change_type', message: 'Change its type?', default: false },
    input({ name: 'type', message: 'New type', when: (answers) => answers.change_type === true, validate: columnType(context) }),
    input({
      name: 'using',
      message: (answers) => `How to convert, an SQL expression (e.g. ${String(answers.column)}::text; empty for a plain cast)`,
      when: (answers) => answers.change_type === true,
      validate: optional(expression(context, 'value')),
    }),
    input({ name: 'from_type', message: 'Its current type (for the downgrade)', when: (answers) => answers.change_type === true && unknown(answers), validate: columnType(context) }),
    input({
      name: 'from_using',
      message: 'How to convert back (empty for a plain cast)',
      when: (answers) => answers.change_type === true && unknown(answers),
      validate: optional(expression(context, 'value')),
    }),
    { type: 'list', name: 'nullability', message: 'NULL / NOT NULL', choices: NULLABILITY, default: 'same' },
    input({
      name: 'backfill',
      message: 'Value for the rows that hold NULL now, an SQL expression (empty for none)',
      when: (answers) => answers.nullability === 'not-null',
      validate: value('backfill', { nullable: false }),
    }),
    {
      ...safeFormQuestion('not_valid', 'Prove it with a CHECK validated in its own transaction first (no scan under an exclusive lock; no: a plain SET NOT NULL)?'),
      when: (answers) => answers.nullability === 'not-null',
    },
    { type: 'confirm', name: 'change_default', message: 'Change its default?', default: false },
    input({
      name: 'server_default',
      message: 'New default, an SQL expression (empty to drop the default)',
      when: (answers) => answers.change_default === true,
      validate: value('server_default', {}),
    }),
    input({
      name: 'from_server_default',
      message: 'Its current default (for the downgrade; empty for none)',
      when: (answers) => answers.change_default === true && unknown(answers),
      validate: value('from_server_default', { server_default: null }),
    }),
    ];
  },

  toOperation: (answers: Answers) => {
    const changeDefault = answers.change_default === true || answers.server_default !== undefined;
    const fromDefault = defaultOf(answers.from_server_default);
    return draft('alter_column', {
      table: text(answers.table),
      column: text(answers.column),
      type: text(answers.type),
      using: text(answers.using),
      from_type: text(answers.from_type),
      from_using: text(answers.from_using),
      nullable: answers.nullability === 'not-null' ? false : answers.nullability === 'null' ? true : undefined,
      backfill: text(answers.backfill),
      not_valid: optOut(answers.not_valid),
      server_default: changeDefault ? defaultOf(answers.server_default ?? '') : undefined,
      from_server_default: changeDefault && fromDefault !== null ? fromDefault : undefined,
    });
  },

  describe: (answers) => `change ${text(answers.table) ?? 'table'} ${text(answers.column) ?? 'column'}`,

  command: {
    name: 'alter-column',
    example: "create-migration alter-column users preferences --not-null --backfill \"'{}'::jsonb\"",
    usage: 'TABLE COLUMN [--type TYPE [--using EXPR] --from-type TYPE [--from-using EXPR]] [--not-null [--backfill EXPR] | --null] [--blocking] [--default EXPR | --drop-default] [--from-default EXPR]',
    note: 'at least one change: `--type` (with its conversions), `--not-null` or `--null`, `--default` or `--drop-default`',
    help: `Arguments:
  TABLE                 the table
  COLUMN                the column to change; give at least one change:

Options:
      --type TYPE       its new type
      --using EXPR      how to convert, e.g. id::text; default: a plain cast
      --from-type TYPE  its current type, which the downgrade restores
      --from-using EXPR how to convert back
      --not-null        make it NOT NULL
      --backfill EXPR   first set the rows that hold NULL to EXPR, in batches that each commit;
                        EXPR may use the row's other columns: lower(email)
      --null            allow NULL (drop NOT NULL); the downgrade sets it back the careful way
${blockingHelp(24)}
      --not-valid       prove NOT NULL behind a CHECK ... NOT VALID + VALIDATE (the default)
      --default EXPR    set its default
      --drop-default    drop its default
      --from-default EXPR  its current default, which the downgrade restores (default: none)`,
    options: {
      type: { type: 'string' },
      using: { type: 'string' },
      'from-type': { type: 'string' },
      'from-using': { type: 'string' },
      'not-null': { type: 'boolean' },
      backfill: { type: 'string' },
      'not-valid': { type: 'boolean' },
      ...BLOCKING_OPTION,
      null: { type: 'boolean' },
      default: { type: 'string' },
      'drop-default': { type: 'boolean' },
      'from-default': { type: 'string' },
    },
    toAnswers(positionals, options) {
      noMoreThan(positionals, 2, 'alter-column');
      const [table, column] = positionals;
      const fail = (message: string): never => {
        throw new UsageError(`${message}\nsee: create-migration alter-column --help`);
      };
      if (options['not-null'] === true && options.null === true) fail('give --not-null or --null, not both');
      bothGiven(options, 'not-valid', 'alter-column');
      if (typeof options.default === 'string' && options['drop-default'] === true) fail('give --default or --drop-default, not both');
      const changesDefault = typeof options.default === 'string' || options['drop-default'] === true;
      const answers = compact({
        table,
        column,
        type: options.type,
        using: options.using,
        from_type: options['from-type'],
        from_using: options['from-using'],
        nullability: options['not-null'] === true ? 'not-null' : options.null === true ? 'null' : undefined,
        backfill: options.backfill,
        ...(options['not-valid'] === true && { not_valid: true }),
        ...(options.blocking === true && { not_valid: false }),
        ...(changesDefault && { change_default: true }),
        server_default: options.default,
        from_server_default: options['from-default'],
      });
      const changes = answers.type !== undefined || answers.nullability !== undefined || changesDefault;
      const missing = missingOf({ TABLE: table !== undefined, COLUMN: column !== undefined, 'a change (--type, --not-null, --null, --default or --drop-default)': changes });
      return { answers: { ...answers }, missing };
    },
  },
};
