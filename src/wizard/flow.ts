import type { SpecProblem } from '../errors.js';
import { displayPath } from '../fs/display-path.js';
import { composeFromHistory } from '../generate/write-migration.js';
import type { VersionsDirectory } from '../history/read-versions.js';
import { formatLockSummary } from '../migration/lock-summary.js';
import type { OperationName } from '../operations/registry.js';
import type { ProjectSettings } from '../project/settings.js';
import type { SchemaModel } from '../schema/model.js';
import type { SqlParser } from '../sql/sql-parser.js';
import { ask } from './ask.js';
import { generatorList, type Generators } from './generator.js';
import { enumsCreated, specFromAnswers, suggestMessage, type MigrationAnswers, type OperationAnswers } from './migration-answers.js';
import type { ListQuestion, Prompt } from './questions.js';
import type { PromptContext } from './validate.js';

/** What the wizard works in: the project's settings and history (read once per run), the SQL parser, the output. */
export interface WizardProject {
  readonly settings: ProjectSettings;
  /** The versions directory's history, read when the wizard starts: the preview is composed after it. */
  readonly history: VersionsDirectory;
  /** The names of the migration files it was read from: the preview is written only while they are the same. */
  readonly files: readonly string[];
  readonly sql: SqlParser;
  /**
   * The schema the history's specs build, before this migration. Replaying a long history takes
   * a moment, so it is read while the first question (the operation menu) waits for the person.
   */
  readonly model: Promise<SchemaModel>;
  /** Alembic's `Create Date` line for the file. */
  date(): string;
  print(text: string): void;
}

/** "What do you want to do?": every operation with its one-line explanation. */
export function operationQuestion(generators: Generators, message: string): ListQuestion {
  const list = generatorList(generators);
  const titleWidth = Math.max(...list.map((generator) => generator.title.length)) + 2;
  return {
    type: 'list',
    name: 'op',
    message,
    choices: list.map((generator) => ({
      name: `${generator.title.padEnd(titleWidth)}${generator.explanation}`,
      value: generator.op,
      short: generator.title,
    })),
    pageSize: list.length,
  };
}

async function promptContext(project: WizardProject, generators: Generators, before: readonly OperationAnswers[], schema?: string): Promise<PromptContext> {
  const { defaults } = project.settings;
  return { sql: project.sql, defaults, schema: schema ?? defaults.schema, enums: enumsCreated(generators, before), model: await project.model };
}

function formatWarnings(warnings: readonly SpecProblem[]): string {
  return warnings.map((warning) => `warning: ${warning.path}: ${warning.message}\n`).join('');
}

/**
 * The wizard after the first choice: that operation's questions, "add another?" (and the next
 * operation's), the message, then the file as it would be written and a confirmation. Nothing
 * is written here; plop's action writes it with the same function `generate --spec` uses.
 */
export async function migrationFlow(prompt: Prompt, project: WizardProject, generators: Generators, first: OperationName): Promise<MigrationAnswers> {
  const operations: OperationAnswers[] = [];
  let op = first;
  for (;;) {
    const answers = await ask(prompt, generators[op].questions(await promptContext(project, generators, operations)));
    operations.push({ ...answers, op });
    const { more } = await prompt([{ type: 'confirm', name: 'more', message: 'Add another operation to this migration?', default: false }]);
    if (more !== true) break;
    op = (await prompt([operationQuestion(generators, 'What else?')])).op as OperationName;
  }
  const { message } = await prompt([
    {
      type: 'input',
      name: 'message',
      message: 'Message (the docstring, and the file name after the number)',
      default: suggestMessage(generators, operations),
      filter: (value) => value.trim(),
      validate: (value) => (value.trim() === '' ? 'must not be empty' : true),
    },
  ]);
  const chosen: MigrationAnswers = { operations, message: String(message) };
  // The schema the prompts consulted, copied: reading the spec applies its operations to it.
  const knowledge = { model: structuredClone(await project.model), source: "the history's specs", strict: true };
  const preview = await composeFromHistory(specFromAnswers(generators, chosen), project.history, {
    settings: project.settings,
    date: project.date(),
    knowledge,
    onWarnings: (warnings) => project.print(formatWarnings(warnings)),
  });
  const path = displayPath(project.settings.cwd, preview.path);
  project.print(`\n----- ${path} -----\n${preview.content}----- end of ${path} -----\n\n${formatLockSummary(preview.locks)}\n`);
  const { confirmed } = await prompt([{ type: 'confirm', name: 'confirmed', message: `Write ${path}?`, default: true }]);
  return { ...chosen, confirmed: confirmed === true, preview };
}
