import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { checkCommand, CHECK_HELP } from './commands/check.js';
import { generateCommand, GENERATE_HELP } from './commands/generate.js';
import { renumberCommand, RENUMBER_HELP } from './commands/renumber.js';
import { initCommand, INIT_HELP } from './commands/init.js';
import { verifyCommand, VERIFY_HELP } from './commands/verify.js';
import type { CliIo } from './io.js';
import { reportError } from './report.js';

interface Command {
  readonly summary: string;
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  generate: { summary: 'write the next migration from a spec file (YAML or JSON)', help: GENERATE_HELP, run: generateCommand },
  check: { summary: 'report history problems and non-idempotent code in every migration', help: CHECK_HELP, run: checkCommand },
  renumber: { summary: 'after a merge left two heads, move the later branch after the other', help: RENUMBER_HELP, run: renumberCommand },
  verify: { summary: "prove every migration's upgrade, downgrade and re-runs on a throwaway PostgreSQL", help: VERIFY_HELP, run: verifyCommand },
  init: { summary: 'set up alembic.ini, env.py, script.py.mako and a pytest check for these conventions', help: INIT_HELP, run: initCommand },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const commands = Object.entries(COMMANDS)
    .map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
    .join('\n');
  return `Usage: create-migration <command> [options]

Writes numbered, idempotent Alembic migrations for PostgreSQL.

Commands:
${commands}

Run create-migration <command> --help for a command's options.
Exit codes: 0 success, 1 refused (invalid spec, unsafe history, existing files; nothing written)
or a migration failed verify, 2 usage error.
`;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.stderr(mainHelp());
      return 2;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
      io.stdout(topic ? topic.help : mainHelp());
      return 0;
    }
    if (first === '--version' || first === '-V') {
      io.stdout(`${version()}\n`);
      return 0;
    }
    const command = COMMANDS[first];
    if (!command) {
      io.stderr(`error: unknown command "${first}"\n\n${mainHelp()}`);
      return 2;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(io, error);
  }
}
