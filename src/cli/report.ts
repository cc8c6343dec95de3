import { CreateMigrationError, SpecError, type SpecProblem } from '../errors.js';
import type { CliIo } from './io.js';

export function printWarnings(io: CliIo, warnings: readonly SpecProblem[]): void {
  for (const warning of warnings) io.stderr(`warning: ${warning.path}: ${warning.message}\n`);
}

/** The one place errors become text: a user's mistake gets a message, never a stack trace. */
export function reportError(io: CliIo, error: unknown): number {
  if (error instanceof SpecError) {
    const lines = error.problems.map((problem) => `  ${problem.path || '(spec)'}: ${problem.message}`);
    io.stderr(`error: the spec is not valid; nothing was written:\n${lines.join('\n')}\n`);
    return error.exitCode;
  }
  if (error instanceof CreateMigrationError) {
    io.stderr(`error: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr(`create-migration: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}
