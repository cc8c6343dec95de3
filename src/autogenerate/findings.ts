import { CreateMigrationError, type SpecProblem } from '../errors.js';

/** One operation of the spec being built, as plain JSON in the documented spec format. */
export type SpecOperation = Record<string, unknown>;

/** What the translation found to refuse or to warn about, each naming the model object. */
export class Findings {
  readonly refusals: string[] = [];
  readonly warnings: SpecProblem[] = [];

  refuse(object: string, message: string): void {
    this.refusals.push(`${object}: ${message}`);
  }

  warn(object: string, message: string): void {
    this.warnings.push({ path: object, message });
  }
}

/** The models ask for something a spec cannot say: nothing is written (exit 1). */
export class AutogenerateRefused extends CreateMigrationError {
  constructor(readonly refusals: readonly string[]) {
    super(`the models need changes a create-migration spec cannot express; nothing was written:\n${refusals.map((refusal) => `  ${refusal}`).join('\n')}`);
  }
}
