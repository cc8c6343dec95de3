import { UsageError } from '../errors.js';
import type { WrittenMigration } from '../generate/write-migration.js';
import { enumsCreatedBy } from '../operations/raw-scan.js';
import type { OperationName } from '../operations/registry.js';
import type { Answers } from './answers.js';
import type { Generators } from './generator.js';

/** The answers of one operation, tagged with the operation they answer. */
export type OperationAnswers = Answers & { readonly op: OperationName };

/** Everything asked for one migration: what the wizard's prompts return and plop's actions receive. */
export interface MigrationAnswers {
  readonly operations: readonly OperationAnswers[];
  readonly message: string;
  /** Set by `--schema`; otherwise the configured default applies. */
  readonly schema?: string;
  /** False when the person declined at the preview: nothing is written. */
  readonly confirmed?: boolean;
  /** The file as the preview showed it, which the action writes as it is (see writeComposed). */
  readonly preview?: WrittenMigration;
}

function operationGenerator(generators: Generators, answers: OperationAnswers) {
  const generator = Object.hasOwn(generators, answers.op) ? generators[answers.op] : undefined;
  if (!generator) throw new UsageError(`no generator for operation "${answers.op}"`);
  return generator;
}

/**
 * Answers → the raw spec that `generate --spec` would read from a file. Nothing is checked
 * here: readSpec checks it, with the same messages for every path.
 */
export function specFromAnswers(generators: Generators, answers: MigrationAnswers): Record<string, unknown> {
  // plop's runActions takes any object; say what it must hold rather than fail inside.
  if (!Array.isArray(answers.operations)) throw new UsageError('the answers need "operations": a list of each operation\'s answers with its "op"');
  return {
    message: answers.message,
    ...(answers.schema !== undefined && { schema: answers.schema }),
    operations: answers.operations.map((operation) => operationGenerator(generators, operation).toOperation(operation)),
  };
}

/** The operation as words: "add preferences to users". */
export function describeOperation(generators: Generators, answers: OperationAnswers): string {
  return operationGenerator(generators, answers).describe(answers);
}

/**
 * A message made from the operations: "add preferences to users", "create accounts and index
 * accounts name". Operations that only serve the others (the enum a new table uses) are left out.
 */
export function suggestMessage(generators: Generators, operations: readonly OperationAnswers[]): string {
  const main = operations.filter((operation) => operationGenerator(generators, operation).supporting !== true);
  const phrases = (main.length > 0 ? main : operations).map((operation) => describeOperation(generators, operation));
  if (phrases.length <= 2) return phrases.join(' and ');
  return `${phrases[0]} and ${phrases.length - 1} more changes`;
}

/** Enum types the operations create, for the type choices of the operations after them. */
export function enumsCreated(generators: Generators, operations: readonly OperationAnswers[]): Set<string> {
  return new Set(operations.flatMap((operation) => enumsCreatedBy(operationGenerator(generators, operation).toOperation(operation))));
}
