import type { ActionType, NodePlopAPI } from 'node-plop';
import { displayPath } from '../fs/display-path.js';
import { writeComposed, writeMigration } from '../generate/write-migration.js';
import type { Answers } from './answers.js';
import { migrationFlow, type WizardProject } from './flow.js';
import { generatorList, type Generators } from './generator.js';
import { specFromAnswers, type MigrationAnswers } from './migration-answers.js';
import { inquirerPrompt } from './inquirer-prompt.js';

/** The part of plop's plopfile API this module uses. */
export type PlopfileApi = Pick<NodePlopAPI, 'setGenerator'>;

/**
 * Writes the migration the answers describe: the previewed file as it was shown, or (answers
 * given to runActions without prompts) the one their spec makes now. plop shows the returned path.
 */
function writeAction(generators: Generators, project: () => Promise<WizardProject>) {
  return async (answers: Answers): Promise<string> => {
    const { settings, date, files } = await project();
    const { preview } = answers as unknown as MigrationAnswers;
    const written = preview ?? (await writeMigration(specFromAnswers(generators, answers as unknown as MigrationAnswers), { settings, dryRun: false, date: date() }));
    if (preview) await writeComposed(settings.versions, preview, files);
    return displayPath(settings.cwd, written.path);
  };
}

/**
 * One plop generator per operation, named like its one-line command. Its prompts are the
 * wizard starting at that operation; its action writes with the code `generate --spec` uses.
 */
export function registerGenerators(plop: PlopfileApi, generators: Generators, project: () => Promise<WizardProject>): void {
  for (const generator of generatorList(generators)) {
    plop.setGenerator(generator.command.name, {
      description: `${generator.title} — ${generator.explanation}`,
      prompts: async (inquirer) => ({ ...(await migrationFlow(inquirerPrompt(inquirer), await project(), generators, generator.op)) }),
      actions: (answers): ActionType[] => (answers?.confirmed === false ? ['Nothing was written.'] : [writeAction(generators, project)]),
    });
  }
}
