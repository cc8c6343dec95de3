import { SpecError, type SpecProblem } from '../errors.js';
import { displayPath } from '../fs/display-path.js';
import { composeFromHistory, type WrittenMigration } from '../generate/write-migration.js';
import type { WizardProject } from './flow.js';
import type { Generators } from './generator.js';
import { describeOperation, specFromAnswers, type MigrationAnswers, type OperationAnswers } from './migration-answers.js';
import type { Choice, ListQuestion } from './questions.js';

// The file as it will be written, or why it cannot be; then what to do: write it, change,
// add or remove an operation, change the message, or write nothing.

/** The composed file, or the problems the spec reader found (each operation's answers can be changed). */
export type Preview = { readonly migration: WrittenMigration } | { readonly problems: readonly SpecProblem[] };

function formatWarnings(warnings: readonly SpecProblem[]): string {
  return warnings.map((warning) => `warning: ${warning.path}: ${warning.message}\n`).join('');
}

/** A problem's path names the operation by its place and in words: `2. add role to accounts: column.server_default`. */
function problemLine(problem: SpecProblem, generators: Generators, operations: readonly OperationAnswers[]): string {
  const match = /^operations\[(\d+)\]\.?(.*)$/.exec(problem.path);
  const operation = match ? operations[Number(match[1])] : undefined;
  if (!match || !operation) return `  ${problem.path || '(spec)'}: ${problem.message}`;
  return `  ${Number(match[1]) + 1}. ${describeOperation(generators, operation)}${match[2] ? `, ${match[2]}` : ''}: ${problem.message}`;
}

/**
 * Reads the answers as `generate` reads a spec, against the schema the history's specs build
 * when the wizard started, and prints the file it makes, or what stops it.
 */
export async function showPreview(project: WizardProject, generators: Generators, chosen: MigrationAnswers): Promise<Preview> {
  // The schema the prompts consulted, copied: reading the spec applies its operations to it.
  const knowledge = { model: structuredClone(await project.model), source: "the history's specs", strict: true };
  try {
    const migration = await composeFromHistory(specFromAnswers(generators, chosen), project.history, {
      settings: project.settings,
      date: project.date(),
      knowledge,
      onWarnings: (warnings) => project.print(formatWarnings(warnings)),
    });
    const path = displayPath(project.settings.cwd, migration.path);
    project.print(`\n----- ${path} -----\n${migration.content}----- end of ${path} -----\n\n`);
    return { migration };
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    const lines = error.problems.map((problem) => problemLine(problem, generators, chosen.operations));
    project.print(`\nThe migration cannot be written as it is:\n${lines.join('\n')}\n\n`);
    return { problems: error.problems };
  }
}

/** What the person can do after the preview. */
export type NextStep = 'write' | 'change' | 'add' | 'remove' | 'message' | 'quit';

/** "Write alembic/versions/NNN_....py?": yes (the default), or change what makes it first, or nothing. */
export function nextStepQuestion(project: WizardProject, preview: Preview, operations: number): ListQuestion {
  const choices: Choice[] = [
    ...('migration' in preview ? [{ name: 'Yes, write it', value: 'write', short: 'Yes' }] : []),
    { name: "Change an operation's answers...", value: 'change', short: 'change an operation' },
    { name: 'Add an operation...', value: 'add', short: 'add an operation' },
    ...(operations > 1 ? [{ name: 'Remove an operation...', value: 'remove', short: 'remove an operation' }] : []),
    { name: 'Change the message', value: 'message', short: 'change the message' },
    { name: 'No, write nothing', value: 'quit', short: 'No' },
  ];
  const message = 'migration' in preview ? `Write ${displayPath(project.settings.cwd, preview.migration.path)}?` : 'Change it, or write nothing?';
  return { type: 'list', name: 'next', message, choices, default: choices[0]!.value, pageSize: choices.length };
}

/** "Which one?": the operations in order, as words. */
export function whichOperationQuestion(generators: Generators, operations: readonly OperationAnswers[], message: string): ListQuestion {
  const choices = operations.map((operation, index) => ({ name: `${index + 1}. ${describeOperation(generators, operation)}`, value: String(index) }));
  return { type: 'list', name: 'which', message, choices, pageSize: Math.min(choices.length, 16) };
}
