import { CreateMigrationError } from '../errors.js';
import { chooseUrlScheme, withScheme } from '../verify/database-url.js';
import { DriverExited, DriverProcess } from '../verify/driver-process.js';
import type { DriverAnswer, DriverError } from '../verify/driver-protocol.js';
import { startEmbeddedPostgres } from '../verify/embedded-postgres.js';
import type { FoundPython } from '../verify/find-python.js';
import { hello, history, Teardown } from '../verify/run-verify.js';
import { createThrowawayDatabase } from '../verify/throwaway-database.js';
import type { Comparison } from './comparison.js';

export interface AutogenerateRequest<T> {
  /** alembic.ini, and the directory Alembic runs in. */
  readonly config: string;
  readonly projectDir: string;
  readonly python: FoundPython;
  readonly urlEnv: string;
  readonly urlScheme?: string;
  /** A server to create the throwaway database on; without it an embedded server is started. */
  readonly databaseUrl?: string;
  readonly message: string;
  /** The head of the versions directory the migration goes to: Alembic must upgrade to it. */
  readonly head: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  onPhase?(what: string): void;
  /** Runs while the database at head still exists (its URL given), so a spec can be read against it. */
  use(comparison: Comparison, databaseUrl: string): Promise<T>;
}

/** A failed answer in words: where env.py or a migration failed, and a hint for the usual cause. */
function describe(error: DriverError): string {
  const where = error.location ? ` (${error.location.file} line ${error.location.line})` : '';
  const hint = /does not provide a MetaData object/.test(error.message) ? '; set target_metadata in env.py to the models\' MetaData (e.g. target_metadata = Base.metadata)' : '';
  return `${error.message}${where}${hint}`;
}

function expectOk(answer: DriverAnswer, doing: string): DriverAnswer {
  if (!answer.ok) throw new CreateMigrationError(`${doing}: ${describe(answer.error!)}`);
  return answer;
}

function headsText(heads: readonly string[]): string {
  return heads.length === 0 ? 'an empty history' : heads.join(', ');
}

/**
 * Alembic's autogenerate comparison of the project's models with a database made for the run
 * and upgraded to the history's head by the project's own env.py; then `use` runs while that
 * database exists. Everything made for the run is removed afterwards, also on an interrupt.
 */
export async function runAutogenerate<T>(request: AutogenerateRequest<T>): Promise<T> {
  const teardown = new Teardown();
  const { signal } = request;
  // Alembic walks some comparisons through sets: a fixed hash seed gives the same order, so the
  // same models always give the same file.
  const driver = new DriverProcess(request.python.python, { cwd: request.projectDir, env: { ...request.env, PYTHONHASHSEED: '0' } });
  const kill = (): void => driver.kill();
  signal.addEventListener('abort', kill, { once: true });
  teardown.add(() => {
    signal.removeEventListener('abort', kill);
    driver.kill();
  });
  try {
    request.onPhase?.('reading the history with Alembic');
    const found = await hello(driver, request.python);
    const scheme = chooseUrlScheme(request.urlScheme, request.env[request.urlEnv], request.urlEnv, { defaultDriver: found.default_driver, drivers: found.drivers });
    const { heads } = await history(driver, request.config);
    const expected = request.head === null ? [] : [request.head];
    if (heads.join() !== expected.join()) {
      throw new CreateMigrationError(`Alembic (${request.config}) upgrades to ${headsText(heads)}, but the versions directory the migration goes to ends at ${headsText(expected)}; run autogenerate where alembic.ini is, with --dir its versions directory`);
    }
    signal.throwIfAborted();
    request.onPhase?.(request.databaseUrl !== undefined ? 'creating a database' : 'starting an embedded PostgreSQL server');
    const server = request.databaseUrl !== undefined ? { adminUrl: request.databaseUrl, stop: async () => {} } : await startEmbeddedPostgres();
    teardown.add(() => server.stop());
    signal.throwIfAborted();
    const database = await createThrowawayDatabase(server.adminUrl, 'cm_autogen');
    teardown.add(() => database.drop());
    signal.throwIfAborted();
    const url = withScheme(database.url, scheme.scheme);
    const target = { config: request.config, url, url_env: request.urlEnv };
    if (heads.length > 0) {
      request.onPhase?.('upgrading a database to the head of the history');
      expectOk(await driver.request({ alembic: ['upgrade', 'heads'], ...target }), "cannot upgrade a database to the history's head");
    }
    request.onPhase?.('comparing the models with it');
    const answer = expectOk(await driver.request({ autogenerate: true, ...target, message: request.message }), "Alembic's autogenerate failed");
    return await request.use(answer as unknown as Comparison, database.url);
  } catch (error) {
    signal.throwIfAborted();
    if (error instanceof DriverExited) throw new CreateMigrationError(error.message);
    throw error;
  } finally {
    await teardown.run();
  }
}
