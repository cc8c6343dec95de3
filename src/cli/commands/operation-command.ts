import { GENERATORS } from '../../../generators/index.js';
import { UsageError } from '../../errors.js';
import { loadProjectSettings } from '../../project/settings.js';
import type { OperationGenerator } from '../../wizard/generator.js';
import { specFromAnswers, suggestMessage } from '../../wizard/migration-answers.js';
import { isInteractive } from '../interactive.js';
import { iniSection, NAME_OPTION } from '../config-section.js';
import type { CliIo } from '../io.js';
import { helpLine, parseOptions } from '../parse-options.js';
import { WRITE_OPTIONS, writeAndPrint } from '../write-and-print.js';

const COMMON_OPTIONS = {
  message: { type: 'string', short: 'm' },
  schema: { type: 'string' },
  ...WRITE_OPTIONS,
} as const;

/** Whether -n/--name is the ini section: not where the command's own --name names what it adds. */
function nameIsSection(generator: OperationGenerator): boolean {
  return !Object.hasOwn(generator.command.options, 'name');
}

function commonHelp(sectionByName: boolean): string {
  const section = sectionByName
    ? `  -n, --name SECTION  read alembic.ini's [SECTION] instead of [alembic], as alembic -n SECTION;
                      also --ini-section SECTION`
    : `      --ini-section SECTION
                      read alembic.ini's [SECTION] instead of [alembic], as alembic -n SECTION
                      (here --name names what the command adds)`;
  return `Common options:
  -m, --message TEXT  the docstring and file name; default: made from the arguments
      --schema NAME   the schema; default: schema from the configuration, else public
  -d, --dir DIR       the versions directory; default: versions_dir from the configuration,
                      else Alembic's (./alembic.ini, pyproject.toml [tool.alembic])
${section}
      --head HEAD     the head to add to: LABEL@head for a labelled branch, as generate
      --dry-run       print the file instead of writing it; nothing is written
      --json          print {"path", "revision", "down_revision", "number"} as one JSON object
      --database-url URL
                      check against this database's schema (read only), as generate does
      --no-schema-checks
                      do not refuse what the known schema contradicts, as for generate
  -h, --help          show this help`;
}

/** Alembic's -n where --name names what the command adds: not a typo of -d, but the section asked for the wrong way. */
function refuseSectionShortcut(commandName: string, args: readonly string[]): void {
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.some((arg) => arg === '-n' || /^-n[\w=]/.test(arg))) {
    throw new UsageError(`-n: in ${commandName}, --name names what it adds, so the section of alembic.ini is given as --ini-section SECTION\n${helpLine(commandName)}`);
  }
}

export function operationCommandHelp(generator: OperationGenerator): string {
  const { command } = generator;
  const aliases = command.aliases?.length ? ` (also: ${command.aliases.join(', ')})` : '';
  return `Usage: create-migration ${command.name} ${command.usage}${aliases}

${generator.title}: ${generator.explanation}. Writes the next numbered migration with this one
operation, exactly as \`generate --spec\` would write it from the same spec.

${command.help}

${commonHelp(nameIsSection(generator))}

Arguments left out are asked for in a terminal; elsewhere they are a usage error (exit 2).
Exit codes: 0 written, 1 refused (nothing written), 2 usage error, 130 cancelled.

Example:
  ${command.example}
`;
}

/** A one-line command: arguments → answers (asking for any left out) → spec → the shared writer. */
export async function runOperationCommand(generator: OperationGenerator, args: string[], io: CliIo): Promise<number> {
  const { command } = generator;
  const sectionByName = nameIsSection(generator);
  if (!sectionByName) refuseSectionShortcut(command.name, args);
  const { values, positionals } = parseOptions(command.name, args, { ...command.options, ...COMMON_OPTIONS, ...(sectionByName && NAME_OPTION) }, true);
  if (values.help) {
    io.stdout(operationCommandHelp(generator));
    return 0;
  }
  const { answers: given, missing } = command.toAnswers(positionals, values);
  // What the user typed is reported before what the directory lacks (alembic.ini).
  if (missing.length > 0 && !isInteractive(io)) {
    throw new UsageError(
      `missing ${missing.join(' and ')} (no terminal to ask for ${missing.length > 1 ? 'them' : 'it'})\n` +
        `usage: create-migration ${command.name} ${command.usage}\n${helpLine(command.name)}`,
    );
  }
  const settings = loadProjectSettings(io.cwd, { dir: values.dir, name: iniSection(values, sectionByName) }, io.env);
  let answers = given;
  if (missing.length > 0) {
    const { askMissing } = await import('../ask-missing.js');
    answers = await askMissing(io, settings, generator, given, values.schema);
  }
  const operation = { ...answers, op: generator.op };
  const spec = specFromAnswers(GENERATORS, { operations: [operation], message: values.message ?? suggestMessage(GENERATORS, [operation]), schema: values.schema });
  return writeAndPrint(io, spec, settings, values);
}
