import { compact } from '../src/fields/raw.js';
import { draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { knownChoice, tableChoice } from '../src/wizard/known-choice.js';
import { knownConstraint, knownTable, knownTables } from '../src/wizard/known.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { input, optional } from '../src/wizard/questions.js';
import { identifier, operationRule } from '../src/wizard/validate.js';

export const dropConstraintGenerator: OperationGenerator<'drop_constraint'> = {
  op: 'drop_constraint',
  title: 'Drop a constraint',
  explanation: 'DROP CONSTRAINT; re-added from its definition',

  questions: (context) => [
    ...tableChoice(() => knownTables(context), 'Table', identifier),
    ...knownChoice({ name: 'name', message: 'Constraint to drop', known: (answers) => knownTable(context, answers.table)?.constraints.map((constraint) => constraint.name) ?? [], another: 'another constraint...', validate: identifier }),
    input({
      name: 'definition',
      message: 'Its definition, for the downgrade (e.g. CHECK (position > 0); empty: the downgrade refuses)',
      when: (answers) => knownConstraint(context, answers.table, answers.name) === undefined,
      validate: optional(operationRule(context, 'drop_constraint', 'definition', (definition) => ({ table: 't', name: 'c', definition }))),
    }),
  ],

  toOperation: (answers) => draft('drop_constraint', { table: text(answers.table), name: text(answers.name), definition: text(answers.definition) }),

  describe: (answers) => `drop ${text(answers.name) ?? 'constraint'} from ${text(answers.table) ?? 'table'}`,

  command: {
    name: 'drop-constraint',
    example: 'create-migration drop-constraint flow_steps ck_flow_steps_position "CHECK (position > 0)"',
    usage: 'TABLE NAME [DEFINITION]',
    note: 'the downgrade re-adds the constraint from its definition, or from the known schema',
    help: `Arguments:
  TABLE               the table
  NAME                the constraint to drop
  DEFINITION          its definition, e.g. "CHECK (position > 0)" or "UNIQUE (email)": with it (or
                      with the known schema's) the downgrade re-adds the constraint; without, it
                      refuses to run`,
    options: {},
    toAnswers(positionals) {
      noMoreThan(positionals, 3, 'drop-constraint');
      const [table, name, definition] = positionals;
      const answers = compact({ table, name, definition });
      return { answers: { ...answers }, missing: missingOf({ TABLE: table !== undefined, NAME: name !== undefined }) };
    },
  },
};
