import { GENERATOR_LIST } from '../../../generators/index.js';
import type { Command } from '../command.js';
import type { CliIo } from '../io.js';
import { operationCommandHelp, runOperationCommand } from './operation-command.js';

// The one-line commands, one per generator. main imports this module only when a command is not
// one of its own, so `generate` never loads the generators.

/** A usage line without its option groups: `TABLE COLUMN [--not-null] ...` → `TABLE COLUMN`; optional arguments stay. */
function argumentsOf(usage: string): string {
  const kept: string[] = [];
  let depth = 0;
  let group = '';
  for (const char of usage) {
    if (depth === 0 && char !== '[') {
      kept.push(char);
      continue;
    }
    group += char;
    depth += char === '[' ? 1 : char === ']' ? -1 : 0;
    if (depth === 0) {
      // [--name NAME] and [--type TYPE [--using EXPR] ...] are options; [DEFINITION] and [,COLUMN...] are arguments.
      if (!group.startsWith('[-')) kept.push(group);
      group = '';
    }
  }
  return kept.join('').replace(/\s+/g, ' ').trim();
}

export const OPERATION_COMMANDS: Readonly<Record<string, Command>> = Object.fromEntries(
  GENERATOR_LIST.map((generator) => [
    generator.command.name,
    {
      summary: `${generator.title.toLowerCase()}: ${argumentsOf(generator.command.usage)}`,
      help: operationCommandHelp(generator),
      run: (args: string[], io: CliIo) => runOperationCommand(generator, args, io),
    },
  ]),
);

/** Other names of commands (add-index for create-index); not listed, but accepted. */
const ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  GENERATOR_LIST.flatMap((generator) => (generator.command.aliases ?? []).map((alias) => [alias, generator.command.name])),
);

/** Every name a one-line command answers to, aliases included. */
export function operationCommandNames(): string[] {
  return [...Object.keys(OPERATION_COMMANDS), ...Object.keys(ALIASES)];
}

export function findOperationCommand(name: string): Command | undefined {
  const canonical = Object.hasOwn(ALIASES, name) ? ALIASES[name]! : name;
  return Object.hasOwn(OPERATION_COMMANDS, canonical) ? OPERATION_COMMANDS[canonical] : undefined;
}

/** Examples of the first few commands, for when no terminal can be asked. */
export function operationExamples(count: number): string[] {
  return GENERATOR_LIST.slice(0, count).map((generator) => generator.command.example);
}
