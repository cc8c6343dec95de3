import { UsageError } from '../src/errors.js';
import { compact } from '../src/fields/raw.js';
import { foreignKeyName } from '../src/operations/default-names.js';
import type { ReferentialAction } from '../src/sql/definitions.js';
import { commaList, draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { tableChoice } from '../src/wizard/known-choice.js';
import { columnsHint, knownTables } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { input } from '../src/wizard/questions.js';
import { actionQuestion, parseReference, REFERENCE_GRAMMAR, referenceSpec, referentialAction } from '../src/wizard/reference.js';
import { identifier, identifierList } from '../src/wizard/validate.js';

function action(value: unknown): ReferentialAction | undefined {
  const given = text(value);
  return given === undefined || referentialAction(given) === 'NO ACTION' ? undefined : referentialAction(given);
}

export const addForeignKeyGenerator: OperationGenerator<'add_foreign_key'> = {
  op: 'add_foreign_key',
  title: 'Add a foreign key',
  explanation: 'FOREIGN KEY with ON DELETE; NOT VALID + VALIDATE too',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table that holds the reference', identifier),
    input({ name: 'columns', message: (answers) => `Its columns, comma-separated${columnsHint(context, answers.table) || ' (e.g. flow_id)'}`, validate: identifierList }),
    input({
      name: 'references',
      message: `Referenced ${REFERENCE_GRAMMAR} (e.g. flows.id)`,
      validate: (value, answers) => {
        const reference = parseReference(value);
        if (typeof reference === 'string') return reference;
        const count = commaList(answers.columns).length;
        return reference.columns.length === count ? true : `name ${count} referenced column(s), one for each of ${commaList(answers.columns).join(', ')}`;
      },
    }),
    actionQuestion('on_delete', 'ON DELETE (what happens to these rows when the referenced row is deleted)'),
    {
      type: 'confirm',
      name: 'not_valid',
      message: 'Add it NOT VALID and validate in its own transaction (no long write lock on a big table)?',
      default: false,
    },
    input({
      name: 'name',
      message: 'Constraint name',
      default: (answers) => {
        const reference = parseReference(String(answers.references));
        const referredTable = typeof reference === 'string' ? '' : reference.table;
        return foreignKeyName(context.defaults.naming, String(answers.table), commaList(answers.columns), referredTable);
      },
      validate: identifier,
    }),
  ],

  toOperation: (answers) => {
    const reference = parseReference(String(answers.references ?? ''));
    return draft('add_foreign_key', {
      table: text(answers.table),
      columns: commaList(answers.columns),
      // Text that is no reference is passed on as given, for the spec reader to refuse with its path.
      references: typeof reference === 'string' ? (text(answers.references) as unknown as ReturnType<typeof referenceSpec> | undefined) : referenceSpec(reference),
      on_delete: action(answers.on_delete),
      on_update: action(answers.on_update),
      name: text(answers.name),
      not_valid: answers.not_valid === true ? true : undefined,
    });
  },

  describe: (answers) => {
    const reference = parseReference(String(answers.references ?? ''));
    return `link ${text(answers.table) ?? 'table'} to ${typeof reference === 'string' ? 'table' : reference.table}`;
  },

  command: {
    name: 'add-foreign-key',
    aliases: ['add-fk'],
    example: 'create-migration add-foreign-key flow_steps flow_id flows.id --on-delete cascade',
    usage: `TABLE COLUMN[,COLUMN...] ${REFERENCE_GRAMMAR} [--on-delete ACTION] [--on-update ACTION] [--not-valid] [--name NAME]`,
    note: '`ACTION`: `no-action`, `restrict`, `cascade`, `set-null`, `set-default`',
    help: `Arguments:
  TABLE               the table that holds the reference
  COLUMN              its columns, comma-separated for a composite key
  ${REFERENCE_GRAMMAR}
                      the referenced table and columns, e.g. flows.id or public.flows.id

Options:
      --on-delete ACTION  no-action (default), restrict, cascade, set-null, set-default
      --on-update ACTION  the same, for updates of the referenced key
      --not-valid     add it NOT VALID, then VALIDATE in an autocommit block (no long write lock)
      --name NAME     the constraint's name; default: fk_{table}_{columns}_{referred_table}`,
    options: {
      'on-delete': { type: 'string' },
      'on-update': { type: 'string' },
      'not-valid': { type: 'boolean' },
      name: { type: 'string' },
    },
    toAnswers(positionals, options) {
      noMoreThan(positionals, 3, 'add-foreign-key');
      const [table, columns, references] = positionals;
      if (references !== undefined) {
        const reference = parseReference(references);
        if (typeof reference === 'string') throw new UsageError(`${reference}\nsee: create-migration add-foreign-key --help`);
      }
      const answers = compact({
        table,
        columns,
        references,
        on_delete: options['on-delete'],
        on_update: options['on-update'],
        ...(options['not-valid'] === true && { not_valid: true }),
        name: options.name,
      });
      const missing = missingOf({ TABLE: table !== undefined, COLUMN: columns !== undefined, [REFERENCE_GRAMMAR]: references !== undefined });
      return { answers: { ...answers }, missing };
    },
  },
};
