import { CreateMigrationError } from '../errors.js';
import { history, openAlembicSession, sessionError, Teardown, throwawayServer, type SessionRequest } from '../verify/alembic-session.js';
import { withScheme } from '../verify/database-url.js';
import type { DriverAnswer, DriverError } from '../verify/driver-protocol.js';
import { createThrowawayDatabase } from '../verify/throwaway-database.js';
import type { Comparison } from './comparison.js';

export interface AutogenerateRequest<T> extends SessionRequest {
  readonly message: string;
  /** The head of the versions directory the migration goes to: Alembic must upgrade to it. */
  readonly head: string | null;
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
  try {
    request.onPhase?.('reading the history with Alembic');
    // Alembic walks some comparisons through sets: a fixed hash seed gives the same order, so the
    // same models always give the same file.
    const { driver, urlEnv, scheme } = await openAlembicSession(request, teardown, { ...request.env, PYTHONHASHSEED: '0' });
    const { heads } = await history(driver, request);
    const expected = request.head === null ? [] : [request.head];
    if (heads.join() !== expected.join()) {
      throw new CreateMigrationError(`Alembic (${request.files.ini ?? request.files.toml ?? request.projectDir}) upgrades to ${headsText(heads)}, but the versions directory the migration goes to ends at ${headsText(expected)}; run autogenerate where alembic.ini is, with --dir its versions directory`);
    }
    const server = await throwawayServer(request, teardown, 'cm_autogen');
    const database = await createThrowawayDatabase(server.adminUrl, 'cm_autogen');
    teardown.add(() => database.drop());
    request.signal.throwIfAborted();
    const target = { ...request.files, url: withScheme(database.url, scheme.scheme), url_env: urlEnv.name };
    if (heads.length > 0) {
      request.onPhase?.('upgrading a database to the head of the history');
      expectOk(await driver.request({ alembic: ['upgrade', 'heads'], ...target }), "cannot upgrade a database to the history's head");
    }
    request.onPhase?.('comparing the models with it');
    const answer = expectOk(await driver.request({ autogenerate: true, ...target, message: request.message }), "Alembic's autogenerate failed");
    return await request.use(answer as unknown as Comparison, database.url);
  } catch (error) {
    throw sessionError(error, request.signal);
  } finally {
    await teardown.run();
  }
}
