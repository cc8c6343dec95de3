import { UsageError } from '../src/errors.js';
import { compact } from '../src/fields/raw.js';
import { findEnum } from '../src/schema/model.js';
import { type Answers, draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { knownChoice } from '../src/wizard/known-choice.js';
import { knownEnums } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { input } from '../src/wizard/questions.js';
import { operationRule } from '../src/wizard/validate.js';

const PLACES = [
  { name: 'at the end', value: 'end', short: 'at the end' },
  { name: 'after a label', value: 'after', short: 'after' },
  { name: 'before a label', value: 'before', short: 'before' },
];

export const addEnumValueGenerator: OperationGenerator<'add_enum_value'> = {
  op: 'add_enum_value',
  title: 'Add a value to an enum',
  explanation: 'ALTER TYPE ... ADD VALUE, outside the transaction',

  questions: (context) => [
    // The operation's own rules: a valid name, not an enum this migration creates (list the value there).
    ...knownChoice({
      name: 'enum',
      message: 'Enum type (one that exists already)',
      known: () => knownEnums(context).filter((name) => !context.enums.has(name)),
      another: 'another enum...',
      validate: operationRule(context, 'add_enum_value', 'enum', (name) => ({ enum: name, value: 'x' })),
    }),
    // Held to the known schema: a label the enum has already is refused here.
    input({ name: 'value', message: 'New value', validate: operationRule(context, 'add_enum_value', 'value', (value, answers) => ({ enum: text(answers.enum) ?? 'e', value }), { strict: true }) }),
    { type: 'list', name: 'place', message: 'Where in the order', choices: PLACES, default: 'end' },
    ...knownChoice({
      name: 'label',
      message: 'The label it goes',
      known: (answers) => findEnum(context.model, context.schema, String(answers.enum)) ?? [],
      another: 'another label...',
      when: (answers) => answers.place === 'after' || answers.place === 'before',
      validate: (value, answers) => (value === String(answers.value) ? 'cannot be placed next to itself' : value === '' ? 'give the label' : true),
    }).map((question) => ({ ...question, message: (answers: Answers) => `The label it goes ${String(answers.place)}` })),
  ],

  toOperation: (answers) =>
    draft('add_enum_value', {
      enum: text(answers.enum),
      value: typeof answers.value === 'string' ? answers.value.trim() : (answers.value as string | undefined),
      after: answers.place === 'after' ? (answers.label as string | undefined) : undefined,
      before: answers.place === 'before' ? (answers.label as string | undefined) : undefined,
    }),

  describe: (answers) => `add ${text(answers.value) ?? 'value'} to ${text(answers.enum) ?? 'enum'}`,

  command: {
    name: 'add-enum-value',
    example: 'create-migration add-enum-value user_status LOCKED --after INACTIVE',
    usage: 'ENUM VALUE [--after LABEL | --before LABEL]',
    note: '`--after` or `--before`; neither: at the end',
    help: `Arguments:
  ENUM                the existing enum type
  VALUE               the new label (case matters)

Options:
      --after LABEL   place it after LABEL; default: at the end
      --before LABEL  place it before LABEL`,
    options: { after: { type: 'string' }, before: { type: 'string' } },
    toAnswers(positionals, options) {
      noMoreThan(positionals, 2, 'add-enum-value');
      const [name, value] = positionals;
      if (typeof options.after === 'string' && typeof options.before === 'string') {
        throw new UsageError('give --after or --before, not both\nsee: create-migration add-enum-value --help');
      }
      const place = typeof options.after === 'string' ? 'after' : typeof options.before === 'string' ? 'before' : 'end';
      const answers = compact({ enum: name, value, place, label: options.after ?? options.before });
      return { answers: { ...answers }, missing: missingOf({ ENUM: name !== undefined, VALUE: value !== undefined }) };
    },
  },
};
