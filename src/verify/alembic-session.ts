import { CreateMigrationError, UsageError } from '../errors.js';
import { chooseUrlScheme, missingDriver, type SchemeChoice } from './database-url.js';
import { DriverExited, DriverProcess } from './driver-process.js';
import type { AlembicFiles, DriverAnswer, HelloAnswer, HistoryAnswer } from './driver-protocol.js';
import { startEmbeddedPostgres, type PostgresServer } from './embedded-postgres.js';
import { chooseUrlEnv, type EnvPyHints, type UrlEnvChoice } from './env-py.js';
import type { FoundPython } from './find-python.js';
import { removeAbandonedDatabases } from './throwaway-database.js';

// What verify and autogenerate both set up: the project's Alembic in one driver process, the
// server the throwaway databases go on, and the teardown that removes all of it.

/** Whatever was set up is torn down in reverse order, each step on its own, even after an error. */
export class Teardown {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await Promise.resolve().then(step).catch(() => undefined);
  }
}

export interface SessionRequest {
  /** The directory Alembic runs in (relative paths of its configuration start there), and its configuration files. */
  readonly projectDir: string;
  readonly files: AlembicFiles;
  readonly python: FoundPython;
  /** --url-env and --url-scheme, when given. */
  readonly urlEnv?: string;
  readonly urlScheme?: string;
  /** alembic.ini's sqlalchemy.url, and what env.py's text says (undefined when it cannot be read). */
  readonly configUrl?: string;
  readonly envPy?: EnvPyHints;
  /** A server to create the throwaway databases on; without it an embedded server is started. */
  readonly databaseUrl?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  onPhase?(what: string): void;
  /** Something the user should know that is no problem of the history: what earlier killed runs left, removed. */
  onNote?(line: string): void;
}

export interface AlembicSession {
  readonly driver: DriverProcess;
  readonly found: HelloAnswer;
  /** The variable env.py is handed the URL in, and the scheme of that URL, each with why. */
  readonly urlEnv: UrlEnvChoice;
  readonly scheme: SchemeChoice;
}

async function hello(driver: DriverProcess, python: FoundPython): Promise<HelloAnswer> {
  const answer = await driver.request({ hello: true });
  if (!answer.ok) {
    throw new UsageError(`${python.python} (found from ${python.source}) cannot run Alembic: ${answer.error!.message}; pass --alembic with the project's virtual environment`);
  }
  return answer as unknown as HelloAnswer;
}

/** Every revision, in the order `alembic upgrade heads` applies them, and the heads. */
export async function history(driver: DriverProcess, request: Pick<SessionRequest, 'files' | 'projectDir'>): Promise<HistoryAnswer> {
  const answer = await driver.request({ history: true, ...request.files });
  if (!answer.ok) throw new CreateMigrationError(`Alembic cannot read the history of ${request.projectDir}: ${answer.error!.message}`);
  return answer as unknown as HistoryAnswer;
}

/** How env.py is handed the URL: the variable and the scheme, refused when the project's Python lacks the driver. */
function urlChoice(request: SessionRequest, found: HelloAnswer): { urlEnv: UrlEnvChoice; scheme: SchemeChoice } {
  const urlEnv = chooseUrlEnv(request.urlEnv, request.envPy);
  const python = { defaultDriver: found.default_driver, drivers: found.drivers, greenlet: found.greenlet, executable: found.executable };
  const asyncEnv = request.envPy?.async ?? false;
  const scheme = chooseUrlScheme(request.urlScheme, request.env[urlEnv.name], urlEnv.name, python, { asyncEnv, ...(request.configUrl !== undefined && { configUrl: request.configUrl }) });
  const missing = missingDriver(scheme, python);
  if (missing !== undefined) throw new UsageError(missing);
  return { urlEnv, scheme };
}

/** One env.py run on `url` upgrading through `revisions` in order, unchecked (--from's earlier revisions, a segment's start). */
export function upgradeThrough(driver: DriverProcess, files: AlembicFiles, urlEnv: string, revisions: readonly { readonly revision: string }[], url: string): Promise<DriverAnswer> {
  const steps = revisions.map((step) => [step.revision, 'up'] as const);
  return driver.request({ steps, ...files, url, url_env: urlEnv });
}

/** The driver in the project's Python (killed on an interrupt, and by the teardown), its versions, and how env.py gets the URL. */
export async function openAlembicSession(request: SessionRequest, teardown: Teardown, env: NodeJS.ProcessEnv = request.env): Promise<AlembicSession> {
  const { signal } = request;
  const driver = new DriverProcess(request.python.python, { cwd: request.projectDir, env });
  const kill = (): void => driver.kill();
  signal.addEventListener('abort', kill, { once: true });
  teardown.add(() => {
    signal.removeEventListener('abort', kill);
    driver.kill();
  });
  const found = await hello(driver, request.python);
  return { driver, found, ...urlChoice(request, found) };
}

/**
 * --database-url's server, else an embedded one started for the run (stopped by the teardown).
 * What killed runs left first goes: the embedded servers, or the databases named `PREFIX_...`.
 */
export async function throwawayServer(request: SessionRequest, teardown: Teardown, prefix: string): Promise<PostgresServer> {
  request.signal.throwIfAborted();
  request.onPhase?.(request.databaseUrl !== undefined ? 'creating a database' : 'starting an embedded PostgreSQL server');
  const server = request.databaseUrl !== undefined ? { adminUrl: request.databaseUrl, stop: async () => {} } : await startEmbeddedPostgres(request.onNote);
  teardown.add(() => server.stop());
  request.signal.throwIfAborted();
  if (request.databaseUrl !== undefined) {
    const removed = await removeAbandonedDatabases(server.adminUrl, prefix);
    if (removed.length > 0) request.onNote?.(`dropped ${removed.length === 1 ? 'a database' : `${removed.length} databases`} that runs killed before they could drop ${removed.length === 1 ? 'it' : 'them'} left: ${removed.join(', ')}`);
  }
  return server;
}

/** An error from a session's run as the user should see it: the interrupt itself, or why the driver ended. */
export function sessionError(error: unknown, signal: AbortSignal): unknown {
  signal.throwIfAborted();
  return error instanceof DriverExited ? new CreateMigrationError(error.message) : error;
}
