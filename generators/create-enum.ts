import { commaList, draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { missingOf } from '../src/wizard/positionals.js';
import { input } from '../src/wizard/questions.js';
import { enumLabels, identifier } from '../src/wizard/validate.js';

export const createEnumGenerator: OperationGenerator<'create_enum'> = {
  op: 'create_enum',
  title: 'Create an enum type',
  explanation: 'CREATE TYPE ... AS ENUM, for columns to use',

  questions: () => [
    input({ name: 'name', message: 'Enum type name', validate: identifier }),
    input({ name: 'values', message: 'Values, comma-separated, in order (e.g. ADMIN, USER, AUDITOR)', validate: enumLabels }),
  ],

  toOperation: (answers) => draft('create_enum', { name: text(answers.name), values: commaList(answers.values) }),

  describe: (answers) => `create enum ${text(answers.name) ?? ''}`.trim(),

  supporting: true,

  command: {
    name: 'create-enum',
    example: `create-migration create-enum service_account_role ADMIN USER AUDITOR`,
    usage: 'NAME VALUE...',
    help: `Arguments:
  NAME                the enum type's name
  VALUE               its labels, in order (case matters: ADMIN is not admin)`,
    options: {},
    toAnswers(positionals) {
      const [name, ...values] = positionals;
      const answers = {
        ...(name !== undefined && { name }),
        ...(values.length > 0 && { values }),
      };
      return { answers, missing: missingOf({ NAME: name !== undefined, 'VALUE...': values.length > 0 }) };
    },
  },
};
