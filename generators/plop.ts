import type { ActionType, NodePlopAPI } from 'node-plop';
import { displayPath } from '../src/fs/display-path.js';
import { writeMigration } from '../src/generate/write-migration.js';
import { migrationFlow, type WizardProject } from '../src/wizard/flow.js';
import type { Answers } from './answers.js';
import { GENERATOR_LIST } from './index.js';
import { specFromAnswers, type MigrationAnswers } from './migration-answers.js';
import type { Prompt } from './questions.js';

/** The part of plop's plopfile API this module uses. */
export type PlopfileApi = Pick<NodePlopAPI, 'setGenerator'>;

/** Writes the migration the answers describe; plop shows the returned path. */
function writeAction(project: () => Promise<WizardProject>) {
  return async (answers: Answers): Promise<string> => {
    const { settings, date } = await project();
    const written = await writeMigration(specFromAnswers(answers as unknown as MigrationAnswers), { settings, dryRun: false, date: date() });
    return displayPath(settings.cwd, written.path);
  };
}

/**
 * One plop generator per operation, named like its one-line command. Its prompts are the
 * wizard starting at that operation; its action writes with the code `generate --spec` uses.
 */
export function registerGenerators(plop: PlopfileApi, project: () => Promise<WizardProject>): void {
  for (const generator of GENERATOR_LIST) {
    plop.setGenerator(generator.command.name, {
      description: `${generator.title} — ${generator.explanation}`,
      prompts: async (inquirer) => ({ ...(await migrationFlow(inquirer.prompt as Prompt, await project(), generator.op)) }),
      actions: (answers): ActionType[] => (answers?.confirmed === false ? ['Nothing was written.'] : [writeAction(project)]),
    });
  }
}
