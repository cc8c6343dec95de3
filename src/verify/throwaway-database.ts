/**
 * Throwaway databases on a server, for any command that needs one (verify; autogenerate may use
 * it too): createThrowawayDatabase(adminUrl, prefix) makes `PREFIX_` + 12 hex digits, recording
 * its owner (see postgres/run-owner.ts) in the database's comment; drop() removes it, also after
 * an interrupt; removeAbandonedDatabases(adminUrl, prefix) removes what killed runs of that prefix
 * left. Nothing is ever written to the database `adminUrl` names.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { CreateMigrationError } from '../errors.js';
import { currentOwner, ownerIsGone, parseOwner } from '../postgres/run-owner.js';
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
    await withClient(adminUrl, async (client) => {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      // Who made it: a later run removes it when this one was killed before it could (see removeAbandonedDatabases).
      await client.query(`COMMENT ON DATABASE ${client.escapeIdentifier(name)} IS ${client.escapeLiteral(JSON.stringify(currentOwner()))}`);
    });
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

/** A database nobody connects to is old enough to be abandoned after this long, whoever made it. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

/**
 * Drops the databases runs with this `prefix` made and could not drop (killed with SIGKILL, say):
 * a database of ours (named `PREFIX_` and 12 hex digits, with the owner comment it was made with)
 * whose run is certainly gone (this machine, its process ended; a statement it left running is
 * ended), or that no session is connected to and whose run began more than ten minutes ago (on
 * another machine: a run in progress always holds a connection to its databases, so it never
 * loses one). Returns the names dropped.
 */
export async function removeAbandonedDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  const pattern = `^${prefix}_[0-9a-f]{12}$`;
  const { rows } = await withClient(adminUrl, (client) =>
    client.query<{ datname: string; owner: string | null; sessions: string }>(
      `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS owner,
         (SELECT count(*) FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid) AS sessions
       FROM pg_catalog.pg_database d WHERE d.datname ~ $1`,
      [pattern],
    ),
  );
  const abandoned = rows.filter((row) => {
    const owner = parseOwner(row.owner);
    return owner !== undefined && (ownerIsGone(owner) || (Number(row.sessions) === 0 && Date.now() - owner.started > ABANDONED_AFTER_MS));
  });
  for (const { datname } of abandoned) await dropDatabase(adminUrl, datname);
  return abandoned.map((row) => row.datname);
}
