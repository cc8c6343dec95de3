import { UsageError } from '../errors.js';

/** Refuses arguments beyond the ones a command takes, naming the first of them. */
export function noMoreThan(positionals: readonly string[], count: number, command: string): void {
  if (positionals.length > count) {
    throw new UsageError(`unexpected argument "${positionals[count]}"\nsee: create-migration ${command} --help`);
  }
}

/** The names (as the usage line spells them) of the required arguments left out. */
export function missingOf(required: Readonly<Record<string, boolean>>): string[] {
  return Object.entries(required)
    .filter(([, given]) => !given)
    .map(([name]) => name);
}
