import type { ParseArgsConfig } from 'node:util';
import type { DraftOperation } from '../operations/registry.js';
import type { OperationName } from '../operations/registry.js';
import type { Answers } from './answers.js';
import type { Step } from './questions.js';
import type { PromptContext } from './validate.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** The one-line form of an operation, e.g. `create-migration add-column users preferences:jsonb`. */
export interface OneLineCommand {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** The arguments after the command name, e.g. `TABLE NAME:TYPE[:FLAG...]`. */
  readonly usage: string;
  /** What the arguments and the command's own options mean, for --help. */
  readonly help: string;
  /** A complete example, shown in --help and when no terminal can be asked. */
  readonly example: string;
  readonly options: OptionSpec;
  /** What the README's table of commands says besides the arguments and options (--help says more). */
  readonly note?: string;
  /**
   * Arguments → answers (the same answers the prompts give). `missing` names the required
   * arguments that were not given, as `usage` spells them; a malformed one is a UsageError.
   */
  toAnswers(positionals: readonly string[], options: OptionValues): { answers: Answers; missing: string[] };
}

/**
 * Everything the wizard, plop and the one-line command know about one operation. Adding an
 * operation to them is adding one module like this and naming it in generators/index.ts.
 */
export interface OperationGenerator<N extends OperationName = OperationName> {
  readonly op: N;
  /** The menu entry, e.g. "Create a table". */
  readonly title: string;
  /** One line under the title: what the migration will do. */
  readonly explanation: string;
  /** Its prompts, in order, declared as data. */
  questions(context: PromptContext): readonly Step[];
  /** Answers → the spec's operation (see draft); pure, and the only way answers reach the spec. */
  toOperation(answers: Answers): DraftOperation<N>;
  /** The operation as words of a migration message, e.g. "add preferences to users". */
  describe(answers: Answers): string;
  /** True for an operation that serves the others (an enum for their columns): a suggested message names the others. */
  readonly supporting?: boolean;
  readonly command: OneLineCommand;
}

/**
 * One generator per operation: an operation without one fails the build, so the wizard, plop and
 * the one-line commands always offer every operation. The registry (generators/index.ts) is
 * handed to the wizard by the command line and the plopfile, which sit above both.
 */
export type Generators = { readonly [N in OperationName]: OperationGenerator<N> };

/** The generators in menu order. */
export function generatorList(generators: Generators): readonly OperationGenerator[] {
  return Object.values(generators);
}
