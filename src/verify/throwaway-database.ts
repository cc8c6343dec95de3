import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { CreateMigrationError } from '../errors.js';
import { redactUrl, withDatabase } from './database-url.js';

async function loadPg(): Promise<typeof pg> {
  // Loaded on demand: only commands that talk to a server pay for it.
  return (await import('pg')).default;
}

/** Runs `work` on one connection to `url`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { Client } = await loadPg();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  // An error on an idle client (the server went away) must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ThrowawayDatabase {
  readonly name: string;
  /** A libpq URL (postgresql://...) of the new database. */
  readonly url: string;
  /** Drops the database, ending any session still connected to it; safe to call twice. */
  drop(): Promise<void>;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    // Sessions left by a killed driver would block DROP DATABASE (WITH (FORCE) needs PostgreSQL 13).
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}`);
  });
}

/**
 * A new, empty database with a unique name on the server of `adminUrl`. Nothing is written to
 * the database `adminUrl` names: CREATE and DROP DATABASE only change the server's catalog.
 */
export async function createThrowawayDatabase(adminUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  } catch (error) {
    throw new CreateMigrationError(`cannot create a database on ${redactUrl(adminUrl)}: ${(error as Error).message}`);
  }
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => (dropped ??= dropDatabase(adminUrl, name)),
  };
}

/** The server's version for the report: "18.4" (a packager's suffix such as "(Debian ...)" left out). */
export async function serverVersion(adminUrl: string): Promise<string> {
  const { rows } = await withClient(adminUrl, (client) => client.query<{ server_version: string }>('SHOW server_version'));
  return String(rows[0]!.server_version).split(' ')[0]!;
}
