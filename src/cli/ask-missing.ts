import inquirer from 'inquirer';
import type { ProjectSettings } from '../project/settings.js';
import { loadSqlParser } from '../sql/sql-parser.js';
import type { Answers } from '../wizard/answers.js';
import { ask } from '../wizard/ask.js';
import type { OperationGenerator } from '../wizard/generator.js';
import { knownSchema } from '../wizard/project.js';
import { inquirerPrompt } from '../wizard/inquirer-prompt.js';
import { exitOnCancel } from './cancel.js';
import type { CliIo } from './io.js';

/** A one-line command left answers out: ask the operation's questions whose answers are not given. */
export async function askMissing(io: CliIo, settings: ProjectSettings, generator: OperationGenerator, given: Answers, schema: string | undefined): Promise<Answers> {
  const context = {
    sql: await loadSqlParser(),
    defaults: settings.defaults,
    schema: schema ?? settings.defaults.schema,
    enums: new Set<string>(),
    model: await knownSchema(settings),
  };
  const stop = exitOnCancel(io);
  try {
    return await ask(inquirerPrompt(inquirer), generator.questions(context), given);
  } finally {
    stop();
  }
}
