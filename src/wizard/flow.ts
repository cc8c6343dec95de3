import { SpecError } from '../errors.js';
import type { History } from '../history/read-history.js';
import type { OperationName } from '../operations/registry.js';
import type { ProjectSettings } from '../project/settings.js';
import type { SchemaModel } from '../schema/model.js';
import { readSpec } from '../spec-file/read-spec.js';
import type { SqlParser } from '../sql/sql-parser.js';
import { ask } from './ask.js';
import { generatorList, type Generators } from './generator.js';
import { enumsCreated, specFromAnswers, suggestMessage, type MigrationAnswers, type OperationAnswers } from './migration-answers.js';
import { nextStepQuestion, showPreview, whichOperationQuestion, type NextStep } from './preview.js';
import type { ListQuestion, Prompt } from './questions.js';
import type { PromptContext } from './validate.js';

/** What the wizard works in: the project's settings and history (read once per run), the SQL parser, the output. */
export interface WizardProject {
  readonly settings: ProjectSettings;
  /** The versions directory's history, read when the wizard starts: the preview is composed after it. */
  readonly history: History;
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

/**
 * What the questions of the next operation see: the schema the history's specs build, with the
 * operations answered before it applied (a table, column or enum made earlier in this migration
 * is offered like a known one). An earlier operation the spec reader refuses changes nothing;
 * the preview says why.
 */
async function promptContext(project: WizardProject, generators: Generators, before: readonly OperationAnswers[]): Promise<PromptContext> {
  const { defaults } = project.settings;
  const model = structuredClone(await project.model);
  if (before.length > 0) {
    try {
      readSpec(specFromAnswers(generators, { operations: before, message: 'so far' }), project.sql, defaults, { model, source: "the history's specs", strict: false });
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
    }
  }
  return { sql: project.sql, defaults, schema: defaults.schema, enums: enumsCreated(generators, before), model };
}

/** One operation's questions, after the operations before it; with its earlier answers when it is being changed. */
async function askOperation(prompt: Prompt, project: WizardProject, generators: Generators, op: OperationName, before: readonly OperationAnswers[], earlier?: OperationAnswers): Promise<OperationAnswers> {
  const answers = await ask(prompt, generators[op].questions(await promptContext(project, generators, before)), {}, earlier);
  return { ...answers, op };
}

async function askMessage(prompt: Prompt, suggestion: string): Promise<string> {
  const { message } = await prompt([
    {
      type: 'input',
      name: 'message',
      message: 'Message (the docstring, and the file name after the number)',
      default: suggestion,
      filter: (value) => value.trim(),
      validate: (value) => (value.trim() === '' ? 'must not be empty' : true),
    },
  ]);
  return String(message);
}

async function chooseOperation(prompt: Prompt, generators: Generators, message: string): Promise<OperationName> {
  return (await prompt([operationQuestion(generators, message)])).op as OperationName;
}

async function chooseWhich(prompt: Prompt, generators: Generators, operations: readonly OperationAnswers[], message: string): Promise<number> {
  if (operations.length === 1) return 0;
  return Number((await prompt([whichOperationQuestion(generators, operations, message)])).which);
}

/**
 * The wizard after the first choice: that operation's questions, "add another?" (and the next
 * operation's), the message, then the file as it would be written. There the person writes it,
 * or goes back: changes any operation's answers (shown to keep or edit), adds or removes one,
 * changes the message; every change is previewed again. Nothing is written here; plop's action
 * writes the previewed file with the same function `generate --spec` uses.
 */
export async function migrationFlow(prompt: Prompt, project: WizardProject, generators: Generators, first: OperationName): Promise<MigrationAnswers> {
  const operations: OperationAnswers[] = [await askOperation(prompt, project, generators, first, [])];
  for (;;) {
    const { more } = await prompt([{ type: 'confirm', name: 'more', message: 'Add another operation to this migration?', default: false }]);
    if (more !== true) break;
    operations.push(await askOperation(prompt, project, generators, await chooseOperation(prompt, generators, 'What else?'), operations));
  }
  let message = await askMessage(prompt, suggestMessage(generators, operations));
  // A message the person took as suggested follows the operations when they change.
  let suggested = message === suggestMessage(generators, operations);
  for (;;) {
    const preview = await showPreview(project, generators, { operations, message });
    const step = (await prompt([nextStepQuestion(project, preview, operations.length)])).next as NextStep;
    if (step === 'write' && 'migration' in preview) return { operations, message, confirmed: true, preview: preview.migration };
    if (step === 'quit') return { operations, message, confirmed: false };
    if (step === 'message') {
      message = await askMessage(prompt, message);
      suggested = false;
      continue;
    }
    if (step === 'add') {
      operations.push(await askOperation(prompt, project, generators, await chooseOperation(prompt, generators, 'Which operation?'), operations));
    } else if (step === 'remove') {
      operations.splice(await chooseWhich(prompt, generators, operations, 'Remove which operation?'), 1);
    } else if (step === 'change') {
      const index = await chooseWhich(prompt, generators, operations, 'Change which operation?');
      operations[index] = await askOperation(prompt, project, generators, operations[index]!.op, operations.slice(0, index), operations[index]);
    }
    if (suggested) message = suggestMessage(generators, operations);
  }
}
