import { CreateMigrationError, UsageError } from '../errors.js';
import { chooseUrlScheme, type SchemeChoice } from './database-url.js';
import { DriverExited, DriverProcess } from './driver-process.js';
import type { HelloAnswer, HistoryAnswer } from './driver-protocol.js';
import { startEmbeddedPostgres, type PostgresServer } from './embedded-postgres.js';
import type { FoundPython } from './find-python.js';

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
  readonly projectDir: string;
  readonly python: FoundPython;
  readonly urlEnv: string;
  readonly urlScheme?: string;
  /** A server to create the throwaway databases on; without it an embedded server is started. */
  readonly databaseUrl?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  onPhase?(what: string): void;
}

export interface AlembicSession {
  readonly driver: DriverProcess;
  readonly found: HelloAnswer;
  /** The scheme of the URLs handed to env.py. */
  readonly scheme: SchemeChoice;
}

async function hello(driver: DriverProcess, python: FoundPython): Promise<HelloAnswer> {
  const answer = await driver.request({ hello: true });
  if (!answer.ok) {
    throw new UsageError(`${python.python} (found from ${python.source}) cannot run Alembic: ${answer.error!.message}; pass --alembic with the project's virtual environment`);
  }
  return answer as unknown as HelloAnswer;
}

export async function history(driver: DriverProcess, config: string): Promise<HistoryAnswer> {
  const answer = await driver.request({ history: true, config });
  if (!answer.ok) throw new CreateMigrationError(`Alembic cannot read the history of ${config}: ${answer.error!.message}`);
  return answer as unknown as HistoryAnswer;
}

/** The driver in the project's Python (killed on an interrupt, and by the teardown), its versions and the URL scheme. */
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
  const scheme = chooseUrlScheme(request.urlScheme, request.env[request.urlEnv], request.urlEnv, { defaultDriver: found.default_driver, drivers: found.drivers });
  return { driver, found, scheme };
}

/** --database-url's server, else an embedded one started for the run (stopped by the teardown). */
export async function throwawayServer(request: SessionRequest, teardown: Teardown): Promise<PostgresServer> {
  request.signal.throwIfAborted();
  request.onPhase?.(request.databaseUrl !== undefined ? 'creating a database' : 'starting an embedded PostgreSQL server');
  const server = request.databaseUrl !== undefined ? { adminUrl: request.databaseUrl, stop: async () => {} } : await startEmbeddedPostgres();
  teardown.add(() => server.stop());
  request.signal.throwIfAborted();
  return server;
}

/** An error from a session's run as the user should see it: the interrupt itself, or why the driver ended. */
export function sessionError(error: unknown, signal: AbortSignal): unknown {
  signal.throwIfAborted();
  return error instanceof DriverExited ? new CreateMigrationError(error.message) : error;
}
