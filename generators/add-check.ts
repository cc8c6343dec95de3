import { compact } from '../src/fields/raw.js';
import { checkName } from '../src/operations/default-names.js';
import { draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { tableChoice } from '../src/wizard/known-choice.js';
import { knownTables } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { input, optional } from '../src/wizard/questions.js';
import { blockingHelp, BLOCKING_OPTION, optOut } from '../src/wizard/safe-forms.js';
import { checked, expression, identifier } from '../src/wizard/validate.js';

export const addCheckGenerator: OperationGenerator<'add_check'> = {
  op: 'add_check',
  title: 'Add a check constraint',
  explanation: 'a named CHECK, guarded on its own by pg_constraint',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table', identifier),
    input({
      name: 'expression',
      message: "Condition, an SQL expression (e.g. status IN ('pending', 'active') OR status IS NULL)",
      validate: expression(context, 'check'),
    }),
    input({
      name: 'name',
      message: 'Constraint name',
      // The name the spec would derive, so Enter keeps the team's naming pattern.
      default: (answers) => {
        const result = checked(context, String(answers.expression), 'check');
        if (typeof result === 'string') return undefined;
        return checkName(context.defaults.naming, String(answers.table), result);
      },
      validate: optional(identifier),
    }),
  ],

  toOperation: (answers) => draft('add_check', { table: text(answers.table), name: text(answers.name), expression: text(answers.expression), not_valid: optOut(answers.not_valid) }),

  describe: (answers) => `add ${text(answers.name) ?? 'check'} to ${text(answers.table) ?? 'table'}`,

  command: {
    name: 'add-check',
    example: `create-migration add-check users "status IN ('pending', 'active') OR status IS NULL"`,
    usage: 'TABLE EXPRESSION [--name NAME] [--blocking]',
    help: `Arguments:
  TABLE               the table
  EXPRESSION          the condition, one SQL expression: "status IN ('pending', 'active')"

Options:
      --name NAME     the constraint's name; default: ck_{table}_{columns it reads}
${blockingHelp(22)}`,
    options: { name: { type: 'string' }, ...BLOCKING_OPTION },
    toAnswers(positionals, options) {
      noMoreThan(positionals, 2, 'add-check');
      const [table, condition] = positionals;
      const answers = compact({ table, expression: condition, name: options.name, ...(options.blocking === true && { not_valid: false }) });
      return { answers: { ...answers }, missing: missingOf({ TABLE: table !== undefined, EXPRESSION: condition !== undefined }) };
    },
  },
};
