import { CreateMigrationError, SpecError, type SpecProblem } from '../errors.js';
import { describeFsError, FileProblem, isFsError } from '../fs/file-problem.js';
import { UNSAFE_CHARACTERS } from '../text/unsafe-characters.js';
import type { CliIo } from './io.js';

/**
 * A message quotes what it refuses, and that may be hostile: an ESC sequence would drive the
 * terminal, a bidirectional control would reorder what the user reads. Every such character
 * (but the message's own line breaks and tabs) is shown as its code instead.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, (character) => (character === '\n' || character === '\t' ? character : `<U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`));
}

export function printWarnings(io: CliIo, warnings: readonly SpecProblem[]): void {
  for (const warning of warnings) io.stderr(terminalSafe(`warning: ${warning.path}: ${warning.message}\n`));
}

/** The one place errors become text: a user's mistake gets a message, never a stack trace. */
export function reportError(io: CliIo, error: unknown): number {
  if (error instanceof SpecError) {
    const lines = error.problems.map((problem) => `  ${problem.path || '(spec)'}: ${problem.message}`);
    io.stderr(terminalSafe(`error: the spec is not valid; nothing was written:\n${lines.join('\n')}\n`));
    return error.exitCode;
  }
  if (error instanceof CreateMigrationError) {
    io.stderr(terminalSafe(`error: ${error.message}\n`));
    return error.exitCode;
  }
  // A file or directory the command could not use (a full disk, a read-only or unreadable
  // directory) is the machine's state, not a bug: said in one line, exit 1.
  if (error instanceof FileProblem) {
    io.stderr(terminalSafe(`error: ${error.message}; nothing was written\n`));
    return 1;
  }
  if (isFsError(error)) {
    const where = error.path !== undefined ? ` ${error.path}` : '';
    io.stderr(terminalSafe(`error: cannot ${error.syscall}${where}: ${describeFsError(error)}\n`));
    return 1;
  }
  io.stderr(`create-migration: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}
