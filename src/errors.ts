/** Exit codes: 1 for a refused request (bad spec, unsafe history), 2 for a usage mistake. */
export type ExitCode = 1 | 2;

/** Every error the tool reports to a user; anything else is a bug and shows its stack. */
export class CreateMigrationError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = 1) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

export class UsageError extends CreateMigrationError {
  constructor(message: string) {
    super(message, 2);
  }
}

export interface SpecProblem {
  /** Where in the spec, e.g. `operations[2].column.type`. */
  readonly path: string;
  readonly message: string;
}

export class SpecError extends CreateMigrationError {
  readonly problems: readonly SpecProblem[];

  constructor(problems: readonly SpecProblem[]) {
    super(problems.map((problem) => `${problem.path || 'spec'}: ${problem.message}`).join('\n'));
    this.problems = problems;
  }
}

/** The versions directory cannot take a new migration safely (several heads, broken links). */
export class HistoryError extends CreateMigrationError {}
