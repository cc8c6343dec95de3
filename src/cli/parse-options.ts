import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { nearest } from '../nearest.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** How a command is named in "see: create-migration COMMAND --help"; undefined for the bare command. */
export function helpLine(command: string | undefined): string {
  return `see: create-migration ${command === undefined ? '' : `${command} `}--help`;
}

/** The spellings of `options`: --name, and -x for those with a short form. */
function spellings(options: Options): string[] {
  return Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
}

/** "; did you mean '--dir'?" for an unknown option close to a known one. */
function suggestion(error: Error & { code?: string }, options: Options): string {
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return '';
  const typed = /^Unknown option '(-[^'=]*)/.exec(error.message)?.[1];
  const guess = typed === undefined ? [] : nearest(typed, spellings(options).filter((spelling) => spelling.startsWith('--') === typed.startsWith('--')));
  return guess.length > 0 ? `; did you mean '${guess[0]}'?` : '';
}

/** node:util parseArgs, with its errors turned into usage errors that point at --help. */
export function parseOptions<O extends Options>(command: string | undefined, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${message}${suggestion(error as Error, options)}\n${helpLine(command)}`);
  }
}
