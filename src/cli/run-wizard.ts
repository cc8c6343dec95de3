import inquirer from 'inquirer';
import nodePlop from 'node-plop';
import { GENERATORS } from '../../generators/index.js';
import type { OperationName } from '../operations/registry.js';
import { loadProjectSettings, type SettingFlags } from '../project/settings.js';
import { operationQuestion } from '../wizard/flow.js';
import { registerGenerators } from '../wizard/plop.js';
import { wizardProject } from '../wizard/project.js';
import { inquirerPrompt } from '../wizard/inquirer-prompt.js';
import { exitOnCancel } from './cancel.js';
import type { CliIo } from './io.js';

/**
 * `create-migration` in a terminal: the operation menu, then the plop generator of the chosen
 * operation (registered on a node-plop instance exactly as plopfile.ts registers it): its
 * prompts gather answers, its action writes the file.
 */
export async function runWizard(io: CliIo, flags: SettingFlags = {}): Promise<number> {
  // Settings first: a project without alembic.ini is refused before the first question.
  const project = await wizardProject(loadProjectSettings(io.cwd, flags, io.env), io.env, io.stdout);
  const plop = await nodePlop('', { destBasePath: io.cwd, force: false });
  registerGenerators(plop, GENERATORS, async () => project);

  const stop = exitOnCancel(io);
  try {
    const { op } = await inquirerPrompt(inquirer)([operationQuestion(GENERATORS, 'What do you want to do?')]);
    const generator = plop.getGenerator(GENERATORS[op as OperationName].command.name);
    const answers = await generator.runPrompts();
    if (answers.confirmed !== true) {
      io.stderr('Nothing was written.\n');
      return 1;
    }
    const { changes, failures } = await generator.runActions(answers);
    if (failures.length > 0) {
      for (const failure of failures) io.stderr(`error: ${failure.error}; nothing was written\n`);
      return 1;
    }
    io.stdout(`Wrote ${changes[0]!.path}\nNext: review it, then run \`alembic upgrade head\`.\n`);
    return 0;
  } finally {
    stop();
  }
}
