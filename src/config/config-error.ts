import { CreateMigrationError, type SpecProblem } from '../errors.js';

/**
 * A configuration file is unreadable or holds a wrong value. A usage error (exit 2): the
 * request never got as far as a spec, and the fix is in the project's settings.
 */
export class ConfigError extends CreateMigrationError {
  readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[]) {
    const lines = problems.map((problem) => `  ${problem.path}: ${problem.message}`);
    super(`the configuration is not valid; nothing was written:\n${lines.join('\n')}`, 2);
    this.problems = problems;
  }
}
