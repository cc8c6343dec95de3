import { compact } from '../src/fields/raw.js';
import { draft, text } from '../src/wizard/answers.js';
import type { OperationGenerator } from '../src/wizard/generator.js';
import { missingOf, noMoreThan } from '../src/wizard/positionals.js';
import { input } from '../src/wizard/questions.js';
import { operationRule } from '../src/wizard/validate.js';

export const executeGenerator: OperationGenerator<'execute'> = {
  op: 'execute',
  title: 'Run SQL',
  explanation: 'your own statements and the SQL that undoes them',

  // Checked by execute's own parser: statements that fail when run again are refused here.
  questions: (context) => [
    input({
      name: 'upgrade',
      message: 'SQL to run (one line; statements separated by ;)',
      validate: operationRule(context, 'execute', 'upgrade', (upgrade) => ({ upgrade, irreversible: true })),
    }),
    {
      type: 'list',
      name: 'undo',
      message: 'How is it undone?',
      choices: [
        { name: 'by SQL I give next', value: 'sql', short: 'by SQL' },
        { name: 'it cannot be: the downgrade refuses, pointing at a backup', value: 'irreversible', short: 'irreversible' },
      ],
      default: 'sql',
    },
    input({
      name: 'downgrade',
      message: 'SQL that undoes it',
      when: (answers) => answers.undo === 'sql',
      validate: operationRule(context, 'execute', 'downgrade', (downgrade) => ({ upgrade: 'SELECT 1', downgrade })),
    }),
  ],

  toOperation: (answers) =>
    draft('execute', {
      upgrade: text(answers.upgrade),
      downgrade: answers.undo === 'irreversible' ? undefined : text(answers.downgrade),
      irreversible: answers.undo === 'irreversible' ? true : undefined,
    }),

  describe: () => 'run sql',

  command: {
    name: 'execute',
    example: `create-migration execute "UPDATE users SET status = 'active' WHERE status IS NULL" "UPDATE users SET status = NULL WHERE status = 'active'" -m "backfill user status"`,
    usage: 'UPGRADE_SQL [DOWNGRADE_SQL | --irreversible]',
    help: `Arguments:
  UPGRADE_SQL         the statements to run
  DOWNGRADE_SQL       the statements that undo them

Options:
      --irreversible  there is no undo: the downgrade raises NotImplementedError`,
    options: { irreversible: { type: 'boolean' } },
    toAnswers(positionals, options) {
      noMoreThan(positionals, 2, 'execute');
      const [upgrade, downgrade] = positionals;
      const irreversible = options.irreversible === true;
      const answers = compact({ upgrade, downgrade, undo: irreversible ? 'irreversible' : downgrade !== undefined ? 'sql' : undefined });
      return { answers: { ...answers }, missing: missingOf({ UPGRADE_SQL: upgrade !== undefined, 'DOWNGRADE_SQL (or --irreversible)': irreversible || downgrade !== undefined }) };
    },
  },
};
