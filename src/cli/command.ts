import type { CliIo } from './io.js';

/** A subcommand: its line in the main help, its --help, and what it does. */
export interface Command {
  readonly summary: string;
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}
