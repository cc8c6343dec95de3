import { UsageError } from '../errors.js';
import type { ConfirmQuestion } from './questions.js';

// The opt-out of the safe forms (see README.md, "Safe by default"), as prompts and one-line
// commands offer it: a spec leaves the field out to get the safe form on a table that exists
// (and the plain one on a table created earlier in the same migration), or sets it to false.

/** `--blocking`: the one-line commands' opt-out. */
export const BLOCKING_OPTION = { blocking: { type: 'boolean' } } as const;

/** Its --help line, with the description starting at `column` like the command's other options. */
export function blockingHelp(column: number): string {
  return `${'      --blocking'.padEnd(column)}the plain form, which blocks the table while it scans or builds\n${' '.repeat(column)}(a small table, a maintenance window)`;
}

/** `--blocking` given with the option that asks for the safe form itself. */
export function bothGiven(options: Readonly<Record<string, unknown>>, safe: string, command: string): void {
  if (options.blocking === true && options[safe] === true) throw new UsageError(`give --blocking or --${safe}, not both\nsee: create-migration ${command} --help`);
}

/** A spec field of a safe form from a yes/no answer whose yes is the default: absent, or false (the opt-out). */
export function optOut(answer: unknown): false | undefined {
  return answer === false ? false : undefined;
}

/** The yes/no question for a safe form: yes (the default) keeps it. */
export function safeFormQuestion(name: 'concurrently' | 'not_valid', message: string): ConfirmQuestion {
  return { type: 'confirm', name, message, default: true };
}
