import { GENERATOR_LIST } from '../../../generators/index.js';
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { operationCommandHelp, runOperationCommand } from './operation-command.js';

// The one-line commands, one per generator. main imports this module only when a command is not
// one of its own, so `generate` never loads the generators.

export const OPERATION_COMMANDS: Readonly<Record<string, Command>> = Object.fromEntries(
  GENERATOR_LIST.map((generator) => [
    generator.command.name,
    {
      summary: `${generator.title.toLowerCase()}: ${generator.command.usage.replace(/ \[.*$/, '')}`,
      help: operationCommandHelp(generator),
      run: (args: string[], io: CliIo) => runOperationCommand(generator, args, io),
    },
  ]),
);

/** Other names of commands (add-index for create-index); not listed, but accepted. */
const ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  GENERATOR_LIST.flatMap((generator) => (generator.command.aliases ?? []).map((alias) => [alias, generator.command.name])),
);

export function findOperationCommand(name: string): Command | undefined {
  const canonical = Object.hasOwn(ALIASES, name) ? ALIASES[name]! : name;
  return Object.hasOwn(OPERATION_COMMANDS, canonical) ? OPERATION_COMMANDS[canonical] : undefined;
}

/** Examples of the first few commands, for when no terminal can be asked. */
export function operationExamples(count: number): string[] {
  return GENERATOR_LIST.slice(0, count).map((generator) => generator.command.example);
}
