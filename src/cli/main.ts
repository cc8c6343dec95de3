import { UsageError } from '../errors.js';
import { nearest } from '../nearest.js';
import { toolVersion } from '../tool-version.js';
import type { Command } from './command.js';
import { INI_SECTION_OPTION, iniSection, NAME_OPTION } from './config-section.js';
import { isInteractive } from './interactive.js';
import type { CliIo } from './io.js';
import { helpLine, parseOptions } from './parse-options.js';
import { reportError } from './report.js';

/** A command whose module loads only when it runs: a run parses just the code it needs. */
interface LazyCommand {
  readonly summary: string;
  load(): Promise<Omit<Command, 'summary'>>;
}

const COMMANDS: Readonly<Record<string, LazyCommand>> = {
  generate: {
    summary: 'write the next migration from a spec file (YAML or JSON)',
    load: async () => {
      const { GENERATE_HELP, generateCommand } = await import('./commands/generate.js');
      return { help: GENERATE_HELP, run: generateCommand };
    },
  },
  autogenerate: {
    summary: "write the next migration from what Alembic's autogenerate finds between the models and the history",
    load: async () => {
      const { AUTOGENERATE_HELP, autogenerateCommand } = await import('./commands/autogenerate.js');
      return { help: AUTOGENERATE_HELP, run: autogenerateCommand };
    },
  },
  check: {
    summary: 'report history problems and non-idempotent code in every migration',
    load: async () => {
      const { CHECK_HELP, checkCommand } = await import('./commands/check.js');
      return { help: CHECK_HELP, run: checkCommand };
    },
  },
  renumber: {
    summary: 'after a merge left two heads, move the later branch after the other',
    load: async () => {
      const { RENUMBER_HELP, renumberCommand } = await import('./commands/renumber.js');
      return { help: RENUMBER_HELP, run: renumberCommand };
    },
  },
  verify: {
    summary: "prove every migration's upgrade, downgrade and re-runs on a throwaway PostgreSQL",
    load: async () => {
      const { VERIFY_HELP, verifyCommand } = await import('./commands/verify.js');
      return { help: VERIFY_HELP, run: verifyCommand };
    },
  },
  init: {
    summary: 'set up alembic.ini, env.py, script.py.mako and a pytest check for these conventions',
    load: async () => {
      const { INIT_HELP, initCommand } = await import('./commands/init.js');
      return { help: INIT_HELP, run: initCommand };
    },
  },
};

// The one-line commands (one per operation) load only when asked for: generate never reads them.
const operationCommands = () => import('./commands/operation-commands.js');

async function findCommand(name: string): Promise<Command | undefined> {
  if (Object.hasOwn(COMMANDS, name)) {
    const lazy = COMMANDS[name]!;
    return { ...(await lazy.load()), summary: lazy.summary };
  }
  return (await operationCommands()).findOperationCommand(name);
}

async function mainHelp(): Promise<string> {
  const all = { ...COMMANDS, ...(await operationCommands()).OPERATION_COMMANDS };
  const width = Math.max(...Object.keys(all).map((name) => name.length));
  const commands = Object.entries(all)
    .map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
    .join('\n');
  return `Usage: create-migration <command> [options]
       create-migration [--dir VERSIONS_DIR] [--name SECTION]
                                         in a terminal: asks what to do, step by step

Writes numbered, idempotent Alembic migrations for PostgreSQL.

Commands:
${commands}

Run create-migration <command> --help for a command's arguments and options;
create-migration --version (or -v) prints the version.
Settings: [tool.create-migration] in pyproject.toml, or create-migration.config.json (see README).
Alembic's own configuration is read from ./alembic.ini ($ALEMBIC_CONFIG) and pyproject.toml's
[tool.alembic]; -n/--name SECTION reads alembic.ini's [SECTION] instead of [alembic], as alembic -n.
Exit codes: 0 success, 1 refused (invalid spec, unsafe history, existing files; nothing written)
or a migration failed verify, 2 usage error, 130 cancelled at a prompt (nothing written).
`;
}

/** Without a terminal the bare command must not wait for answers nobody can give. */
async function noTerminal(): Promise<UsageError> {
  const examples = (await operationCommands()).operationExamples(5).map((example) => `  ${example}`).join('\n');
  return new UsageError(`create-migration asks its questions in a terminal, and there is none here (standard input or output is not a terminal, or CI is set); nothing was written.
Without prompts, write a migration from a spec file:
  create-migration generate --spec migration.yaml
or with one command per operation, for example:
${examples}

${await mainHelp()}`);
}

const HELP = new Set(['--help', '-h', 'help']);
const VERSION = new Set(['--version', '-v', '-V', 'version']);

/** An unknown command: the nearest name, and the names to choose from (not the whole help). */
async function unknownCommand(name: string): Promise<UsageError> {
  const { OPERATION_COMMANDS, operationCommandNames } = await operationCommands();
  const names = [...Object.keys(COMMANDS), ...operationCommandNames(), ...HELP, ...VERSION].filter((word) => !word.startsWith('-'));
  const guess = nearest(name, names);
  return new UsageError(
    `unknown command "${name}"${guess.length > 0 ? `; did you mean "${guess[0]}"?` : ''}\n` +
      `commands: ${Object.keys(COMMANDS).join(', ')}, and one per operation (${Object.keys(OPERATION_COMMANDS).slice(0, 3).join(', ')}, ...)\n${helpLine(undefined)}`,
  );
}

/** The bare command: the wizard, in the versions directory --dir names and the alembic.ini section --name names (as for every command). */
async function wizard(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(undefined, argv, { dir: { type: 'string', short: 'd' }, ...NAME_OPTION, ...INI_SECTION_OPTION, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(await mainHelp());
    return 0;
  }
  if (!isInteractive(io)) throw await noTerminal();
  // The wizard checks answers with PostgreSQL's parser: its WASM compiles while the prompts load.
  void import('../sql/sql-parser.js').then(({ loadSqlParser }) => loadSqlParser().catch(() => undefined));
  const { runWizard } = await import('./run-wizard.js');
  return runWizard(io, { dir: values.dir, name: iniSection(values) });
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first !== undefined && HELP.has(first)) {
      const topic = rest[0] !== undefined ? await findCommand(rest[0]) : undefined;
      if (rest[0] !== undefined && !topic) throw await unknownCommand(rest[0]);
      io.stdout(topic ? topic.help : await mainHelp());
      return 0;
    }
    if (first !== undefined && VERSION.has(first)) {
      io.stdout(`${toolVersion()}\n`);
      return 0;
    }
    if (first === undefined || first.startsWith('-')) return await wizard(argv, io);
    const command = await findCommand(first);
    if (!command) throw await unknownCommand(first);
    return await command.run(rest, io);
  } catch (error) {
    return reportError(io, error);
  }
}
